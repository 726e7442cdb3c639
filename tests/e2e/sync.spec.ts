/**
 * The sync state and the «Синхронизация» panel in Chromium (browser mode) against the sync
 * protocol double (tests/helpers/syncServerDouble.ts, real HTTP; the desk server's own sync routes
 * are on another branch): signed in → «В сети»; a ticket from the server appears without reload;
 * a refused change is listed with its reason and what to do, in Russian; the server gone →
 * «Нет связи с сервером с HH:MM» and the changes made meanwhile wait («Ждут отправки: 1»).
 */
import { startSyncServerDouble } from '../helpers/syncServerDouble';
import { expect, open, openContract, test } from './helpers/tickets';

test('sync: online, a server ticket arrives, a refused change is explained, offline since HH:MM with changes waiting', async ({ page, host }) => {
  test.setTimeout(120_000);
  const server = await startSyncServerDouble();
  server.reject = (m) => (m.name === 'ticket.create' ? { code: 'FORBIDDEN', message: 'queue support is not the operator’s', reason: null } : null);
  try {
    await open(page, host);
    // Alone: no sync state in the top bar.
    await expect(page.getByTestId('sync-status')).toHaveCount(0);
    await page.getByTestId('tab-settings').click();
    await page.getByTestId('server-url').fill(server.url);
    await page.getByTestId('server-login').fill('anna');
    await page.getByTestId('server-password').fill('any password');
    await page.getByTestId('server-sign-in').click();
    const status = page.getByTestId('sync-status');
    await expect(status).toHaveAttribute('data-state', 'online');
    await expect(status).toHaveText('В сети');

    // Another console's ticket reaches this one without a reload.
    const id = '01a24a32-0000-7000-8000-0000000000b1';
    const at = Date.parse('2026-11-24T08:00:00Z');
    server.publish({
      kind: 'ticket',
      id,
      version: 1,
      data: {
        id,
        number: '42-0901',
        type: 'question',
        priority: 3,
        status: 'new',
        channel: 'phone',
        queueId: 'support',
        assigneeId: null,
        assignee: null,
        contractNo: null,
        holderName: 'Петрова Мария',
        phone: null,
        serial: null,
        subject: 'Заявка с другой консоли',
        description: '',
        form: null,
        tariff: null,
        createdAt: at,
        createdBy: 'Борис',
        updatedAt: at,
        version: 1,
        sla: { kind: 'desk', targetMinutes: 480, extendedMinutes: 0, budgetMs: 8 * 3_600_000, anchorAt: at, metAt: null, dueAtMet: null },
        deadline: null,
      },
    });
    await page.getByTestId('sync-now').click();
    await page.getByTestId('tab-tickets').click();
    await expect(page.getByTestId('tickets-list').getByText('Заявка с другой консоли')).toBeVisible();

    // A ticket the server refuses: listed with the reason and what to do.
    await openContract(page, 'Д-000001');
    await page.getByTestId('contract-tickets').getByTestId('context-new-ticket').click();
    const form = page.getByTestId('ticket-new-form');
    await form.getByTestId('new-subject').fill('Нет интернета');
    await form.getByTestId('new-doing').fill('Открываю сайт');
    await form.getByTestId('new-expected').fill('Сайт открывается');
    await form.getByTestId('new-actual').fill('Ошибка');
    await form.getByTestId('new-save').click();
    await expect(page.getByTestId('ticket-detail')).toBeVisible();
    const number = (await page.getByTestId('ticket-detail').getAttribute('data-number')) ?? '';
    expect(number).toMatch(/^42-\d{4}$/); // the seat the server gave
    await expect(status).toContainText('Отклонено сервером: 1');
    await status.click();
    const item = page.getByTestId('sync-rejection');
    await expect(item).toContainText(`Новая заявка, заявка № ${number}`);
    await expect(item.getByTestId('sync-rejection-reason')).toHaveText('Причина: у вашей роли нет прав на это изменение');
    await expect(item).toContainText('обратитесь к старшему смены');
    await page.screenshot({ path: 'test-results/sync-panel.png', fullPage: true });

    // The server goes away: offline since HH:MM, and a change made now waits.
    await server.close();
    await page.getByTestId('sync-now').click();
    await expect(status).toHaveAttribute('data-state', 'offline');
    await expect(status).toContainText(/^Нет связи с сервером с \d{2}:\d{2}/);
    await item.getByRole('button', { name: 'Понятно, скрыть' }).click();
    await expect(page.getByTestId('sync-rejections-empty')).toBeVisible();
    await page.getByTestId('tab-tickets').click();
    await page.getByTestId('tickets-list').getByText('Заявка с другой консоли').click();
    await page.getByTestId('ticket-comment-text').fill('Перезвонить после обеда');
    await page.getByTestId('ticket-comment-save').click();
    await expect(status).toContainText('Ждут отправки: 1');
    await page.screenshot({ path: 'test-results/sync-offline.png' });
  } finally {
    await server.close(); // resolves also when already closed
  }
});
