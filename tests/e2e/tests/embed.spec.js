// The app inside a host page: it mounts into the element the host names, takes its language and
// API base from data- attributes, and its styles stay inside its own root.
import { expect, test } from '@playwright/test';

test('a host page embeds the app with data- attributes, and keeps its own styles', async ({ page, baseURL }) => {
  const index = await (await page.request.get('/')).text();
  // The built app's own script and stylesheet tags, as a host page would copy them: everything
  // between the title and the end of the head (the release page is minified: no <head> tag).
  const head = index.match(/<\/title>([\s\S]*)<\/head>/)[1];
  const host = `<!doctype html><html lang="en"><head><title>Partner portal</title>${head}</head>
    <body>
      <h1 id="host-title">Partner portal</h1>
      <a id="host-link" href="/partners">Partners</a>
      <section><div id="partner" data-onboarding data-lang="zh-CN" data-api-base="${baseURL}"></div></section>
    </body></html>`;
  await page.route(`${baseURL}/`, (route) => route.fulfill({ contentType: 'text/html', body: host }));
  await page.goto('/');

  // Mounted where the host asked, in the host's language.
  await expect(page.locator('#partner.onboarding-app h1')).toHaveText('入驻准备材料');
  await expect(page.locator('#partner > .site-header')).toBeVisible();
  // The app's text is tagged Chinese; the host's English page keeps its own language.
  await expect(page.locator('#partner')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // Nothing of the app's styling reaches the host's elements.
  const hostStyles = await page.evaluate(() => ({
    bodyMargin: getComputedStyle(document.body).margin,
    linkColour: getComputedStyle(document.getElementById('host-link')).color,
    titleFont: getComputedStyle(document.getElementById('host-title')).fontFamily,
  }));
  expect(hostStyles.bodyMargin).toBe('8px');
  expect(hostStyles.linkColour).toBe('rgb(0, 0, 238)');
  expect(hostStyles.titleFont).not.toContain('PingFang');

  // The app talks to the API base it was given: sign-in gets a ticket and shows its code.
  await page.locator('#entity-type-personal').check();
  await page.locator('#start').click();
  await expect(page.locator('.qr svg')).toBeVisible();
});

test('a host page on another origin loads the app, its page modules and the API from the app’s origin', async ({
  page,
  baseURL,
}) => {
  const index = await (await page.request.get('/')).text();
  // The host copies the tags, points them at the app's origin, and asks for the stylesheet over
  // CORS so that its integrity can be checked (README, "Embedding").
  const head = index
    .match(/<\/title>([\s\S]*)<\/head>/)[1]
    .replaceAll('href=/', `href=${baseURL}/`)
    .replaceAll("'/", `'${baseURL}/`)
    .replace('rel=stylesheet', 'rel=stylesheet crossorigin');
  const hostOrigin = baseURL.replace('127.0.0.1', 'localhost');
  const host = `<!doctype html><html lang="en"><head><title>Partner portal</title>${head}</head>
    <body><div data-onboarding data-lang="en" data-api-base="${baseURL}"></div></body></html>`;
  await page.route(`${hostOrigin}/`, (route) => route.fulfill({ contentType: 'text/html', body: host }));
  const failures = [];
  page.on('requestfailed', (r) => failures.push(r.url()));
  await page.goto(`${hostOrigin}/`);

  await expect(page.locator('.onboarding-app h1')).toHaveText('What to prepare');
  await page.locator('#entity-type-personal').check();
  await page.locator('#start').click();
  // Sign-in is a module of its own, fetched from the app's origin, and asks the API for a ticket.
  await expect(page.locator('.qr svg')).toBeVisible();
  expect(failures).toEqual([]);
});

test('a host page under a path of its own keeps the app’s pages below that path, through a reload and back', async ({
  page,
  baseURL,
}) => {
  const index = await (await page.request.get('/')).text();
  const head = index.match(/<\/title>([\s\S]*)<\/head>/)[1];
  const host = `<!doctype html><html lang="en"><head><title>Partner portal</title>${head}</head>
    <body><div data-onboarding data-lang="en" data-base-path="/partners/join/"></div></body></html>`;
  // Like any host of a single-page app, it serves its page at every path below the base.
  const below = (url) => url.pathname === '/partners/join' || url.pathname.startsWith('/partners/join/');
  await page.route(below, (route) => route.fulfill({ contentType: 'text/html', body: host }));
  await page.goto('/partners/join');

  await expect(page.locator('.onboarding-app h1')).toHaveText('What to prepare');
  await page.locator('#entity-type-personal').check();
  await expect(page.locator('#start')).toHaveAttribute('href', '/partners/join/sign-in');
  await page.locator('#start').click();
  await expect(page).toHaveURL(`${baseURL}/partners/join/sign-in`);
  await expect(page.locator('.qr svg')).toBeVisible();
  // The phone's page is on the app's server, whatever the host's paths.
  await expect(page.locator('#open-on-device')).toHaveAttribute('href', new RegExp(`^${baseURL}/m/sign-in/`));

  await page.reload();
  await expect(page.locator('.onboarding-app h1')).toHaveText('Sign in with WeChat');
  await page.goBack();
  await expect(page).toHaveURL(`${baseURL}/partners/join`);
  await expect(page.locator('.onboarding-app h1')).toHaveText('What to prepare');
});

// Host-issued sessions (issue 16): a platform that knows its user starts the session from its
// backend and passes the start token to the app, which skips the QR code.
test('a platform’s user skips signing in, and the draft starts from the platform’s answers', async ({
  page,
  baseURL,
  request,
}) => {
  const started = await request.post('/api/v1/embed-sessions', {
    headers: { authorization: `Bearer ${process.env.E2E_PLATFORM_KEY}` },
    data: {
      external_id: `partner-${Date.now()}-${Math.floor(Math.random() * 1e6)}`,
      entity_type: 'enterprise',
      prefill: { subject: { merchant_name: '北京测试科技有限公司' } },
      locked: ['subject.merchant_name'],
    },
  });
  expect(started.status()).toBe(201);
  const { session_token: token } = await started.json();
  const index = await (await page.request.get('/')).text();
  const head = index.match(/<\/title>([\s\S]*)<\/head>/)[1];
  const host = `<!doctype html><html lang="en"><head><title>Partner portal</title>${head}</head>
    <body><div id="partner" data-onboarding data-lang="en" data-session-token="${token}"></div></body></html>`;
  await page.route(`${baseURL}/`, (route) => route.fulfill({ contentType: 'text/html', body: host }));
  await page.goto('/');

  await page.locator('#start').click();
  // No code to scan: straight to registration, and the token, taken, is gone from the page.
  await expect(page).toHaveURL(/\/register$/);
  await expect(page.locator('.qr')).toHaveCount(0);
  await expect(page.locator('#partner')).not.toHaveAttribute('data-session-token');
  await page.locator('#entity-type-enterprise').check();
  await page.locator('#notice-agree').check();
  await page.locator('#account-name').fill(`partner${Date.now().toString(36)}`);
  await page.locator('#register').click();
  await expect(page).toHaveURL(/\/ready$/);
  await page.locator('#start-authentication').click();
  await expect(page.locator('#subject-merchant_name')).toHaveValue('北京测试科技有限公司');
  // Locked by the platform: read-only, saying why.
  await expect(page.locator('#subject-merchant_name')).toHaveAttribute('readonly', '');
  await expect(page.locator('#subject-merchant_name-hint')).toHaveText('Given by the platform you came from. It cannot be changed here.');
});
