// Sign-in by QR ticket (through the sandbox phone page), then registration, in each language
// and on both viewports, with axe-core on every page.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { PhonePage, RegisterPage, SignInPage, signInOnPhone } from '../pages/registration.js';
import { signInThroughApi } from '../support/accounts.js';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function expectNoViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

const TEXT = {
  en: { register: 'Register as a promoter', ready: 'Your account is ready', console: 'promoter console', errorTitle: /^Error: / },
  'zh-CN': { register: '注册推客账号', ready: '账号已可使用', console: '推客管理后台', errorTitle: /^错误：/ },
  'zh-Hant': { register: '註冊推客帳號', ready: '帳號已可使用', console: '推客管理後台', errorTitle: /^錯誤：/ },
};

/** A name no other test run uses (names are unique on the server). */
function uniqueName(prefix) {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

for (const lang of ['en', 'zh-CN', 'zh-Hant']) {
  test(`a personal promoter signs in by QR code and registers (${lang})`, async ({ page, context }) => {
    const signIn = new SignInPage(page);
    await signIn.open(lang);
    await expectNoViolations(page);

    // The phone scans the code: in the sandbox, its page opens on this device.
    const phone = await context.newPage();
    await phone.goto(await signIn.phonePath());
    const phonePage = new PhonePage(phone);
    // A browser that is not WeChat's is told where sign-in happens.
    await expect(phonePage.outsideWechat).toBeVisible();
    await expectNoViolations(phone);
    await phonePage.signInWithWechat();
    await phone.close();

    // The desktop page notices the confirmation and moves on to registration.
    const register = new RegisterPage(page);
    await expect(page).toHaveURL(/\/register$/);
    await expect(register.heading).toHaveText(TEXT[lang].register);

    // Submitting nothing: an error summary takes focus, each field says what is wrong, and
    // the title starts with "Error: ".
    await register.submit.click();
    await expect(register.summary).toBeFocused();
    await expect(register.summary.locator('a')).toHaveCount(3);
    await expect(page).toHaveTitle(TEXT[lang].errorTitle);
    await expect(register.name).toHaveAttribute('aria-invalid', 'true');
    await expectNoViolations(page);

    // A name that breaks a rule keeps what was typed and says which rule.
    await register.name.fill('9lives');
    await expect(register.nameError).toBeVisible();
    await expect(register.name).toHaveValue('9lives');

    await register.entity('personal').check();
    await register.notice.check();
    await register.name.fill(uniqueName('p'));
    await expect(register.summary).toHaveCount(0);
    await register.submit.click();

    await expect(page).toHaveURL(/\/ready$/);
    await expect(page.locator('h1')).toHaveText(TEXT[lang].ready);
    // Usable at once: the page says what a personal promoter does now, and leads there (issue
    // 15, item 7), to the console the deployment names.
    await expect(page.locator('#ready-text')).toContainText(TEXT[lang].console);
    await expect(page.locator('#promoter-console')).toHaveAttribute('href', 'https://promoters.example.com/console');
    await expect(page.locator('#start-authentication')).toHaveCount(0);
    await expectNoViolations(page);
  });
}

test('a taken account name is refused at the field, case-insensitively', async ({ page, context, request }) => {
  const taken = uniqueName('Taken');
  // Someone registers the name first, through the API.
  const first = await request.post('/api/v1/registration', {
    headers: { authorization: `Bearer ${await signInThroughApi(request)}` },
    data: { entity_type: 'personal', account_name: taken, entry_notice_version: '2024-06' },
  });
  expect(first.status()).toBe(201);

  await new SignInPage(page).open('en');
  await signInOnPhone(page, context);
  const register = new RegisterPage(page);
  await expect(page).toHaveURL(/\/register$/);
  await register.entity('enterprise').check();
  await register.notice.check();
  await register.name.fill(taken.toLowerCase());
  await register.submit.click();
  await expect(register.nameError).toHaveText('This account name is taken; choose another');
  await expect(register.name).toHaveValue(taken.toLowerCase());
});

test('a returning promoter signs in to where their account stands', async ({ page, context }) => {
  await page.goto('/sign-in?lang=en');
  await signInOnPhone(page, context);
  await expect(page).toHaveURL(/\/register$/);
  const register = new RegisterPage(page);
  await register.entity('personal').check();
  await register.notice.check();
  await register.name.fill(`r${Date.now().toString(36)}`);
  await register.submit.click();
  await expect(page).toHaveURL(/\/ready$/);

  // Later, signed out, the same phone (the same WeChat user) signs in again.
  await page.evaluate(() => window.localStorage.removeItem('onboarding.session'));
  await page.goto('/sign-in');
  await signInOnPhone(page, context);
  await expect(page).toHaveURL(/\/status$/);
  await expect(page.locator('#personal-active')).toBeVisible();
});

// Issue 15, item 4: what the applicant chose on the guide was thrown away.
test('the guide’s answers are preselected at registration and in the wizard, and can be changed', async ({
  page,
  context,
}) => {
  await page.goto('/?lang=en');
  await page.locator('#entity-type-individual_business').check();
  await page.locator('#residency-hong_kong').check();
  await page.locator('#start').click();
  await signInOnPhone(page, context);

  const register = new RegisterPage(page);
  await expect(page).toHaveURL(/\/register$/);
  await expect(register.entity('individual_business')).toBeChecked();
  await register.entity('enterprise').check();
  await expect(register.entity('individual_business')).not.toBeChecked();
  await register.entity('individual_business').check();
  await register.notice.check();
  await register.name.fill(uniqueName('g'));
  await register.submit.click();
  await expect(page).toHaveURL(/\/ready$/);

  // The wizard takes the residency as an answer, and saves it like one.
  await page.locator('#start-authentication').click();
  await expect(page.locator('#save-status')).toHaveText(/^Saved at/);
  await page.goto('/apply/legal-person');
  await expect(page.locator('#legal_person-residency-hong_kong')).toBeChecked();
  // Kept as an answer of the draft: there after a reload, and the applicant's to change.
  await page.locator('#legal_person-residency-macao').check();
  await expect(page.locator('#save-status')).toHaveText(/^Saved at/);
  await page.reload();
  await expect(page.locator('#legal_person-residency-macao')).toBeChecked();
});
