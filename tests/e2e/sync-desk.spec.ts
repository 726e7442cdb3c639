/**
 * Two browser-mode consoles on one real desk server (a `npm run server` child on PGlite): a
 * ticket created in one appears in the other without a reload (live poke → pull); the server
 * stopped by PID → «Нет связи с сервером с HH:MM», a comment still saves and waits; the server
 * back on the same port → the waiting change is sent and shows in the other console.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { send } from '../helpers/http';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess';
import { freePort, signInConsole } from './helpers/deskServer';
import { startHost } from './helpers/host';
import { TUESDAY_11, expect, open, openContract, test } from './helpers/tickets';

const ADMIN_PASSWORD = 'admin password for tests';

test('sync between two consoles: a new ticket appears live; offline with a waiting comment; back online it reaches the other console', async ({
  page,
  host,
  context,
}) => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'desk-e2e-'));
  const pw = join(dir, 'admin-password');
  writeFileSync(pw, `${ADMIN_PASSWORD}\n`, { mode: 0o600 });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const serve = async (): Promise<ServerProcess> => {
    const s = startServerProcess(['--port', String(port), '--data-dir', join(dir, 'data'), '--admin-password-file', pw, '--log-level', 'warn']);
    await s.waitFor(/Desk server: http/);
    return s;
  };
  let server = await serve();
  const other = await startHost({ demo: true, now: TUESDAY_11 });
  try {
    const admin = await send(url, '/api/v1/session', { json: { login: 'admin', password: ADMIN_PASSWORD } });
    const adminToken = (admin.json as { token: string }).token;
    const queues = ((await send(url, '/api/v1/queues', { token: adminToken })).json as { queues: { id: string }[] }).queues.map((q) => q.id);
    for (const [login, displayName] of [
      ['anna', 'Анна Петрова'],
      ['boris', 'Борис Орлов'],
    ] as const) {
      const r = await send(url, '/api/v1/users', {
        token: adminToken,
        json: { login, displayName, role: 'operator', queues, password: `${login} password 1` },
      });
      expect(r.status, r.text).toBe(201);
    }

    await open(page, host);
    const page2 = await context.newPage();
    await open(page2, other);
    await signInConsole(page, url, 'anna', 'anna password 1');
    await signInConsole(page2, url, 'boris', 'boris password 1');
    await page2.getByTestId('tab-tickets').click();

    // A ticket created in the first console appears in the second without a reload.
    await openContract(page, 'Д-000001');
    await page.getByTestId('contract-tickets').getByTestId('context-new-ticket').click();
    const form = page.getByTestId('ticket-new-form');
    await form.getByTestId('new-subject').fill('Нет интернета у Иванова');
    await form.getByTestId('new-doing').fill('Открываю сайт');
    await form.getByTestId('new-expected').fill('Сайт открывается');
    await form.getByTestId('new-actual').fill('Ошибка');
    await form.getByTestId('new-save').click();
    await expect(page.getByTestId('ticket-detail')).toBeVisible();
    await expect(page2.getByTestId('tickets-list').getByText('Нет интернета у Иванова')).toBeVisible({ timeout: 30_000 });

    // The server stops (SIGKILL by PID): the first console says since when, and a comment waits.
    server.kill();
    await server.exited;
    await page.getByTestId('ticket-comment-text').fill('Перезвонить после обеда');
    await page.getByTestId('ticket-comment-save').click();
    const status = page.getByTestId('sync-status');
    await expect(status).toHaveAttribute('data-state', 'offline', { timeout: 30_000 });
    await expect(status).toContainText(/^Нет связи с сервером с \d{2}:\d{2}/);
    await expect(status).toContainText('Ждут отправки: 1');

    // The server is back on the same port and data: the comment is sent and reaches the other console.
    server = await serve();
    await expect(status).toHaveAttribute('data-state', 'online', { timeout: 90_000 });
    await expect(status).not.toContainText('Ждут отправки');
    await page2.getByTestId('tickets-list').getByText('Нет интернета у Иванова').click();
    await expect(page2.getByTestId('ticket-detail').getByText('Перезвонить после обеда')).toBeVisible({ timeout: 60_000 });
    await page2.close();
  } finally {
    server.kill();
    await other.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
