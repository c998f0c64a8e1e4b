// The platform's backend, as far as webhooks go: a receiver on a port of its own that checks
// every request's `Onboarding-Signature` as README tells a receiver to, and fails the first two
// requests of every event (it answers 500), as a backend that is down for a moment would. The
// server must send each event again until one is taken. Tests read what arrived from
// `GET /received?application_id=…`.
import crypto from 'node:crypto';
import http from 'node:http';

/** How many requests of each event the receiver refuses before it takes one. */
export const FAILURES = 2;

/** Whether `header` signs `body` with `secret`, at most five minutes ago (README's check). */
export function verify(secret, header, body, now = Date.now()) {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2)));
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || Math.abs(now / 1000 - timestamp) > 300 || !/^[0-9a-f]{64}$/.test(parts.v1 ?? '')) {
    return false;
  }
  const expected = crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest();
  return crypto.timingSafeEqual(expected, Buffer.from(parts.v1, 'hex'));
}

/** Starts the receiver on a free loopback port; resolves to its `/hooks` URL. */
export function startReceiver(secret) {
  // Every request: the id its header names, its body, whether its signature held, and whether it
  // was taken.
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://receiver');
    if (req.method === 'GET' && url.pathname === '/received') {
      const wanted = url.searchParams.get('application_id');
      const mine = requests.filter((r) => JSON.parse(r.body).detail?.application_id === wanted);
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(mine));
    }
    if (req.method !== 'POST' || url.pathname !== '/hooks') {
      res.writeHead(404);
      return res.end();
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const id = req.headers['onboarding-event-id'] ?? '';
      const signed = verify(secret, req.headers['onboarding-signature'] ?? '', body);
      const before = requests.filter((r) => r.id === id).length;
      const taken = signed && before >= FAILURES;
      requests.push({ id, body, signed, taken });
      res.writeHead(taken ? 204 : signed ? 500 : 401);
      res.end();
    });
  });
  server.unref();
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}/hooks`));
  });
}
