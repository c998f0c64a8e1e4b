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
    this.outsideWechat = page.locator('#outside-wechat');
    this.sandboxWechat = page.locator('#sandbox-wechat');
    this.done = page.locator('#phone-done');
    this.goToRegister = page.locator('#go-to-register');
  }

  /** Signs in on the sandbox's WeChat, as WeChat's web authorization does: to its authorize
   * page, "confirm", and back to this page with the outcome. Outside WeChat the page offers the
   * sandbox's WeChat; inside it (a MicroMessenger user agent) the page goes there by itself.
   * The phone's WeChat user is the one it signed in as before, if any (as on a real phone). */
  async signInWithWechat() {
    const authorize = /\/sandbox\/wechat\/connect\/oauth2\/authorize\?/;
    if (!authorize.test(this.page.url())) {
      await expect(this.sandboxWechat.or(this.page.locator('#confirm-new'))).toBeVisible();
      if (await this.sandboxWechat.isVisible()) {
        await this.sandboxWechat.click();
      }
    }
    await this.page.waitForURL(authorize);
    const current = this.page.locator('#confirm-current');
    await (await current.count() ? current : this.page.locator('#confirm-new')).click();
    await expect(this.done).toBeVisible();
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
  await new PhonePage(phone).signInWithWechat();
  await phone.close();
}
