/** Page-level steps shared by the e2e specs: open the console, import a directory, search. */
import type { Page } from '@playwright/test';
import { expect, test as base } from './fixture';
import { csvFolder } from './directoryCsv';
import { startHost, type RunningHost } from './host';

/** Each test gets its own host (fresh data folder, no demo directory) and stops it afterwards. */
export const test = base.extend<{ host: RunningHost; cspErrors: string[]; writeCsv: (name: string, content: string) => string }>({
  host: async ({}, use) => {
    const host = await startHost();
    try {
      await use(host);
    } finally {
      await host.stop();
    }
  },
  // CSV files of the test, in a temp folder removed afterwards.
  writeCsv: async ({}, use) => {
    const folder = csvFolder();
    try {
      await use(folder.write);
    } finally {
      folder.remove();
    }
  },
  // Console errors about the Content-Security-Policy: any is a bug (inline script/style, eval…).
  cspErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text())) errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    await use(errors);
  },
});
export { expect };

export async function openConsole(page: Page, host: RunningHost): Promise<void> {
  await page.goto(host.url);
  await expect(page.getByTestId('search-input')).toBeVisible();
  await expect(page.getByTestId('search-input')).toBeFocused();
  // The token leaves the address bar at once (it stays in sessionStorage for reloads).
  await expect.poll(() => page.evaluate(() => location.hash)).toBe('');
}

export async function importDirectory(page: Page, csvPath: string): Promise<void> {
  await page.getByTestId('tab-directory').click();
  await page.getByTestId('import-file').setInputFiles(csvPath);
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('import-result')).toBeVisible({ timeout: 30_000 });
}

export async function search(page: Page, text: string): Promise<void> {
  await page.getByTestId('tab-identification').click();
  const input = page.getByTestId('search-input');
  await input.fill(text);
}
