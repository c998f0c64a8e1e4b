// WCAG 2.1 A and AA, as axe-core checks them, on every state of the guide in each language.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { GuidePage, RESIDENCIES } from '../pages/guide.js';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** One line per violation, so a failure says what and where without opening the report. */
function summary(violations) {
  return violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

async function expectNoViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  expect(summary(results.violations)).toEqual([]);
}

for (const lang of ['en', 'zh-CN', 'zh-Hant']) {
  test.describe(`accessibility (${lang})`, () => {
    for (const residency of RESIDENCIES) {
      test(`guide for an enterprise from ${residency}`, async ({ page }) => {
        const guide = new GuidePage(page);
        await guide.openWith({ lang, residency });
        await expect(guide.residencyRadio(residency)).toBeChecked();
        await expect(guide.checklist).toBeVisible();
        await expectNoViolations(page);
      });
    }

    test('guide for a personal account', async ({ page }) => {
      const guide = new GuidePage(page);
      await guide.openWith({ lang, entity: 'personal' });
      await expect(guide.personalReady).toBeVisible();
      await expectNoViolations(page);
    });
  });
}
