// The server's side of the contract, seen through HTTP only.
import { expect, test } from '@playwright/test';

test('health answers 200 with status ok', async ({ request }) => {
  const response = await request.get('/api/v1/health');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('application/json');
  expect(await response.json()).toMatchObject({ status: 'ok' });
});

test('an app route that is not a file gets the app page', async ({ request }) => {
  // The browser app routes on the client, so a reload on /sign-in must still load it.
  const response = await request.get('/sign-in');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('text/html');
});
