// One applicant, two devices, one draft: a phone and a desktop both edit it, each from a copy the
// other has saved over since, and no answer either typed is lost.
import { devices, expect, test } from '@playwright/test';
import { registerThroughApi, signedIn } from '../support/accounts.js';
import { Wizard } from '../pages/wizard.js';

const MERGED = /together with the answers from your other device/;

async function stored(request, token) {
  const saved = await request.get('/api/v1/draft', { headers: { authorization: `Bearer ${token}` } });
  return (await saved.json()).draft;
}

test('a phone and a desktop editing one draft keep every answer', async ({ browser, request }, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'the test opens its own phone beside the desktop');
  test.setTimeout(60_000);
  const token = await registerThroughApi(request, 'enterprise');
  const desktopContext = await browser.newContext();
  const { defaultBrowserType: _, ...phoneDevice } = devices['Pixel 5'];
  const phoneContext = await browser.newContext(phoneDevice);
  const desktop = new Wizard(await desktopContext.newPage(), 'en');
  const phone = new Wizard(await phoneContext.newPage(), 'en');
  await signedIn(desktop.page, token, 'en', '/apply/subject');
  await signedIn(phone.page, token, 'en', '/apply/subject');
  await expect(desktop.field('subject.merchant_name')).toBeEditable();
  await expect(phone.field('subject.merchant_name')).toBeEditable();

  // Both loaded the same version. The desktop saves first; the phone's copy is now stale.
  await desktop.fill('subject.merchant_name', '北京测试科技有限公司');
  await expect(desktop.saveStatus).toContainText('Saved at', { timeout: 10_000 });
  await phone.fill('store.name', '张三的小店');
  await expect(phone.saveStatus).toContainText(MERGED, { timeout: 10_000 });
  // The phone shows what the desktop typed, and wrote nothing over it.
  await expect(phone.field('subject.merchant_name')).toHaveValue('北京测试科技有限公司');

  // Now the desktop is the stale one.
  await desktop.fill('subject.legal_person_name', '张三');
  await expect(desktop.saveStatus).toContainText(MERGED, { timeout: 10_000 });
  await expect(desktop.field('store.name')).toHaveValue('张三的小店');

  // The phone loses its connection and goes on typing; meanwhile the desktop saves.
  await phoneContext.setOffline(true);
  await phone.fill('store.url', 'https://shop.example.com');
  await expect(phone.page.locator('#offline-banner')).toContainText('offline', { timeout: 10_000 });
  await desktop.fill('store.short_name', '张三小店');
  await expect(desktop.saveStatus).toContainText('Saved at', { timeout: 10_000 });
  await phoneContext.setOffline(false);
  await expect(phone.saveStatus).toContainText(MERGED, { timeout: 20_000 });

  // The same answer changed on both: the one typed last wins. (The phone's status already says
  // "Saved" from before, so the test waits for the server to have its answer.)
  await phone.fill('subject.legal_person_name', '李四');
  await expect.poll(async () => (await stored(request, token)).subject.legal_person_name, { timeout: 10_000 }).toBe('李四');
  await desktop.fill('subject.legal_person_name', '王五');
  await expect(desktop.saveStatus).toContainText(MERGED, { timeout: 10_000 });

  const draft = await stored(request, token);
  expect(draft.subject.merchant_name).toBe('北京测试科技有限公司');
  expect(draft.subject.legal_person_name).toBe('王五');
  expect(draft.store.name).toBe('张三的小店');
  expect(draft.store.url).toBe('https://shop.example.com');
  expect(draft.store.short_name).toBe('张三小店');

  // A reload on either device shows the one merged draft.
  await phone.page.reload();
  await expect(phone.field('store.short_name')).toHaveValue('张三小店');
  await expect(phone.field('subject.legal_person_name')).toHaveValue('王五');
  await desktopContext.close();
  await phoneContext.close();
});

// A save waits for a pause in typing. The answer typed last must win even when the other
// device's save of an older answer reaches the server after it was typed: the desktop types
// within the phone's pause, and its save is held until the phone's has landed.
test('the answer typed last wins, not the one saved last', async ({ browser, request }, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'the test opens its own phone beside the desktop');
  const token = await registerThroughApi(request, 'enterprise');
  const desktopContext = await browser.newContext();
  const { defaultBrowserType: _, ...phoneDevice } = devices['Pixel 5'];
  const phoneContext = await browser.newContext(phoneDevice);
  const desktop = new Wizard(await desktopContext.newPage(), 'en');
  const phone = new Wizard(await phoneContext.newPage(), 'en');
  await signedIn(desktop.page, token, 'en', '/apply/subject');
  await signedIn(phone.page, token, 'en', '/apply/subject');
  await expect(desktop.field('subject.legal_person_name')).toBeEditable();
  await expect(phone.field('subject.legal_person_name')).toBeEditable();

  const phoneSaved = phone.page.waitForResponse(
    (r) => r.url().endsWith('/api/v1/draft') && r.request().method() === 'PUT',
  );
  let held = 0;
  await desktop.page.route('**/api/v1/draft', async (route) => {
    if (route.request().method() === 'PUT' && held++ === 0) await phoneSaved;
    await route.continue();
  });
  await phone.fill('subject.legal_person_name', '李四');
  await desktop.fill('subject.legal_person_name', '王五');
  expect((await phoneSaved).status()).toBe(200);
  await expect(desktop.saveStatus).toContainText(MERGED, { timeout: 10_000 });
  await expect(desktop.field('subject.legal_person_name')).toHaveValue('王五');
  expect((await stored(request, token)).subject.legal_person_name).toBe('王五');
  await desktopContext.close();
  await phoneContext.close();
});

test('answers typed offline and left unsent are merged when the page is opened again', async ({
  browser,
  request,
}, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'the test opens its own phone beside the desktop');
  const token = await registerThroughApi(request, 'enterprise');
  const { defaultBrowserType: _, ...phoneDevice } = devices['Pixel 5'];
  const phoneContext = await browser.newContext(phoneDevice);
  const phone = new Wizard(await phoneContext.newPage(), 'en');
  await signedIn(phone.page, token, 'en', '/apply/subject');
  await expect(phone.field('store.name')).toBeEditable();
  await phoneContext.setOffline(true);
  await phone.fill('store.name', '张三的小店');
  await expect(phone.page.locator('#offline-banner')).toContainText('offline', { timeout: 10_000 });
  await phone.page.close();

  // Meanwhile the desktop saves another answer.
  const saved = await request.get('/api/v1/draft', { headers: { authorization: `Bearer ${token}` } });
  const { draft, version } = await saved.json();
  draft.subject.merchant_name = '北京测试科技有限公司';
  const put = await request.put('/api/v1/draft', {
    headers: { authorization: `Bearer ${token}`, 'if-match': `"v${version}"` },
    data: draft,
  });
  expect(put.status()).toBe(200);

  await phoneContext.setOffline(false);
  const again = new Wizard(await phoneContext.newPage(), 'en');
  await again.page.goto('/apply/subject');
  await expect(again.saveStatus).toContainText(MERGED, { timeout: 10_000 });
  await expect(again.field('store.name')).toHaveValue('张三的小店');
  await expect(again.field('subject.merchant_name')).toHaveValue('北京测试科技有限公司');
  const merged = await stored(request, token);
  expect(merged.store.name).toBe('张三的小店');
  expect(merged.subject.merchant_name).toBe('北京测试科技有限公司');
  await phoneContext.close();
});
