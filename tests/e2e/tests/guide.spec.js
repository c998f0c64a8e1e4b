// The guide at `/`: what to prepare, by entity type and residency, in English, Simplified and Traditional Chinese.
import { expect, test } from '@playwright/test';
import {
  ENTITY_LABELS_EN,
  ENTITY_TYPES,
  FACES,
  GuidePage,
  RESIDENCIES,
} from '../pages/guide.js';

const LANGUAGES = ['en', 'zh-CN', 'zh-Hant'];

/** The identity images a legal person shows, by residency. */
const IDENTITY = {
  mainland: { present: ['portrait', 'national_emblem'], absent: [] },
  hong_kong: { present: ['front', 'back'], absent: [] },
  macao: { present: ['front', 'back'], absent: [] },
  taiwan: { present: ['front', 'back'], absent: [] },
  other_country: { present: ['photo_page'], absent: ['front', 'back', 'portrait'] },
};

test.describe('language', () => {
  test('a fresh English browser gets English', async ({ page }) => {
    const guide = new GuidePage(page);
    await guide.open();
    await guide.expectLanguage('en');
  });

  test('?lang=zh-CN opens the guide in Chinese', async ({ page }) => {
    const guide = new GuidePage(page);
    await guide.open({ lang: 'zh-CN' });
    await guide.expectLanguage('zh-CN');
  });

  test('the language switch changes the language, and the choice survives a reload', async ({ page }) => {
    const guide = new GuidePage(page);
    await guide.open();
    await guide.switchTo('zh-CN');
    await guide.expectLanguage('zh-CN');
    await guide.reload();
    await guide.expectLanguage('zh-CN');

    await guide.switchTo('zh-Hant');
    await guide.expectLanguage('zh-Hant');
    await guide.reload();
    await guide.expectLanguage('zh-Hant');

    await guide.switchTo('en');
    await guide.expectLanguage('en');
    await guide.reload();
    await guide.expectLanguage('en');
  });

  test('the switch offers the other languages, each named in itself', async ({ page }) => {
    const guide = new GuidePage(page);
    await guide.open({ lang: 'zh-CN' });
    const switcher = guide.languages.locator('summary');
    await expect(switcher).toHaveText('简体中文');
    await expect(guide.languages.getByRole('button')).toBeHidden();
    await switcher.click();
    await expect(guide.languages.getByRole('button')).toHaveText(['English', '繁體中文']);
    await expect(guide.languages.locator('#language-zh-Hant')).toHaveAttribute('lang', 'zh-Hant');
    await guide.languages.locator('#language-en').click();
    await guide.expectLanguage('en');
    // The pressed button is gone: the switch closes, and the focus goes back to it, now naming
    // the language chosen.
    await expect(switcher).toBeFocused();
    await expect(switcher).toHaveText('English');
    await expect(guide.languages.getByRole('button')).toBeHidden();
  });

  // Issue 15, item 9: the header took four lines (about 120 of 667 px) on a phone.
  for (const lang of ['en', 'zh-CN', 'zh-Hant']) {
    test(`the header is one line at 320 px (${lang})`, async ({ page }) => {
      await page.setViewportSize({ width: 320, height: 568 });
      const guide = new GuidePage(page);
      await guide.open({ lang });
      const header = page.locator('.site-header');
      const name = header.locator('.site-name');
      await expect(name.locator('.site-alliance')).toBeHidden();
      expect(await name.innerText()).toBe({ en: 'Promoter onboarding', 'zh-CN': '推客入驻', 'zh-Hant': '推客入駐' }[lang]);
      await expect(guide.languages.locator('summary')).toHaveCount(1);
      const [nameBox, switchBox] = [await name.boundingBox(), await guide.languages.boundingBox()];
      // Side by side, each one line high.
      expect(Math.abs(nameBox.y + nameBox.height / 2 - (switchBox.y + switchBox.height / 2))).toBeLessThan(4);
      expect(nameBox.height).toBeLessThan(32);
      expect((await header.boundingBox()).height).toBeLessThanOrEqual(72);
      // Opened, the switch's list lies over the page rather than pushing it down.
      const headingTop = (await guide.heading.boundingBox()).y;
      await guide.languages.locator('summary').click();
      await expect(guide.languages.getByRole('button')).toHaveCount(2);
      expect((await guide.heading.boundingBox()).y).toBe(headingTop);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    });
  }

  test('on a wide screen the header names the alliance too', async ({ page }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    const guide = new GuidePage(page);
    await guide.open({ lang: 'en' });
    expect(await page.locator('.site-header .site-name').innerText()).toBe('Mini Program alliance · Promoter onboarding');
  });

  test('a browser set to Hong Kong or Taiwan Chinese gets Traditional Chinese', async ({ browser, baseURL }) => {
    for (const locale of ['zh-HK', 'zh-TW']) {
      const context = await browser.newContext({ locale, baseURL });
      const guide = new GuidePage(await context.newPage());
      await guide.open();
      await guide.expectLanguage('zh-Hant');
      await context.close();
    }
  });
});

for (const lang of LANGUAGES) {
  test.describe(`choices (${lang})`, () => {
    test('three entity types, enterprise checked first', async ({ page }) => {
      const guide = new GuidePage(page);
      await guide.open({ lang });
      await expect(guide.entityType).toBeVisible();
      await expect(guide.entityType.locator('input[type="radio"]')).toHaveCount(ENTITY_TYPES.length);
      for (const value of ENTITY_TYPES) {
        const radio = guide.entityRadio(value);
        await expect(radio).toHaveCount(1);
        // Every choice needs a name a screen reader can say, in either language.
        await expect(radio).toHaveAccessibleName(/\S/);
        if (value === 'enterprise') await expect(radio).toBeChecked();
        else await expect(radio).not.toBeChecked();
      }
    });

    test(`entity type labels are in ${lang === 'en' ? 'English' : 'Chinese'}`, async ({ page }) => {
      const guide = new GuidePage(page);
      await guide.open({ lang });
      for (const [value, label] of Object.entries(ENTITY_LABELS_EN)) {
        const byEnglishName = page.getByRole('radio', { name: label, exact: true });
        if (lang === 'en') await expect(byEnglishName).toHaveAttribute('value', value);
        else await expect(byEnglishName).toHaveCount(0);
      }
    });

    test('five residencies, mainland checked first', async ({ page }) => {
      const guide = new GuidePage(page);
      await guide.open({ lang });
      await expect(guide.residency).toBeVisible();
      await expect(guide.residency.locator('input[type="radio"]')).toHaveCount(RESIDENCIES.length);
      for (const value of RESIDENCIES) {
        const radio = guide.residencyRadio(value);
        await expect(radio).toHaveCount(1);
        await expect(radio).toHaveAccessibleName(/\S/);
        if (value === 'mainland') await expect(radio).toBeChecked();
        else await expect(radio).not.toBeChecked();
      }
    });

    test('a personal account needs no residency and no documents', async ({ page }) => {
      const guide = new GuidePage(page);
      await guide.open({ lang });
      await guide.chooseEntity('personal');
      await expect(guide.personalReady).toBeVisible();
      await expect(guide.personalReady).toHaveText(/\S/);
      await expect(guide.checklist).toHaveCount(0);
      await expect(guide.residency).toBeHidden();

      // Going back brings the choices and the checklist back.
      await guide.chooseEntity('enterprise');
      await expect(guide.residency).toBeVisible();
      await guide.expectFaces({ present: ['licence'] });
      await expect(guide.personalReady).toBeHidden();
    });
  });
}

const CHECKLIST_CASES = [
  ...RESIDENCIES.flatMap((residency) =>
    LANGUAGES.map((lang) => ({ entity: 'enterprise', residency, lang })),
  ),
  ...RESIDENCIES.map((residency) => ({ entity: 'individual_business', residency, lang: 'en' })),
];

test.describe('checklist', () => {
  for (const { entity, residency, lang } of CHECKLIST_CASES) {
    test(`${entity}, legal person from ${residency} (${lang})`, async ({ page }) => {
      const guide = new GuidePage(page);
      await guide.openWith({ lang, entity, residency });
      const { present, absent } = IDENTITY[residency];
      // The business licence is always asked for, whatever the residency.
      await guide.expectFaces({ present: [...present, 'licence'], absent });
      for (const face of await guide.faceList()) expect(FACES).toContain(face);
    });
  }

  test('follows the residency as it changes', async ({ page }) => {
    const guide = new GuidePage(page);
    await guide.open();
    await guide.expectFaces({ present: ['portrait', 'national_emblem'], absent: ['photo_page'] });
    await guide.chooseResidency('other_country');
    await guide.expectFaces({ present: ['photo_page'], absent: ['portrait', 'front', 'back'] });
    await guide.chooseResidency('taiwan');
    await guide.expectFaces({ present: ['front', 'back'], absent: ['photo_page'] });
  });
});
