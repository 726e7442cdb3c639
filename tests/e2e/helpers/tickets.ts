/**
 * Tickets e2e fixtures: a console host with the demo directory (Д-000001 Иванов on
 * +7 903 969-14-45, desk profile 001: Mon–Fri 10:00–18:00, reaction one working day) whose clock
 * starts at a fixed instant (`--now`), so SLA clocks, slots and deadlines are deterministic.
 */
import type { Page } from '@playwright/test';
import { expect, test as base } from './fixture';
import { startHost, type RunningHost } from './host';

/** A Tuesday, 11:00 Moscow time: inside the desk's hours, no holiday near. */
export const TUESDAY_11 = '2026-11-24T11:00:00+03:00';

export const test = base.extend<{ now: string; host: RunningHost; noCspErrors: void }>({
  now: [TUESDAY_11, { option: true }],
  // The strict CSP (no inline styles): the virtualized list positions rows through the CSSOM,
  // which the policy allows; any "Refused to …" in the console fails the test.
  noCspErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text())) errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      await use();
      expect(errors, 'CSP violations or page errors').toEqual([]);
    },
    { auto: true },
  ],
  host: async ({ now }, use) => {
    const host = await startHost({ demo: true, now });
    try {
      await use(host);
    } finally {
      await host.stop();
    }
  },
});
export { expect };

export async function open(page: Page, host: RunningHost): Promise<void> {
  await page.goto(host.url);
  await expect(page.getByTestId('search-input')).toBeVisible();
  await expect(page.getByTestId('topbar-directory')).toContainText('демо');
}

/** Finds a contract by the search field and opens its caller card. */
export async function openContract(page: Page, contractNo: string): Promise<void> {
  await page.getByTestId('tab-identification').click();
  await page.getByTestId('search-input').fill(contractNo);
  await page.getByTestId('search-input').press('Enter');
  await expect(page.getByTestId('card-contract-no')).toHaveText(contractNo);
}

/** The page never scrolls sideways at 1280×800 (UX.md). */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, 'page width').toBeLessThanOrEqual(client);
}
