// The authentication wizard, addressed by the domain's field paths (the form's element ids are
// the paths with `.`, `[` and `]` turned into `-`).
import { expect } from '@playwright/test';

export const TEXT = {
  en: { uploaded: /Uploaded/, errorTitle: /^Error: /, check: 'Check your answers before submitting' },
  'zh-CN': { uploaded: /已上传/, errorTitle: /^错误：/, check: '提交前请核对信息' },
  'zh-Hant': { uploaded: /已上傳/, errorTitle: /^錯誤：/, check: '提交前請核對資料' },
};

export function domId(path) {
  return path.replace(/[.[\]]/g, '-');
}

export class Wizard {
  /** @param {import('@playwright/test').Page} page */
  constructor(page, lang) {
    this.page = page;
    this.lang = lang;
    this.heading = page.locator('h1');
    this.summary = page.locator('.error-summary');
    this.continue = page.locator('#continue');
    this.saveStatus = page.locator('#save-status');
  }

  field(path) {
    return this.page.locator(`#${domId(path)}`);
  }

  error(path) {
    return this.page.locator(`#${domId(path)}-error`);
  }

  async fill(path, value) {
    await this.field(path).fill(value);
  }

  async choose(path, key) {
    await this.page.locator(`#${domId(path)}-${key}`).check();
  }

  /** Chooses a photo and waits until it is uploaded. */
  async upload(path, file) {
    await this.field(path).setInputFiles(file);
    await expect(this.page.locator(`#${domId(path)}-status`)).toHaveText(TEXT[this.lang].uploaded, {
      timeout: 20_000,
    });
  }

  async next(url) {
    await this.continue.click();
    await expect(this.page).toHaveURL(url);
  }
}
