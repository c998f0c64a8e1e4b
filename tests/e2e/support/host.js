// A host page on a second origin (http://localhost:PORT, the app being on http://127.0.0.1:PORT),
// as a partner's site would be: the example host pages of `examples/host/`, served by the test
// itself with the minimal Content-Security-Policy that README's "Embedding" section documents.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples/host');

/** The host's origin for the app at `baseURL`. */
export function hostOrigin(baseURL) {
  return baseURL.replace('127.0.0.1', 'localhost');
}

// The host pages' Content-Security-Policies (README, "Embedding"), one per page, as
// `cargo xtask run` serves them too.
const policies = JSON.parse(fs.readFileSync(path.join(examples, 'csp.json'), 'utf8'));

/** The CSP of inline mode: the host runs `embed.js` and the app's wasm, and fetches from the app. */
export function minimalCsp(origin) {
  return policies['inline.html'].replaceAll('{{ORIGIN}}', origin);
}

/** The CSP of frame mode: the host runs `embed.js` and frames the app, and allows nothing else
 * of the app's (no 'wasm-unsafe-eval'). */
export function frameCsp(origin) {
  return policies['frame.html'].replaceAll('{{ORIGIN}}', origin);
}

/**
 * Serves the host's files at `${host}/kit/…`: the example pages and their script and styles,
 * with `{{ORIGIN}}` the app's origin, and any `extra` files given as text. Returns the URL of
 * `page`.
 */
export async function serveHost(page, baseURL, { file = 'inline.html', html, extra = {}, csp = minimalCsp(baseURL) } = {}) {
  const host = hostOrigin(baseURL);
  const files = {
    'host.js': ['text/javascript', fs.readFileSync(path.join(examples, 'host.js'), 'utf8')],
    'host.css': ['text/css', fs.readFileSync(path.join(examples, 'host.css'), 'utf8')],
    'page.html': ['text/html', (html ?? fs.readFileSync(path.join(examples, file), 'utf8')).replaceAll('{{ORIGIN}}', baseURL)],
    ...extra,
  };
  await page.route(`${host}/kit/**`, (route) => {
    const name = new URL(route.request().url()).pathname.slice('/kit/'.length);
    const found = files[name];
    if (!found) return route.fulfill({ status: 404, body: '' });
    const [contentType, body] = found;
    const headers = contentType === 'text/html' ? { 'content-security-policy': csp } : {};
    return route.fulfill({ contentType, body, headers });
  });
  return `${host}/kit/page.html`;
}

/** The events the host page received, and the CSP violations it saw. */
export async function received(page) {
  return page.evaluate(() => ({ events: window.onboardingEvents, violations: window.cspViolations }));
}
