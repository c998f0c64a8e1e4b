// Page objects for sign-in by QR ticket, the sandbox phone page, registration and the ready page.
import { expect } from '@playwright/test';

export class SignInPage {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.qr = page.locator('.qr svg');
    this.state = page.locator('#ticket-state');
    this.openOnDevice = page.locator('#open-on-device');
  }

  async open(lang) {
    await this.page.goto(lang === 'en' ? '/sign-in?lang=en' : `/sign-in?lang=${encodeURIComponent(lang)}`);
    await expect(this.qr).toBeVisible();
  }

  /** The sandbox phone page of this ticket (what the QR code encodes, on this server). */
  async phonePath() {
    return this.openOnDevice.getAttribute('href');
  }
}

export class PhonePage {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.confirm = page.locator('#confirm');
    this.done = page.locator('#phone-done');
    this.goToRegister = page.locator('#go-to-register');
  }
}

export class RegisterPage {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.heading = page.locator('h1');
    this.summary = page.locator('.error-summary');
    this.notice = page.locator('#notice-agree');
    this.name = page.locator('#account-name');
    this.nameError = page.locator('#account-name-error');
    this.submit = page.locator('#register');
  }

  entity(key) {
    return this.page.locator(`#entity-type-${key}`);
  }
}

/** Signs in from the sign-in page on screen: its code is "scanned" by a second page, the phone,
 * which confirms and closes once confirmed. */
export async function signInOnPhone(page, context) {
  const signIn = new SignInPage(page);
  await expect(signIn.qr).toBeVisible();
  const phone = await context.newPage();
  await phone.goto(await signIn.phonePath());
  const phonePage = new PhonePage(phone);
  await phonePage.confirm.click();
  await expect(phonePage.done).toBeVisible();
  await phone.close();
}
