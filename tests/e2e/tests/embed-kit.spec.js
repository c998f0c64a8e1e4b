// The embedding kit (issue 16): a host page on another origin adds one tag, `embed.js`, and a
// `<promoter-onboarding>` element, under the minimal CSP that README documents; it hears the
// journey as DOM events. (`embed.spec.js` covers the older `data-onboarding` embedding.)
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { uniqueName } from '../support/accounts.js';
import { completeDraft, saveDraft } from '../support/applications.js';
import { frameCsp, received, serveHost } from '../support/host.js';
import { FAILURES } from '../support/webhooks.js';

const example = fs.readFileSync(
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples/host/inline.html'),
  'utf8',
);

// Everything a careless or hostile host stylesheet does: another root font size, resets and
// `!important` rules on every element, and on the element itself.
const HOSTILE = `
  html { font-size: 10px !important; }
  * { color: #f0f !important; font-family: serif !important; line-height: 3 !important;
      letter-spacing: 2px !important; text-transform: uppercase !important; box-sizing: content-box !important; }
  promoter-onboarding { font-size: 40px !important; font-weight: 900 !important; text-align: right !important; }
  div, p, h1, a, button, input, label { margin: 50px !important; padding: 0 !important;
      border: 5px dashed red !important; background: yellow !important; }`;

/** A start token for a platform's user (a new one unless named), as the platform's backend
 * gets one. */
async function startToken(request, externalId = uniqueName('kit-')) {
  const started = await request.post('/api/v1/embed-sessions', {
    headers: { authorization: `Bearer ${process.env.E2E_PLATFORM_KEY}` },
    data: { external_id: externalId, entity_type: 'enterprise' },
  });
  expect(started.status()).toBe(201);
  return (await started.json()).session_token;
}

test('inline: the one tag under the minimal CSP and a hostile stylesheet, guide to submitted, every event in order', async ({
  page,
  baseURL,
  request,
}) => {
  const html = example.replace('</head>', '<link rel="stylesheet" href="hostile.css"></head>');
  const url = await serveHost(page, baseURL, { html, extra: { 'hostile.css': ['text/css', HOSTILE] } });
  await page.goto(url);
  const app = page.locator('#onboarding');
  await expect(app.locator('h1')).toHaveText('What to prepare');
  // The host's title is the host's; the app announces its page in its own live region.
  await expect(page).toHaveTitle('Partner portal – join as a promoter');

  // The form looks as it does on its own page, whatever the host's stylesheet says.
  const looks = await app.evaluate((element) => {
    const shadow = element.shadowRoot;
    const style = (selector) => getComputedStyle(shadow.querySelector(selector));
    const h1 = style('h1');
    const start = style('#start');
    return {
      h1: [h1.fontSize, h1.color, h1.textTransform, h1.letterSpacing, h1.borderTopStyle],
      family: h1.fontFamily,
      start: [start.backgroundColor, start.color, start.marginTop],
    };
  });
  // 2rem, or 2.5rem on a wide screen, of the browser's 16px: not of the host's 10px root.
  const h1Size = page.viewportSize().width >= 768 ? '40px' : '32px';
  expect(looks.h1).toEqual([h1Size, 'rgb(26, 26, 26)', 'none', 'normal', 'none']);
  expect(looks.family).toContain('system-ui');
  expect(looks.start).toEqual(['rgb(0, 112, 60)', 'rgb(255, 255, 255)', '0px']);
  // …and the form's styles do not touch the host's page.
  expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toBe('serif');

  // The platform's backend started a session for its user: the host passes the token.
  const token = await startToken(request);
  await app.evaluate((element, t) => element.setAttribute('session-token', t), token);
  await app.locator('#start').click();
  // The platform said its user is an enterprise: registration starts from that.
  await expect(app.locator('#entity-type-enterprise')).toBeChecked();
  await app.locator('#notice-agree').check();
  await app.locator('#account-name').fill(uniqueName('kit'));
  await app.locator('#register').click();
  await expect(app.locator('#start-authentication')).toBeVisible();

  // The answers, given through the API with the app's own session (kept on the host's origin).
  const session = await page.evaluate(() => localStorage.getItem('onboarding.session'));
  await saveDraft(request, session, await completeDraft(request, session, '6222 0202 0011 2233 445'));
  await app.locator('#start-authentication').click();
  // Complete: the wizard opens its check page. One answer changed on its step is saved.
  await expect(app.locator('#declaration')).toBeVisible();
  await app.locator('a[href="/apply/subject"]').first().click();
  await app.locator('#store-short_name').fill('某某');
  // "Save and close": the host hears of it only once the answers are saved, so that it may
  // remove the form at once. Offline, the applicant stays, told so.
  const exits = async () => (await received(page)).events.filter((e) => e.type === 'onboarding:exit').map((e) => e.detail);
  const draftUrl = `${baseURL}/api/v1/draft`;
  await page.route(draftUrl, (route) => (route.request().method() === 'PUT' ? route.abort('internetdisconnected') : route.continue()));
  await app.locator('#exit-closed').click();
  await expect(app.locator('#offline-banner')).toBeVisible();
  expect(await exits()).toEqual([]);
  await page.unroute(draftUrl);
  await app.locator('#exit-closed').click();
  await expect.poll(exits).toEqual([{ version: 1, reason: 'closed' }]);
  const kept = await (await request.get('/api/v1/draft', { headers: { authorization: `Bearer ${session}` } })).json();
  expect(kept.draft.store.short_name).toBe('某某');
  await app.locator('#continue').click();
  await expect(app.locator('#save-status')).toContainText(/Saved/);
  await app.locator('a[href="/apply/check"]').first().click();
  await app.locator('#declaration').check();
  await app.locator('#submit').click();
  await expect(app.locator('#next-step-title')).toBeVisible();

  // The host page's own address never changed: the app kept its pages to itself.
  expect(page.url()).toBe(url);
  await expect.poll(async () => (await received(page)).events.map((e) => e.type)).toContain('onboarding:status');
  const { events, violations } = await received(page);
  expect(violations).toEqual([]);
  const types = events.map((e) => e.type);
  expect(types[0]).toBe('onboarding:ready');
  const order = ['onboarding:ready', 'onboarding:step', 'onboarding:draft-saved', 'onboarding:submitted', 'onboarding:status'];
  expect(order.map((t) => types.indexOf(t))).toEqual([...order.map((t) => types.indexOf(t))].sort((a, b) => a - b));
  expect(events.every((e) => e.element === 'onboarding' && e.detail.version === 1)).toBe(true);
  const steps = events.filter((e) => e.type === 'onboarding:step').map((e) => e.detail);
  expect(steps[0]).toEqual({ version: 1, step: 'check', index: 5, total: 5 });
  expect(steps).toContainEqual({ version: 1, step: 'subject', index: 1, total: 5 });
  const submitted = events.find((e) => e.type === 'onboarding:submitted').detail;
  expect(submitted.application_id).toMatch(/\S/);
  const status = events.find((e) => e.type === 'onboarding:status').detail;
  expect(status.application_id).toBe(submitted.application_id);
  expect(status.state).toMatch(/^[A-Z_]+$/);
  expect(status.next_action).toMatch(/^[a-z_]+$/);
  // No identity or bank number in any event.
  const all = JSON.stringify(events);
  for (const number of ['11010519491231002X', '6222', '13800138000']) expect(all).not.toContain(number);

  // The platform's backend hears of the submission and each change of state from the server
  // (even were the browser gone): signed, and sent again after each of the receiver's failures.
  const hooks = await webhooks(request, submitted.application_id, 3);
  expect(hooks.requests.every((r) => r.signed)).toBe(true);
  for (const { id } of hooks.events) {
    const attempts = hooks.requests.filter((r) => r.id === id);
    // Refused twice, taken once, the same bytes each time: the receiver de-duplicates by id.
    expect(attempts.map((r) => r.taken)).toEqual([...Array(FAILURES).fill(false), true]);
    expect(new Set(attempts.map((r) => r.body)).size).toBe(1);
  }
  const [first, ...changes] = hooks.events;
  expect(first).toMatchObject({ version: 1, type: 'submitted', detail: { application_id: submitted.application_id } });
  expect(changes.map((e) => e.type)).toEqual(changes.map(() => 'status'));
  expect(changes.map((e) => e.detail.state)).toEqual(expect.arrayContaining(['CHECKING', status.state]));
  expect(new Set(hooks.events.map((e) => e.account_id)).size).toBe(1);
  for (const number of ['11010519491231002X', '6222', '13800138000']) {
    expect(JSON.stringify(hooks.requests)).not.toContain(number);
  }
});

/** What the platform's backend received for one application (support/webhooks.js), once at
 * least `count` events were each taken: every request, and the events de-duplicated by id, in
 * the order they happened. */
async function webhooks(request, applicationId, count) {
  const receiver = new URL('/received', process.env.E2E_WEBHOOK_URL);
  receiver.searchParams.set('application_id', applicationId);
  let requests = [];
  await expect
    .poll(async () => {
      requests = await (await request.get(receiver.href)).json();
      return new Set(requests.filter((r) => r.taken).map((r) => r.id)).size;
    })
    .toBeGreaterThanOrEqual(count);
  const events = [...new Map(requests.filter((r) => r.taken).map((r) => [r.id, JSON.parse(r.body)])).values()];
  events.sort((a, b) => a.created_at - b.created_at);
  return { requests, events };
}

test('two elements on one page work apart, and a removed element takes its app with it', async ({ page, baseURL }) => {
  const html = example.replace(
    '<promoter-onboarding id="onboarding" lang="en"></promoter-onboarding>',
    '<promoter-onboarding id="first" lang="en"></promoter-onboarding><promoter-onboarding id="second" lang="zh-CN"></promoter-onboarding>',
  );
  const url = await serveHost(page, baseURL, { html });
  await page.goto(url);
  const first = page.locator('#first');
  const second = page.locator('#second');
  await expect(first.locator('h1')).toHaveText('What to prepare');
  await expect(second.locator('h1')).toHaveText('入驻准备材料');

  // One moves on to sign-in; the other stays on its guide, in its own language.
  await first.locator('#entity-type-personal').check();
  await first.locator('#start').click();
  await expect(first.locator('.qr svg')).toBeVisible();
  await expect(second.locator('h1')).toHaveText('入驻准备材料');
  await second.locator('#language').click();
  await second.locator('#language-zh-Hant').click();
  await expect(second.locator('h1')).toHaveText('入駐準備材料');
  await expect(first.locator('.qr svg')).toBeVisible();

  // Removed, the first stops asking the server for its ticket (its polling went with it).
  const asked = [];
  page.on('request', (r) => r.url().includes('/api/v1/tickets/') && asked.push(r.url()));
  await first.evaluate((element) => element.remove());
  const before = asked.length;
  await page.waitForTimeout(2500);
  expect(asked.length).toBe(before);
  await expect(second.locator('h1')).toHaveText('入駐準備材料');

  // Added again, it starts afresh.
  await page.evaluate(() => {
    const element = document.createElement('promoter-onboarding');
    element.id = 'again';
    element.setAttribute('lang', 'en');
    document.querySelector('main').append(element);
  });
  // The applicant chose Traditional Chinese on this page: the new one starts in it.
  await expect(page.locator('#again h1')).toHaveText('入駐準備材料');
  const { events, violations } = await received(page);
  expect(violations).toEqual([]);
  expect(events.filter((e) => e.type === 'onboarding:ready').map((e) => e.element)).toEqual(['first', 'second', 'again']);
});

const framed = fs.readFileSync(
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples/host/frame.html'),
  'utf8',
);

test('frame: the app on its own origin in a frame sized to its content, guide to submitted, its events dispatched on the element, and no message from anyone else believed', async ({
  page,
  baseURL,
  request,
}) => {
  // A third origin's frame on the same page tries to hand the app a session.
  const evil = 'http://evil.test';
  await page.route(`${evil}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<script>
        setInterval(() => {
          for (let i = 0; i < parent.frames.length; i += 1) {
            try { parent.frames[i].postMessage({ source: 'promoter-onboarding', type: 'session', session_token: 'forged' }, '*'); } catch (e) {}
          }
        }, 100);
      </script>`,
    }),
  );
  const html = framed.replace('</main>', `<iframe id="evil" src="${evil}/x.html" title="Other"></iframe></main>`);
  const url = await serveHost(page, baseURL, { html, csp: `${frameCsp(baseURL)} ${evil}` });
  const token = await startToken(request);
  await page.goto(url);
  const element = page.locator('#onboarding');
  const iframe = element.locator('iframe');
  await expect(iframe).toHaveAttribute('allow', 'camera');
  const app = page.frameLocator('#onboarding iframe');
  await expect(app.locator('h1')).toHaveText('What to prepare');

  // The frame is as tall as its content: nothing cut off, no empty space.
  const heights = async () =>
    Promise.all([
      iframe.evaluate((f) => f.getBoundingClientRect().height),
      app.locator('.onboarding-app').evaluate((root) => root.offsetHeight),
    ]);
  await expect.poll(async () => { const [frame, content] = await heights(); return frame === content && frame > 200; }).toBe(true);
  const guideHeight = (await heights())[0];

  // Nobody else's messages: the forged session was not taken (the host page never gave one yet).
  await page.waitForTimeout(500);
  await expect(app.locator('[data-onboarding]')).not.toHaveAttribute('data-session-token');
  // And the element dispatches nothing a page script posts in the frame's name.
  await page.evaluate(() =>
    window.postMessage({ source: 'promoter-onboarding', type: 'event', name: 'onboarding:submitted', detail: { version: 1, application_id: 'forged' } }, '*'),
  );

  // The host passes its platform's session: the app takes it through the handshake, no QR code.
  await element.evaluate((e, t) => e.setAttribute('session-token', t), token);
  await app.locator('#start').click();
  await expect(app.locator('#account-name')).toBeVisible();
  await expect(app.locator('.qr')).toHaveCount(0);
  await expect.poll(async () => (await heights())[0]).not.toBe(guideHeight);
  await expect.poll(async () => { const [frame, content] = await heights(); return frame === content; }).toBe(true);
  await app.locator('#entity-type-enterprise').check();
  await app.locator('#notice-agree').check();
  await app.locator('#account-name').fill(uniqueName('frame'));
  await app.locator('#register').click();
  await expect(app.locator('#start-authentication')).toBeVisible();
  // The answers, through the API with the frame's own session (kept on the app's origin), then
  // on to the check page and the submission, inside the frame.
  const session = await app.locator('.onboarding-app').evaluate(() => localStorage.getItem('onboarding.session'));
  await saveDraft(request, session, await completeDraft(request, session, '6222 0202 0011 2233 445'));
  await app.locator('#start-authentication').click();
  // The check page draws again once the draft it opened on has loaded in the frame: the tick
  // goes on the page that stays.
  await expect(async () => {
    await app.locator('#declaration').check();
    await expect(app.locator('#declaration')).toBeChecked({ timeout: 500 });
  }).toPass();
  await app.locator('#submit').click();
  await expect(app.locator('#next-step-title')).toBeVisible();

  // The element dispatched the frame's events, in order, and no forged one.
  await expect.poll(async () => (await received(page)).events.map((e) => e.type)).toContain('onboarding:status');
  const { events, violations } = await received(page);
  expect(violations).toEqual([]);
  const types = events.map((e) => e.type);
  const order = ['onboarding:ready', 'onboarding:step', 'onboarding:submitted', 'onboarding:status'];
  expect(order.map((t) => types.indexOf(t))).toEqual([...order.map((t) => types.indexOf(t))].sort((a, b) => a - b));
  expect(order.every((t) => types.includes(t))).toBe(true);
  expect(events.every((e) => e.element === 'onboarding' && e.detail.version === 1)).toBe(true);
  expect(events.find((e) => e.type === 'onboarding:step').detail).toEqual({ version: 1, step: 'check', index: 5, total: 5 });
  const submitted = events.find((e) => e.type === 'onboarding:submitted').detail;
  expect(submitted.application_id).not.toBe('forged');
  expect(events.find((e) => e.type === 'onboarding:status').detail.application_id).toBe(submitted.application_id);
});

test('theming: the element’s custom properties style the form inline and in a frame, and an unreadable theme is refused with a warning naming its pair', async ({
  page,
  baseURL,
}) => {
  const themed = (html) => html.replace('</head>', '<link rel="stylesheet" href="theme.css"></head>').replace('id="onboarding"', 'id="onboarding" class="themed"');
  const good = '.themed { --onboarding-primary: #5b2a86; --onboarding-text: #102030; --onboarding-radius: 12px; }';
  const warnings = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));

  // Inline.
  let url = await serveHost(page, baseURL, { html: themed(example), extra: { 'theme.css': ['text/css', good] } });
  await page.goto(url);
  const app = page.locator('#onboarding');
  await expect(app.locator('h1')).toHaveText('What to prepare');
  const look = (locator) =>
    locator.evaluate((e) => {
      const root = e.shadowRoot ?? e.ownerDocument;
      const s = (q) => getComputedStyle(root.querySelector(q));
      return [s('#start').backgroundColor, s('#start').borderTopLeftRadius, s('h1').color];
    });
  expect(await look(app)).toEqual(['rgb(91, 42, 134)', '12px', 'rgb(16, 32, 48)']);
  expect(warnings).toEqual([]);

  // A pale text colour on white: refused, the form's own colours kept, and the host told why.
  await page.unrouteAll({ behavior: 'wait' });
  const pale = '.themed { --onboarding-primary: #5b2a86; --onboarding-text: #aaaaaa; }';
  url = await serveHost(page, baseURL, { html: themed(example), extra: { 'theme.css': ['text/css', pale] } });
  await page.goto(url);
  await expect(app.locator('h1')).toHaveText('What to prepare');
  await expect.poll(() => warnings.join('\n')).toContain('--onboarding-text on --onboarding-background');
  expect(await look(app)).toEqual(['rgb(0, 112, 60)', '4px', 'rgb(26, 26, 26)']);

  // In a frame, the theme reaches the app through the handshake.
  await page.unrouteAll({ behavior: 'wait' });
  url = await serveHost(page, baseURL, { html: themed(framed), extra: { 'theme.css': ['text/css', good] }, csp: frameCsp(baseURL) });
  await page.goto(url);
  const frame = page.frameLocator('#onboarding iframe');
  await expect(frame.locator('h1')).toHaveText('What to prepare');
  await expect.poll(() => look(frame.locator('body'))).toEqual(['rgb(91, 42, 134)', '12px', 'rgb(16, 32, 48)']);
});

test('embed.json names embed.js and its TypeScript types with their integrity, for hosts that pin them', async ({ request }) => {
  const manifest = await (await request.get('/embed.json')).json();
  expect(Object.keys(manifest).sort()).toEqual(['embed.d.ts', 'embed.js']);
  for (const { file, integrity } of Object.values(manifest)) {
    const body = await (await request.get(`/${file}`)).body();
    expect(`sha384-${crypto.createHash('sha384').update(body).digest('base64')}`).toBe(integrity);
  }
  const pinned = await request.get(`/${manifest['embed.js'].file}`);
  expect(pinned.headers()['cache-control']).toContain('immutable');
  expect(await pinned.body()).toEqual(await (await request.get('/embed.js')).body());
  const types = await (await request.get('/embed.d.ts')).text();
  expect(types).toContain('"onboarding:submitted": { application_id: string; version: 1 };');
  expect(types).toContain('interface HTMLElementEventMap extends OnboardingEventMap {}');
});

test('a platform’s session about to end is renewed by the host, and nothing typed is lost', async ({ page, baseURL, request }) => {
  await page.clock.install();
  const url = await serveHost(page, baseURL, {});
  await page.goto(url);
  const app = page.locator('#onboarding');
  await expect(app.locator('h1')).toHaveText('What to prepare');
  const user = uniqueName('renew-');
  await app.evaluate((e, t) => e.setAttribute('session-token', t), await startToken(request, user));
  await app.locator('#start').click();
  await app.locator('#entity-type-enterprise').check();
  await app.locator('#notice-agree').check();
  await app.locator('#account-name').fill(uniqueName('renew'));
  await app.locator('#register').click();
  await app.locator('#start-authentication').click();
  await app.locator('#subject-merchant_name').fill('北京续期科技有限公司');
  await page.clock.runFor(3_000);
  await expect(app.locator('#save-status')).toContainText(/Saved/);
  const first = await page.evaluate(() => localStorage.getItem('onboarding.session'));

  // Five minutes before the two hours are up, the host hears of it…
  await page.clock.fastForward('01:56:00');
  await expect.poll(async () => (await received(page)).events.map((e) => e.type)).toContain('onboarding:session-expiring');
  const expiring = (await received(page)).events.find((e) => e.type === 'onboarding:session-expiring');
  expect(expiring.detail).toEqual({ version: 1 });
  // …and, as its backend would, passes a new start token for the same user: the app takes it
  // where it stands, and goes on saving under the new session.
  await app.evaluate((e, t) => e.setAttribute('session-token', t), await startToken(request, user));
  await expect.poll(() => page.evaluate(() => localStorage.getItem('onboarding.session'))).not.toBe(first);
  await expect(app).not.toHaveAttribute('session-token');
  await expect(app.locator('#subject-merchant_name')).toHaveValue('北京续期科技有限公司');
  await app.locator('#store-short_name').fill('续期');
  await page.clock.runFor(3_000);
  await expect(app.locator('#save-status')).toContainText(/Saved/);
  const renewed = await page.evaluate(() => localStorage.getItem('onboarding.session'));
  const draft = await (await request.get('/api/v1/draft', { headers: { authorization: `Bearer ${renewed}` } })).json();
  expect(draft.draft.subject.merchant_name).toBe('北京续期科技有限公司');
  expect(draft.draft.store.short_name).toBe('续期');
});

test('the host hears of failures it can act on: a session that cannot start, no connection, a failing server', async ({ page, baseURL, request }) => {
  const url = await serveHost(page, baseURL, {});
  const app = page.locator('#onboarding');
  const errors = async () => (await received(page)).events.filter((e) => e.type === 'onboarding:error').map((e) => e.detail);
  /** A fresh host page whose element is given `token`, and "Start" pressed. */
  const startWith = async (token) => {
    await page.goto(url);
    await expect(app.locator('h1')).toHaveText('What to prepare');
    await app.evaluate((e, t) => e.setAttribute('session-token', t), token);
    await app.locator('#start').click();
  };

  // A start token taken before (by anyone): the server refuses it, and only a new one will do.
  const used = await startToken(request);
  const taken = await request.post('/api/v1/embed-sessions/session', { headers: { authorization: `Bearer ${used}` } });
  expect(taken.status()).toBe(201);
  await startWith(used);
  await expect.poll(errors).toEqual([{ version: 1, code: 'session_ended', retryable: false }]);

  // No connection to the app's server: worth trying again.
  await page.route(`${baseURL}/api/v1/embed-sessions/session`, (route) => route.abort('internetdisconnected'));
  await startWith(await startToken(request));
  await expect.poll(errors).toEqual([{ version: 1, code: 'network', retryable: true }]);

  // A proxy's error page in place of the server's answer.
  await page.unroute(`${baseURL}/api/v1/embed-sessions/session`);
  await page.route(`${baseURL}/api/v1/embed-sessions/session`, (route) =>
    route.fulfill({ status: 502, contentType: 'text/html', body: '<h1>Bad gateway</h1>' }),
  );
  await startWith(await startToken(request));
  await expect.poll(errors).toEqual([{ version: 1, code: 'server', retryable: true }]);
});

for (const mode of ['inline', 'frame']) {
  test(`inside WeChat, signing in from a host page (${mode}) goes to WeChat and comes back to the host page, signed in`, async ({ browser }, testInfo) => {
    test.skip(testInfo.project.name === 'desktop', 'WeChat’s browser is a phone’s');
    const agent =
      'Mozilla/5.0 (Linux; Android 13; Pixel 5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Mobile Safari/537.36 ' +
      'XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';
    const context = await browser.newContext({ viewport: { width: 393, height: 727 }, isMobile: true, hasTouch: true, userAgent: agent, locale: 'en-US' });
    const page = await context.newPage();
    // A host page on a real second origin: the browser comes back to it by a redirect. In a
    // frame, the host's whole page goes to WeChat (its page is never framed).
    const url = `${process.env.E2E_HOST_URL}/${mode}.html`;
    await page.goto(`${url}?campaign=spring`);
    const app = mode === 'frame' ? page.frameLocator('#onboarding iframe') : page.locator('#onboarding');
    const storage = (key) =>
      mode === 'frame'
        ? app.locator('.onboarding-app').evaluate((_, k) => localStorage.getItem(k), key)
        : page.evaluate((k) => localStorage.getItem(k), key);
    await expect(app.locator('h1')).toHaveText('What to prepare');
    await app.locator('#start').click();
    // WeChat's own page (here the server's local WeChat) asks who signs in…
    await expect(page).toHaveURL(/\/sandbox\/wechat\/connect\/oauth2\/authorize\?/);
    await page.locator('#confirm-new').click();
    // …and the browser comes back to the host's page, its address as it was, where the app takes
    // the session (with its verifier: the host page sends none of the server's cookies).
    await expect(page).toHaveURL(`${url}?campaign=spring`);
    await expect(app.locator('#account-name')).toBeVisible();
    expect(await storage('onboarding.session')).toMatch(/^[0-9a-f]{64}$/);
    expect(await storage('onboarding.wechat.verifier')).toBeNull();
    await context.close();
  });
}

test('frame: a platform’s session about to end is renewed through the frame, and nothing typed is lost', async ({ page, baseURL, request }) => {
  await page.clock.install();
  const url = await serveHost(page, baseURL, { html: framed, csp: frameCsp(baseURL) });
  await page.goto(url);
  const element = page.locator('#onboarding');
  const app = page.frameLocator('#onboarding iframe');
  await expect(app.locator('h1')).toHaveText('What to prepare');
  const user = uniqueName('frame-renew-');
  await element.evaluate((e, t) => e.setAttribute('session-token', t), await startToken(request, user));
  await app.locator('#start').click();
  await app.locator('#notice-agree').check();
  await app.locator('#account-name').fill(uniqueName('renewf'));
  await app.locator('#register').click();
  await app.locator('#start-authentication').click();
  await app.locator('#subject-merchant_name').fill('上海框架科技有限公司');
  await page.clock.runFor(3_000);
  await expect(app.locator('#save-status')).toContainText(/Saved/);
  const session = () => app.locator('.onboarding-app').evaluate(() => localStorage.getItem('onboarding.session'));
  const first = await session();

  await page.clock.fastForward('01:56:00');
  await expect.poll(async () => (await received(page)).events.map((e) => e.type)).toContain('onboarding:session-expiring');
  // The host's next token goes to the frame through the handshake's channel, and is taken there.
  await element.evaluate((e, t) => e.setAttribute('session-token', t), await startToken(request, user));
  await expect.poll(session).not.toBe(first);
  await expect(element).not.toHaveAttribute('session-token');
  await expect(app.locator('#subject-merchant_name')).toHaveValue('上海框架科技有限公司');
  await app.locator('#store-short_name').fill('框架');
  await page.clock.runFor(3_000);
  await expect(app.locator('#save-status')).toContainText(/Saved/);
  const draft = await (await request.get('/api/v1/draft', { headers: { authorization: `Bearer ${await session()}` } })).json();
  expect(draft.draft.store.short_name).toBe('框架');
});
