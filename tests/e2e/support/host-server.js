// The example host pages of `examples/host/` on a real second origin (http://localhost:HOST_PORT,
// a port of its own), served as `cargo xtask run` serves them (xtask/src/host.rs): each page
// under its Content-Security-Policy from csp.json, `{{ORIGIN}}` the app's origin. Where a test
// needs the browser to come back to the host page by a redirect (signing in with WeChat), which
// `page.route` does not intercept.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples/host');
const TYPES = { html: 'text/html; charset=utf-8', js: 'text/javascript', css: 'text/css' };

/** Serves the examples for the app at `appOrigin` on `port` of the loopback interface. */
export function startHostServer(appOrigin, port) {
  const policies = JSON.parse(fs.readFileSync(path.join(examples, 'csp.json'), 'utf8'));
  const server = http.createServer((req, res) => {
    const name = new URL(req.url, 'http://host').pathname.slice(1) || 'inline.html';
    const file = path.join(examples, name);
    if (name.includes('/') || name === 'csp.json' || !fs.existsSync(file)) {
      res.writeHead(404);
      return res.end();
    }
    const headers = { 'content-type': TYPES[name.split('.').pop()] ?? 'application/octet-stream' };
    if (policies[name]) headers['content-security-policy'] = policies[name].replaceAll('{{ORIGIN}}', appOrigin);
    res.writeHead(200, headers);
    res.end(fs.readFileSync(file, 'utf8').replaceAll('{{ORIGIN}}', appOrigin));
  });
  server.unref();
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(Number(port), '127.0.0.1', () => resolve(`http://localhost:${port}`));
  });
}
