// End-to-end tests against the release server and the release app, in Debian's Chromium.
// `cargo xtask test` builds both first; to run these alone, build them the same way and run
// `npx playwright test` here.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { startHostServer } from './support/host-server.js';
import { startReceiver } from './support/webhooks.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const server = path.resolve(here, process.env.ONBOARDING_SERVER ?? '../../target/server/onboarding-server');
const staticDir = path.resolve(here, process.env.ONBOARDING_STATIC ?? '../../dist');
const jsonReport = path.resolve(here, process.env.E2E_JSON_REPORT ?? 'playwright-report/results.json');

// Playwright evaluates this file in the runner and again in every worker. The runner picks the
// port and the data directory and leaves them in the environment, which the workers inherit, so
// that all of them talk to the one server the runner starts.
if (!process.env.E2E_PORT) {
  process.env.E2E_PORT = String(await freePort());
}
if (!process.env.E2E_DATA_DIR) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onboarding-e2e-'));
  process.env.E2E_DATA_DIR = dataDir;
  // Only the process that made it removes it, after the server has been stopped.
  process.on('exit', () => fs.rmSync(dataDir, { recursive: true, force: true }));
}
// The sandbox operator's token, so that tests can approve, reject and let deadlines pass.
if (!process.env.E2E_OPERATOR_TOKEN) {
  process.env.E2E_OPERATOR_TOKEN = `e2e-operator-${Math.random().toString(16).slice(2)}`;
}
// The platform's key, with which tests start sessions as a platform's backend would
// (embed.spec.js); the server reads it from a file in the data directory.
if (!process.env.E2E_PLATFORM_KEY) {
  process.env.E2E_PLATFORM_KEY = `e2e-platform-${Math.random().toString(16).slice(2)}-0123456789abcdef`;
}
const platformKeyFile = path.join(process.env.E2E_DATA_DIR, 'platform-key');
fs.writeFileSync(platformKeyFile, process.env.E2E_PLATFORM_KEY);
// The platform's backend receiving webhooks (support/webhooks.js), in the runner, which lives as
// long as the server; the workers read what it received over HTTP.
if (!process.env.E2E_WEBHOOK_URL) {
  process.env.E2E_WEBHOOK_SECRET = `e2e-webhook-${Math.random().toString(16).slice(2)}-0123456789abcdef`;
  process.env.E2E_WEBHOOK_URL = await startReceiver(process.env.E2E_WEBHOOK_SECRET);
}
const webhookSecretFile = path.join(process.env.E2E_DATA_DIR, 'webhook-secret');
fs.writeFileSync(webhookSecretFile, process.env.E2E_WEBHOOK_SECRET);
const port = process.env.E2E_PORT;
const baseURL = `http://127.0.0.1:${port}`;
// The example host pages on a real second origin of their own (support/host-server.js).
if (!process.env.E2E_HOST_URL) {
  process.env.E2E_HOST_URL = await startHostServer(baseURL, await freePort());
}

// Debian's Chromium (Playwright's own download cannot be fetched here). Background services are
// off so that the browser makes no request that the tests did not ask for.
const chromium = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    // embed.spec.js fulfils a host page on http://localhost itself, so Chromium cannot tell that
    // it is as local as the app's server, and its local-network checks would refuse every
    // request from it to 127.0.0.1.
    '--disable-features=LocalNetworkAccessChecks',
  ],
};

export default defineConfig({
  testDir: './tests',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Two cores: the server, the browser and the test runner share them.
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: jsonReport }]],
  use: {
    baseURL,
    locale: 'en-US',
    browserName: 'chromium',
    launchOptions: chromium,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'desktop',
      use: { viewport: { width: 1280, height: 800 } },
    },
    {
      name: 'phone',
      use: {
        viewport: { width: 375, height: 667 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      },
    },
  ],
  webServer: {
    command: [
      quote(server),
      '--listen', `127.0.0.1:${port}`,
      '--data-dir', quote(process.env.E2E_DATA_DIR),
      '--static-dir', quote(staticDir),
      '--sandbox',
      // A host page on another origin embeds the app (embed.spec.js): localhost is not 127.0.0.1.
      '--allow-origin', `http://localhost:${port},${process.env.E2E_HOST_URL}`,
      // Every test signs people in from 127.0.0.1; production limits would stop the suite.
      '--rate-limit-scale', '100',
      // The sandbox's timed steps happen at once, so flows need no waiting.
      '--check-delay', '0s',
      '--review-delay', '0s',
      // Where a personal promoter's "account ready" page sends them on (registration.spec.js).
      '--promoter-console-url', 'https://promoters.example.com/console',
      '--platform-key-file', quote(platformKeyFile),
      // Refused webhooks come again after 100 ms, 200 ms… rather than 10 s, 20 s…
      '--webhook-url', process.env.E2E_WEBHOOK_URL,
      '--webhook-secret-file', quote(webhookSecretFile),
      '--webhook-first-retry', '100ms',
    ].join(' '),
    // Ready once health answers; the server also prints `listening on http://ADDR`.
    env: { ONBOARDING_OPERATOR_TOKEN: process.env.E2E_OPERATOR_TOKEN },
    url: `${baseURL}/api/v1/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
  },
});

/** A TCP port that is free right now on the loopback interface. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Quotes a path for the shell that runs `webServer.command`. */
function quote(value) {
  return `'${String(value).replaceAll("'", "'\\''")}'`;
}
