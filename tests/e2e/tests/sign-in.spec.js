// Sign-in with WeChat through the sandbox's WeChat, which speaks WeChat's web authorization:
// a desktop's QR code confirmed on a phone inside WeChat, a phone inside WeChat signed in with no
// code at all, a phone's own browser told where sign-in happens, and a forged or stale return
// from WeChat refused. axe-core on every page the applicant sees.
import AxeBuilder from '@axe-core/playwright';
import { devices, expect, test } from '@playwright/test';
import { SignInPage } from '../pages/registration.js';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function expectNoViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

// WeChat's in-app browser on Android, as it names itself.
const WECHAT_AGENT =
  'Mozilla/5.0 (Linux; Android 13; Pixel 5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Mobile Safari/537.36 ' +
  'XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';

/** A phone of its own, with WeChat's browser or the system's. */
async function phone(browser, { inWechat }) {
  const { defaultBrowserType: _, ...pixel } = devices['Pixel 5'];
  const context = await browser.newContext(inWechat ? { ...pixel, userAgent: WECHAT_AGENT } : pixel);
  return context.newPage();
}

test('the desktop signs in by QR code confirmed in WeChat on a phone', async ({ page, browser }, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'the test opens its own phone beside the desktop');
  const signIn = new SignInPage(page);
  await signIn.open('en');
  // What the phone's WeChat opens when it scans the code.
  const phonePage = await phone(browser, { inWechat: true });
  await phonePage.goto(await signIn.phonePath());
  // Straight to WeChat's sign-in: no button to press first.
  await expect(phonePage).toHaveURL(/\/sandbox\/wechat\/connect\/oauth2\/authorize\?.*scope=snsapi_base/);
  await expect(page.locator('#ticket-state')).toHaveText('Scanned. Confirm on your phone.');
  await phonePage.locator('#confirm-new').click();
  await expect(phonePage.locator('#phone-done')).toBeVisible();
  await expect(phonePage).toHaveURL(/\/m\/sign-in\/[0-9a-f]+\?wechat_sign_in=ok$/);
  await expectNoViolations(phonePage);
  // The desktop moves on by itself; the phone may register too.
  await expect(page).toHaveURL(/\/register$/);
  await phonePage.locator('#go-to-register').click();
  await expect(phonePage).toHaveURL(/\/register$/);
  await expect(phonePage.locator('#account-name')).toBeVisible();
  await phonePage.context().close();
});

test('a phone inside WeChat is signed in with no QR code', async ({ browser }) => {
  const page = await phone(browser, { inWechat: true });
  // A page that needs a session goes through WeChat and comes back.
  await page.goto('/status?lang=en');
  await expect(page).toHaveURL(/\/sandbox\/wechat\/connect\/oauth2\/authorize\?/);
  await expect(page.locator('#confirm-new')).toBeVisible();
  await page.locator('#confirm-new').click();
  // A new WeChat user registers first.
  await expect(page).toHaveURL(/\/register$/);
  await expect(page.locator('.qr')).toHaveCount(0);
  expect(await page.evaluate(() => window.localStorage.getItem('onboarding.session'))).toMatch(/^[0-9a-f]{64}$/);
  await page.context().close();
});

test('a phone outside WeChat is told where sign-in happens, with the link to open there', async ({ browser }) => {
  const page = await phone(browser, { inWechat: false });
  await page.goto('/sign-in?lang=en');
  await expect(page.locator('#outside-wechat')).toContainText('Sign-in happens in WeChat');
  await expect(page.locator('#page-link')).toHaveText(/\/sign-in\?lang=en$/);
  // The code is for another phone: it is offered, but not as the only way.
  await expect(page.locator('.qr svg')).toBeVisible();
  await expectNoViolations(page);
  // The page a desktop's code opens, opened by the phone's camera in its own browser.
  const ticket = await page.locator('#open-on-device').getAttribute('href');
  await page.goto(ticket);
  await expect(page.locator('#outside-wechat')).toBeVisible();
  await expect(page.locator('#page-link')).toHaveText(new RegExp(`${ticket}$`));
  await expect(page.locator('#sandbox-wechat')).toBeVisible();
  await expectNoViolations(page);
  await page.context().close();
});

test('a forged, replayed or stale return from WeChat signs nobody in', async ({ page }) => {
  await page.goto('/auth/wechat/callback?code=0123456789abcdef0123456789abcdef&state=forged');
  await expect(page).toHaveURL(/\/sign-in\?wechat_sign_in=expired$/);
  await expect(page.locator('#sign-in-problem')).toHaveText('This sign-in has expired. Start again.');
  await expect(page).toHaveTitle(/^Error: /);
  expect(await page.evaluate(() => window.localStorage.getItem('onboarding.session'))).toBeNull();
  await expectNoViolations(page);

  // A real trip, whose callback is then opened again: the second time is refused.
  await page.goto('/auth/wechat?return=%2Fsign-in');
  await page.locator('#confirm-new').click();
  await expect(page).toHaveURL(/\/register$/);
  const callbacks = [];
  page.on('request', (r) => r.url().includes('/auth/wechat/callback') && callbacks.push(r.url()));
  await page.goto('/auth/wechat?return=%2Fsign-in');
  await page.locator('#confirm-current').click();
  await expect(page).not.toHaveURL(/callback/);
  await page.goto(callbacks[0]);
  await expect(page).toHaveURL(/\/sign-in\?wechat_sign_in=expired$/);
  await expect(page.locator('#sign-in-problem')).toBeVisible();
});
