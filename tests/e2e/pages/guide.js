// Page object for the guide at `/`: what to prepare before onboarding. The tests speak in the
// app's terms (entity type, residency, checklist faces); the selectors live only here.
import { expect } from '@playwright/test';

export const ENTITY_TYPES = ['enterprise', 'individual_business', 'personal'];
export const RESIDENCIES = ['mainland', 'hong_kong', 'macao', 'taiwan', 'other_country'];
/** Every image a checklist item may ask for (`li[data-face]`). */
export const FACES = ['portrait', 'national_emblem', 'front', 'back', 'photo_page', 'licence'];

export const HEADINGS = {
  en: 'What to prepare',
  'zh-CN': '入驻准备材料',
  'zh-Hant': '入駐準備材料',
};

export const ENTITY_LABELS_EN = {
  enterprise: 'Enterprise',
  individual_business: 'Individual business',
  personal: 'Personal',
};

export class GuidePage {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.html = page.locator('html');
    this.heading = page.locator('h1');
    this.entityType = page.locator('fieldset#entity-type');
    this.residency = page.locator('fieldset#residency');
    this.checklist = page.locator('#checklist');
    this.faces = this.checklist.locator('li[data-face]');
    this.personalReady = page.locator('#personal-ready');
    this.languages = page.getByRole('navigation', { name: /^(Language|语言|語言)$/ });
  }

  /**
   * Opens the guide and waits until the app has rendered it. English is what a fresh browser with
   * an English locale gets; another language is asked for with `?lang=`.
   */
  async open({ lang = 'en' } = {}) {
    await this.page.goto(lang === 'en' ? '/' : `/?lang=${encodeURIComponent(lang)}`);
    await this.waitForApp();
  }

  async reload() {
    await this.page.reload();
    await this.waitForApp();
  }

  /** The page is a wasm app: the guide is there once its heading is. */
  async waitForApp() {
    await expect(this.heading).toBeVisible();
  }

  entityRadio(value) {
    return this.page.locator(`input[type="radio"][name="entity_type"][value="${value}"]`);
  }

  residencyRadio(value) {
    return this.page.locator(`input[type="radio"][name="residency"][value="${value}"]`);
  }

  async chooseEntity(value) {
    await this.entityRadio(value).check();
  }

  async chooseResidency(value) {
    await this.residencyRadio(value).check();
  }

  /** Opens the guide in `lang` with the given entity type and residency chosen. */
  async openWith({ lang, entity = 'enterprise', residency } = {}) {
    await this.open({ lang });
    if (entity !== 'enterprise') await this.chooseEntity(entity);
    if (residency && residency !== 'mainland') await this.chooseResidency(residency);
  }

  /** The checklist items that ask for an image of `face`. */
  face(face) {
    return this.checklist.locator(`li[data-face="${face}"]`);
  }

  /** The `data-face` of every image item in the checklist, in page order (no waiting). */
  async faceList() {
    return this.faces.evaluateAll((items) => items.map((item) => item.dataset.face));
  }

  /** Waits until the checklist asks for every face in `present` and none in `absent`. */
  async expectFaces({ present = [], absent = [] }) {
    await expect(this.checklist).toBeVisible();
    for (const face of present) await expect(this.face(face).first()).toBeVisible();
    for (const face of absent) await expect(this.face(face)).toHaveCount(0);
  }

  /** Opens the header's language switch and presses the button for `lang`, which names the
   * language in itself. */
  async switchTo(lang) {
    await this.languages.locator('summary').click();
    await this.languages.locator(`#language-${lang}`).click();
  }

  /** Asserts the page is shown in `lang`: `<html lang>` and the one `<h1>`. */
  async expectLanguage(lang) {
    await expect(this.html).toHaveAttribute('lang', lang);
    await expect(this.heading).toHaveCount(1);
    await expect(this.heading).toHaveText(HEADINGS[lang]);
  }
}
