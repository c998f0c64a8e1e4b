// The release build is split by page (`src/pages/chunks.rs`, `xtask/src/split.rs`): a page's
// module is fetched when it is first opened, or ahead of time for the likely next page, and a
// module that cannot be fetched is an error the applicant can retry, not a dead app.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { registerThroughApi, signedIn } from '../support/accounts.js';

/** The wasm files the page fetches, by name without the content hash. */
function wasmFetches(page) {
  const names = [];
  page.on('request', (r) => {
    const file = new URL(r.url()).pathname.split('/').pop();
    if (file.endsWith('.wasm')) names.push(file.replace(/-[0-9a-f]{12,16}(_bg)?\.wasm$/, ''));
  });
  return names;
}

test('the guide fetches the sign-in code ahead and nothing of the wizard', async ({ page }) => {
  const fetched = wasmFetches(page);
  const ahead = page.waitForRequest(/split_account-[0-9a-f]{12,16}\.wasm$/);
  await page.goto('/');
  await expect(page.locator('h1')).toBeVisible();
  // Fetched a second after the guide is painted, with the code it shares with other pages.
  await ahead;
  await page.waitForLoadState('networkidle');
  expect(fetched).toContain('onboarding-app');
  expect(fetched).not.toContain('split_application');
  expect(fetched).not.toContain('split_phone');
});

test('the wizard’s code arrives when the wizard is opened', async ({ page, request }) => {
  const fetched = wasmFetches(page);
  const token = await registerThroughApi(request, 'enterprise');
  await signedIn(page, token, 'en', '/apply/subject');
  await expect(page.locator('h1')).toBeFocused();
  expect(fetched).toContain('split_application');
  expect(fetched).not.toContain('split_account');
  expect(fetched).not.toContain('split_phone');
});

for (const lang of ['en', 'zh-CN']) {
  test(`a page whose code cannot be fetched offers to try again (${lang})`, async ({ page }) => {
    await page.addInitScript((l) => window.localStorage.setItem('onboarding.locale', l), lang);
    // Offline for the sign-in module from the start, so the guide's fetch ahead fails too.
    const account = /split_account-[0-9a-f]{12,16}\.wasm$/;
    await page.route(account, (route) => route.abort('internetdisconnected'));
    await page.goto('/');
    await expect(page.locator('h1')).toBeVisible();
    await page.locator('#start').click();

    const problem = page.locator('#page-unavailable [role="alert"]');
    await expect(problem).toHaveText(
      lang === 'en'
        ? 'Check your connection, then try again. If it still fails, reload the page.'
        : '请检查网络连接，然后重试。如仍失败，请重新加载页面。',
    );
    const title = lang === 'en' ? 'This page could not be loaded' : '页面未能加载';
    await expect(page.locator('#page-unavailable h1')).toHaveText(title);
    await expect(page).toHaveTitle(new RegExp(`^${title} – `));
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    // Still offline: the retry fails again and the focus goes to the news, not to the page's body.
    await page.locator('#page-unavailable button').first().click();
    await expect(page.locator('#page-unavailable')).toBeFocused();
    await page.unroute(account);
    await page.locator('#page-unavailable button').first().click();
    await expect(page.locator('h1')).toHaveText(lang === 'en' ? 'Sign in with WeChat' : '微信扫码登录');
  });
}

// The app's own files (issue 15, item 11): a tab once stayed on the loading shell for good,
// because a start that failed or never came was reported nowhere. Each language is on the page.
const mainScript = /onboarding-app-[0-9a-f]{12,16}\.js$/;
const mainModule = /onboarding-app-[0-9a-f]{12,16}_bg\.wasm$/;

test('when the app’s files cannot be fetched, the loading page says so and loads again', async ({ page }) => {
  await page.route(mainScript, (route) => route.abort('internetdisconnected'));
  await page.goto('/');
  const failed = page.locator('#load-failed');
  await expect(failed.getByRole('alert')).toContainText('This page could not be loaded');
  await expect(failed.getByRole('alert')).toContainText('页面未能加载');
  await expect(failed.getByRole('alert')).toContainText('頁面未能載入');
  await expect(page.locator('.shell')).toHaveCount(0);
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await page.unroute(mainScript);
  await failed.getByRole('link').click();
  await expect(page.locator('#start')).toBeVisible();
  await expect(page.locator('#load-failed')).toHaveCount(0);
});

test('when the app’s module never arrives, the loading page gives up after 20 s', async ({ page }) => {
  await page.clock.install();
  // Held for good, as by a connection that stalls.
  await page.route(mainModule, () => {});
  await page.goto('/', { waitUntil: 'domcontentloaded' });
  await expect(page.locator('.shell')).toBeVisible();
  await page.clock.runFor(19_000);
  await expect(page.locator('#load-failed')).toBeHidden();
  await page.clock.runFor(1_000);
  await expect(page.locator('#load-failed').getByRole('alert')).toBeVisible();
  await expect(page.locator('#load-failed').getByRole('link')).toHaveAttribute('href', '');
});
