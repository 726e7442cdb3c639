/**
 * The base of every e2e spec: Playwright's `test` with one automatic check added. When a test
 * ends on a Russian screen, the page is scanned for English and developer text
 * (helpers/russianText.ts, issue 11 item 3), so every flow of the suite guards the language, not
 * only the forms spec. A test that already failed is not scanned (its own failure says more), nor
 * a page that never opened the console, nor one switched to English on purpose.
 */
import { expect, test as base } from '@playwright/test';
import { englishOnPage } from './russianText';

export const test = base.extend<{ russianScreen: void }>({
  russianScreen: [
    async ({ page }, use, testInfo) => {
      await use();
      if (testInfo.status !== testInfo.expectedStatus || page.isClosed()) return;
      const lang = await page
        .evaluate(() => document.documentElement.lang)
        .catch((e: unknown) => {
          // A page that navigated away or crashed has no screen to scan; the test's own steps
          // report that.
          testInfo.annotations.push({ type: 'russian-scan', description: `skipped: ${String(e)}` });
          return '';
        });
      if (lang !== 'ru') return;
      expect(await englishOnPage(page), 'English or developer text on the Russian screen at the end of the test').toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };
