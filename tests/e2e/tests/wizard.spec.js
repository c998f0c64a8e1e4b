// The authentication wizard against the real server: the whole way from the guide to a submitted
// application, the conditional fields, reloads, the server's own verdicts and double submits.
// Both projects run every test: desktop, and a 375×667 phone.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { registerThroughApi, signedIn, uniqueName } from '../support/accounts.js';
import { photo } from '../support/images.js';
import { RegisterPage, signInOnPhone } from '../pages/registration.js';
import { TEXT, Wizard } from '../pages/wizard.js';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function expectNoViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Step 1 for a business whose licence shows `code`. */
async function fillSubject(w, { code, name }) {
  await w.upload('subject.licence_image', photo('licence.png'));
  await w.fill('subject.licence_number', code);
  await w.fill('subject.merchant_name', name);
  await w.fill('subject.legal_person_name', '张三');
  await w.fill('store.name', '张三的小店');
  await w.fill('store.url', 'https://shop.example.com');
  await w.fill('store.short_name', '张三小店');
}

/** Step 2 with a mainland legal person. */
async function fillMainlandLegalPerson(w, { enterprise }) {
  await w.choose('legal_person.residency', 'mainland');
  await w.upload('legal_person.id_front_image', photo('portrait.png'));
  await w.upload('legal_person.id_back_image', photo('emblem.png'));
  await w.fill('legal_person.name', '张三');
  await w.fill('legal_person.id_number', '110105 19491231002x');
  await w.fill('legal_person.validity_begin', '2020-01-01');
  await w.page.locator('#legal_person-validity_end-long-term').check();
  if (enterprise) {
    await w.fill('legal_person.address', '北京市朝阳区建国路 1 号');
    await w.choose('legal_person.is_beneficial_owner', 'yes');
  }
}

async function fillAdministrator(w) {
  await w.choose('super_administrator.type', '65');
  await w.fill('super_administrator.mobile', '13800138000');
  await w.fill('super_administrator.email', 'zhangsan@example.com');
}

async function fillAccount(w) {
  await w.field('settlement_account.bank').selectOption({ index: 1 });
  await w.fill('settlement_account.city_code', '110000');
  await w.fill('settlement_account.branch_name', '中国工商银行股份有限公司北京分行');
  await w.fill('settlement_account.account_number', '6222020200112233445');
}

/** Every step of an enterprise with a mainland legal person, to the check page. `amend` runs
 * after the legal person's answers, to change them. */
async function fillEnterpriseToCheck(w, amend = async () => {}) {
  await fillSubject(w, { code: '91350100M000100Y43', name: '北京测试科技有限公司' });
  await w.next(/\/apply\/legal-person$/);
  await fillMainlandLegalPerson(w, { enterprise: true });
  await amend();
  await w.next(/\/apply\/super-administrator$/);
  await fillAdministrator(w);
  await w.next(/\/apply\/settlement-account$/);
  await fillAccount(w);
  await w.next(/\/apply\/check$/);
}

for (const lang of ['en', 'zh-CN']) {
  test(`an enterprise with a mainland legal person goes from the guide to submitted (${lang})`, async ({
    page,
    context,
  }) => {
    test.setTimeout(90_000);
    await page.goto(`/?lang=${lang}`);
    await page.locator('#entity-type-enterprise').check();
    await page.locator('#residency-mainland').check();
    await page.locator('#start').click();

    // Sign in on the phone, register, and start authenticating.
    await signInOnPhone(page, context);
    const register = new RegisterPage(page);
    await expect(page).toHaveURL(/\/register$/);
    await register.entity('enterprise').check();
    await register.notice.check();
    await register.name.fill(uniqueName('e'));
    await register.submit.click();
    await expect(page).toHaveURL(/\/ready$/);
    await page.locator('#start-authentication').click();
    await expect(page).toHaveURL(/\/apply\/subject$/);

    const w = new Wizard(page, lang);
    await expect(w.heading).toBeFocused();
    await expectNoViolations(page);

    // "Continue" with nothing filled in: the summary takes focus, the title says so, each field
    // says what is wrong, and nothing moves on.
    await w.continue.click();
    await expect(w.summary).toBeFocused();
    await expect(page).toHaveTitle(TEXT[lang].errorTitle);
    await expect(w.field('subject.licence_number')).toHaveAttribute('aria-invalid', 'true');
    await expectNoViolations(page);

    await fillSubject(w, { code: '91350100M000100Y43', name: '北京测试科技有限公司' });
    await expect(w.summary).toHaveCount(0);
    await w.next(/\/apply\/legal-person$/);
    await expect(w.heading).toBeFocused();

    await fillMainlandLegalPerson(w, { enterprise: true });
    // Typing is tidied: upper case, no spaces.
    await expect(w.field('legal_person.id_number')).toHaveValue('11010519491231002X');
    await expectNoViolations(page);
    await w.next(/\/apply\/super-administrator$/);

    await fillAdministrator(w);
    // The legal person is the administrator: name and number are filled in and locked.
    await expect(w.field('super_administrator.name')).toHaveValue('张三');
    await expect(w.field('super_administrator.name')).toHaveAttribute('readonly', '');
    await expectNoViolations(page);
    await w.next(/\/apply\/settlement-account$/);

    await fillAccount(w);
    // An enterprise settles to its own business account, in its own name.
    await expect(w.field('settlement_account.account_name')).toHaveValue('北京测试科技有限公司');
    await expect(w.field('settlement_account.account_number')).toHaveValue('6222 0202 0011 2233 445');
    await expectNoViolations(page);
    await w.next(/\/apply\/check$/);

    // Check your answers: the applicant's own numbers in full, grouped for reading (issue 15,
    // item 5), until hidden; photos shown.
    await expect(page.locator('h1')).toHaveText(TEXT[lang].check);
    const main = page.locator('main');
    await expect(main).toContainText('110105 19491231 002X');
    await expect(main).toContainText('6222 0202 0011 2233 445');
    await expect(main).not.toContainText('110***********002X');
    await expect(page.locator('.summary-list img.thumbnail')).toHaveCount(3);
    await expectNoViolations(page);
    const hide = page.locator('#hide-numbers');
    const [hideText, showText] = { en: ['Hide numbers', 'Show numbers'], 'zh-CN': ['隐藏号码', '显示号码'], 'zh-Hant': ['隱藏號碼', '顯示號碼'] }[lang];
    await expect(hide).toHaveText(hideText);
    await hide.click();
    await expect(main).toContainText('110***********002X');
    await expect(main).toContainText('***************3445');
    await expect(main).not.toContainText('19491231');
    await expect(hide).toHaveText(showText);
    await expect(hide).toBeFocused();
    await hide.click();
    await expect(main).toContainText('110105 19491231 002X');

    // "Change" goes to the answer and comes back here.
    await page.locator('a[href="/apply/subject?return=check#store-short_name"]').click();
    await expect(w.field('store.short_name')).toBeFocused();
    await w.fill('store.short_name', '张三好店');
    await w.next(/\/apply\/check$/);
    await expect(page.locator('main')).toContainText('张三好店');

    // Submitting without the declaration is refused; with it, the application is submitted.
    await page.locator('#submit').click();
    await expect(w.summary).toBeFocused();
    await page.locator('#declaration').check();
    await page.locator('#submit').click();
    await expect(page).toHaveURL(/\/status$/);
    await expect(page.locator('#application-id')).not.toBeEmpty();
    await expectNoViolations(page);
  });

}

// Traditional Chinese too: Hong Kong, Macao and Taiwan applicants are who it is for.
for (const lang of ['en', 'zh-CN', 'zh-Hant']) {
  test(`an individual business with a Hong Kong legal person and a private account (${lang})`, async ({
    page,
    request,
  }) => {
    test.setTimeout(60_000);
    const token = await registerThroughApi(request, 'individual_business');
    await signedIn(page, token, lang);
    const w = new Wizard(page, lang);
    await expect(page).toHaveURL(/\/apply\/subject$/);

    // An individual business's name may not end in 公司, and its code starts with 92.
    await fillSubject(w, { code: '91350100M000100Y43', name: '张三小吃有限公司' });
    await w.continue.click();
    await expect(w.error('subject.licence_number')).toBeVisible();
    await expect(w.error('subject.merchant_name')).toBeVisible();
    await w.fill('subject.licence_number', '92110000600037341H');
    await w.fill('subject.merchant_name', '张三小吃店');
    await w.next(/\/apply\/legal-person$/);

    // Hong Kong: the travel permit's front and back, and its own number format. No address
    // or beneficial owner questions for an individual business.
    await w.choose('legal_person.residency', 'hong_kong');
    await expect(w.field('legal_person.address')).toHaveCount(0);
    await expect(page.locator('#legal_person-is_beneficial_owner')).toHaveCount(0);
    await w.upload('legal_person.id_front_image', photo('front.png'));
    await w.upload('legal_person.id_back_image', photo('back.png'));
    await w.fill('legal_person.name', '陈大文');
    await w.fill('legal_person.id_number', '11010519491231002X');
    await w.fill('legal_person.validity_begin', '2020-01-01');
    await w.fill('legal_person.validity_end', '2030-01-01');
    await w.continue.click();
    await expect(w.error('legal_person.id_number')).toBeVisible();
    await w.fill('legal_person.id_number', 'h12345678');
    await expect(w.error('legal_person.id_number')).toHaveCount(0);
    await expectNoViolations(page);
    await w.next(/\/apply\/super-administrator$/);

    await fillAdministrator(w);
    await w.next(/\/apply\/settlement-account$/);

    // An individual business chooses; a private account is in the operator's own name.
    await w.choose('settlement_account.account_type', '75');
    await fillAccount(w);
    await expect(w.field('settlement_account.account_name')).toHaveValue('陈大文');
    await w.next(/\/apply\/check$/);
    await expect(page.locator('main')).toContainText('H12345678');
    await page.locator('#declaration').check();
    await page.locator('#submit').click();
    await expect(page).toHaveURL(/\/status$/);
  });
}

test('a reload mid-wizard loses nothing, and hidden answers are kept', async ({ page, request }) => {
  const token = await registerThroughApi(request, 'enterprise');
  await signedIn(page, token, 'en');
  const w = new Wizard(page, 'en');
  await fillSubject(w, { code: '91350100M000100Y43', name: '北京测试科技有限公司' });
  await w.next(/\/apply\/legal-person$/);
  await w.choose('legal_person.residency', 'mainland');
  await w.fill('legal_person.name', '张三');
  await w.fill('legal_person.id_number', '11010519491231002X');
  await w.fill('legal_person.validity_end', '2031-02-03');
  // Long-term hides the end date; the date stays in the draft for unticking.
  await page.locator('#legal_person-validity_end-long-term').check();
  await expect(w.field('legal_person.validity_end')).toHaveCount(0);
  await expect(w.saveStatus).toContainText('Saved', { timeout: 10_000 });

  await page.reload();
  await expect(w.field('legal_person.name')).toHaveValue('张三');
  await expect(w.field('legal_person.id_number')).toHaveValue('11010519491231002X');
  await page.locator('#legal_person-validity_end-long-term').uncheck();
  await expect(w.field('legal_person.validity_end')).toHaveValue('2031-02-03');
  await page.goBack();
  await expect(page).toHaveURL(/\/apply\/subject$/);
  await expect(w.field('subject.merchant_name')).toHaveValue('北京测试科技有限公司');
  await expect(page.locator('#subject-licence_image-status')).toHaveText(/Uploaded/);
  // Identity numbers never reach browser storage.
  const stored = await page.evaluate(() => JSON.stringify(window.localStorage));
  expect(stored).not.toContain('11010519491231002X');
});

test('photos are checked in the browser: wrong type, too small, and too large made smaller', async ({
  page,
  request,
}) => {
  test.setTimeout(60_000);
  const token = await registerThroughApi(request, 'enterprise');
  await signedIn(page, token, 'en');
  const w = new Wizard(page, 'en');
  const licence = w.field('subject.licence_image');
  await licence.setInputFiles({ name: 'licence.pdf', mimeType: 'image/png', buffer: Buffer.from('%PDF-1.7 not a photo') });
  await expect(w.error('subject.licence_image')).toContainText('PNG or JPG');
  await licence.setInputFiles(photo('tiny.png', 300, 200));
  await expect(w.error('subject.licence_image')).toContainText('small');
  // A 2400 × 1800 photo of noise is far over 2 MB: it is re-encoded to fit, and uploaded.
  await w.upload('subject.licence_image', photo('huge.png', 2400, 1800, { noise: true }));
  await expect(page.locator('#subject-licence_image-status')).toContainText('Made smaller');
  await expect(w.error('subject.licence_image')).toHaveCount(0);
});

test('the server’s verdict goes back to its field: a document the device thinks is valid has expired', async ({
  page,
  request,
}) => {
  test.setTimeout(60_000);
  // The device's clock is years behind, so the browser's rules accept a document that the
  // server, with the real date, finds expired.
  await page.clock.setFixedTime(new Date('2019-06-01T12:00:00+08:00'));
  const token = await registerThroughApi(request, 'enterprise');
  await signedIn(page, token, 'en');
  const w = new Wizard(page, 'en');
  await fillEnterpriseToCheck(w, async () => {
    await page.locator('#legal_person-validity_end-long-term').uncheck();
    await w.fill('legal_person.validity_begin', '2010-01-01');
    await w.fill('legal_person.validity_end', '2020-01-01');
  });
  await page.locator('#declaration').check();
  await page.locator('#submit').click();

  await expect(page).toHaveURL(/\/apply\/legal-person$/);
  await expect(w.error('legal_person.validity_end')).toContainText('expired');
  await expect(w.field('legal_person.validity_end')).toHaveAttribute('aria-invalid', 'true');
  await expect(w.summary).toBeFocused();
  await expect(page.locator('.stepper .has-problems')).toHaveCount(0);
  await expectNoViolations(page);
});

test('a double-clicked submit creates one application', async ({ page, request }) => {
  test.setTimeout(60_000);
  const token = await registerThroughApi(request, 'enterprise');
  await signedIn(page, token, 'en');
  const w = new Wizard(page, 'en');
  await fillEnterpriseToCheck(w);
  await page.locator('#declaration').check();

  const submits = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/v1/application')) submits.push(r.headers()['idempotency-key']);
  });
  await page.locator('#submit').dblclick();
  await expect(page).toHaveURL(/\/status$/);
  const applicationId = await page.locator('#application-id').textContent();
  // Whatever reached the server carried one key, and the account has one application.
  expect(new Set(submits).size).toBe(1);
  const status = await request.get('/api/v1/application/status', { headers: { authorization: `Bearer ${token}` } });
  expect((await status.json()).application_id).toBe(applicationId);
});

test('changes made offline are kept on the device and sent when the connection is back', async ({
  page,
  context,
  request,
}) => {
  const token = await registerThroughApi(request, 'enterprise');
  await signedIn(page, token, 'en');
  const w = new Wizard(page, 'en');
  await w.fill('subject.merchant_name', '在线公司');
  await expect(w.saveStatus).toContainText('Saved', { timeout: 10_000 });

  await context.setOffline(true);
  await w.fill('subject.merchant_name', '离线科技有限公司');
  // Said at the top of the step, on screen (issue 15, item 6), in a polite live region.
  const banner = page.locator('#offline-banner');
  await expect(banner).toContainText('offline', { timeout: 10_000 });
  await expect(banner).toBeInViewport();
  await expect(page.locator('[role="status"]:has(#offline-banner)')).toHaveCount(1);
  const kept = await page.evaluate(() =>
    Object.keys(window.localStorage)
      .filter((k) => k.startsWith('onboarding.draft.'))
      .map((k) => window.localStorage.getItem(k))
      .join(),
  );
  expect(kept).toContain('离线科技有限公司');

  await context.setOffline(false);
  await expect(w.saveStatus).toContainText('Saved', { timeout: 15_000 });
  await expect(banner).toHaveCount(0);
  const saved = await request.get('/api/v1/draft', { headers: { authorization: `Bearer ${token}` } });
  expect((await saved.json()).draft.subject.merchant_name).toBe('离线科技有限公司');
});

test('every step fits a 320 px screen without scrolling sideways', async ({ page, request }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  const token = await registerThroughApi(request, 'enterprise');
  await signedIn(page, token, 'zh-CN');
  const w = new Wizard(page, 'zh-CN');
  for (const step of ['subject', 'legal-person', 'super-administrator', 'settlement-account', 'check']) {
    await page.goto(`/apply/${step}`);
    await expect(page.locator('h1')).toBeVisible();
    if (step === 'legal-person') await w.choose('legal_person.residency', 'mainland');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, step).toBeLessThanOrEqual(320);
  }
});

test('a step can be completed with the keyboard alone', async ({ page, request }, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'keyboards are for the desktop');
  const token = await registerThroughApi(request, 'individual_business');
  await signedIn(page, token, 'en', '/apply/legal-person');
  const w = new Wizard(page, 'en');
  await expect(w.heading).toBeFocused();

  /** Presses Tab until the element with `id` has the focus (it must be reachable, in order). */
  async function tabTo(id) {
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
    }
    throw new Error(`#${id} cannot be reached with Tab`);
  }

  await tabTo('legal_person-residency-mainland');
  await page.keyboard.press('Space');
  for (const [id, name] of [
    ['legal_person-id_front_image', 'portrait.png'],
    ['legal_person-id_back_image', 'emblem.png'],
  ]) {
    await tabTo(id);
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Space');
    await (await chooser).setFiles(photo(name));
    await expect(page.locator(`#${id}-status`)).toHaveText(/Uploaded/, { timeout: 20_000 });
  }
  await tabTo('legal_person-name');
  await page.keyboard.type('张三');
  await tabTo('legal_person-id_number');
  await page.keyboard.type('11010519491231002x');
  await tabTo('legal_person-validity_begin');
  await page.keyboard.type('01012020');
  await tabTo('legal_person-validity_end-long-term');
  await page.keyboard.press('Space');
  await tabTo('continue');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/apply\/super-administrator$/);
  await expect(w.heading).toBeFocused();
});
