/**
 * What the top bar tells the operator must be true (issue 11): «Доступен» is green only when a
 * call can arrive; the retry countdown ticks on the host's clock (here 12 days behind this
 * machine's, `--now`); when the console host is gone the bar keeps the clock, says so once, and
 * searches and lists end in a clear «нет связи» instead of spinning.
 */
import { createServer } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, open, test } from './helpers/tickets';
import { topBarClipped } from './helpers/topbar';

/** A loopback port nobody listens on: the PBX of this test is unreachable. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
  const addr = srv.address();
  await new Promise<void>((ok) => srv.close(() => ok()));
  if (addr === null || typeof addr === 'string') throw new Error('no port');
  return addr.port;
}

/** Settings → Телефония: an account whose PBX does not answer (saving connects it at once). */
async function phoneWithDeadPbx(page: Page): Promise<void> {
  const port = await closedPort();
  await page.getByTestId('tab-settings').click();
  await page.getByTestId('phone-wsUri').fill(`ws://127.0.0.1:${port}/`);
  await page.getByTestId('phone-sipUri').fill('sip:1001@127.0.0.1');
  await page.getByTestId('phone-authUser').fill('1001');
  await page.getByTestId('phone-password').fill('секрет');
  await page.getByTestId('phone-save').click();
  await expect(page.getByTestId('phone-saved')).toBeVisible();
  await page.getByTestId('tab-identification').click();
}

test('PBX unreachable: the agent is grey «Доступен, но АТС недоступна», the retry counts down; the bar fits in ru and en', async ({ page, host }) => {
  test.setTimeout(60_000);
  await open(page, host);
  await phoneWithDeadPbx(page);

  const agent = page.getByTestId('agent-button');
  await expect(agent).toContainText('Доступен, но АТС недоступна');
  await expect(agent).toHaveAttribute('data-tone', 'idle');

  // The countdown runs on the host's clock: seconds left, then fewer (never a frozen «0 с»).
  const sip = page.getByTestId('topbar').getByTestId('sip-status');
  const seen = new Set<number>();
  await expect
    .poll(
      async () => {
        const m = /повтор через (\d+) с/.exec((await sip.textContent()) ?? '');
        if (m) seen.add(Number(m[1]));
        return [...seen].filter((n) => n > 0).length;
      },
      { timeout: 30_000, intervals: [200] },
    )
    .toBeGreaterThanOrEqual(2);
  expect(seen.has(0), `seen: ${[...seen].join(', ')}`).toBe(false);
  await page.screenshot({ path: 'test-results/status-pbx-unreachable.png' });
  expect(await topBarClipped(page)).toEqual([]);

  await page.getByTestId('locale-switch').selectOption('en');
  await expect(agent).toContainText('Available, but the PBX is unreachable');
  expect(await topBarClipped(page)).toEqual([]);
});

test('console host gone: the clock stays, the agent is not green, search and tickets end in «нет связи»', async ({ page, host }) => {
  test.setTimeout(60_000);
  await open(page, host);
  await phoneWithDeadPbx(page);
  await page.getByTestId('search-input').fill('Иванов');
  await expect(page.getByTestId('search-result').first()).toBeVisible();

  await host.stop();

  const bar = page.getByTestId('topbar');
  await expect(page.getByTestId('connection-state')).toContainText('Нет связи с программой');
  const agent = page.getByTestId('agent-button');
  await expect(agent).toHaveAttribute('data-tone', 'idle');
  await expect(agent).toContainText('Звонки не поступают');
  // The last SIP status is stale with the host gone: not shown as if it were live.
  await expect(page.getByTestId('topbar').getByTestId('sip-status')).toHaveCount(0);
  // The clock keeps its place in the bar.
  const clock = await page.getByTestId('clock').boundingBox();
  const barBox = await bar.boundingBox();
  expect(clock && barBox && clock.x + clock.width <= barBox.x + barBox.width && clock.y >= barBox.y && clock.y + clock.height <= barBox.y + barBox.height).toBe(
    true,
  );
  expect(await topBarClipped(page)).toEqual([]);

  // A search typed now ends in a clear state within seconds, not «Поиск…» for good.
  await page.getByTestId('search-input').fill('Петров');
  const status = page.getByTestId('search-status');
  await expect(status).toContainText('Нет связи с программой — повторим автоматически', { timeout: 10_000 });
  await expect(status).not.toContainText('Поиск…');

  // The tickets tab, first opened now: «Заявки не загружены» and the reason, not «Загрузка заявок…».
  await page.getByTestId('tab-tickets').click();
  await expect(page.getByTestId('tickets-count')).toContainText('Заявки не загружены', { timeout: 10_000 });
  await expect(page.getByTestId('tickets-error')).toContainText('Нет связи с программой — повторим автоматически');
  await page.screenshot({ path: 'test-results/status-host-gone.png' });
});
