/**
 * A shift lead assigns a visit to a technician from the visit card (issue 12, `visit.assign`): a
 * browser-mode console signed in as shift lead to a real desk server (a `npm run server` child on
 * PGlite) shows «Техник: не назначен», picks one of the desk's active technicians, and the
 * technician's pull then carries the visit; «Снять назначение» takes it back.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PRESET_ID, presetById } from '../../src-shared/domain/deskPresets';
import { slotStartsOn } from '../../src-shared/domain/visits';
import { uuidv7 } from '../../src-shared/ids';
import { RU_CALENDAR } from '../../src-shared/worktime/calendar';
import { send } from '../helpers/http';
import { startServerProcess } from '../helpers/serverProcess';
import { until } from '../helpers/until';
import { freePort, signInConsole } from './helpers/deskServer';
import { expect, open, test } from './helpers/tickets';

const ADMIN_PASSWORD = 'admin password for tests';

test('a shift lead assigns a visit to a technician from the visit card; the technician receives it; unassigned, it leaves them', async ({ page, host }) => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'desk-e2e-assign-'));
  const pw = join(dir, 'admin-password');
  writeFileSync(pw, `${ADMIN_PASSWORD}\n`, { mode: 0o600 });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = startServerProcess(['--port', String(port), '--data-dir', join(dir, 'data'), '--admin-password-file', pw, '--log-level', 'warn']);
  try {
    await server.waitFor(/Desk server: http/);
    const adminToken = ((await send(url, '/api/v1/session', { json: { login: 'admin', password: ADMIN_PASSWORD } })).json as { token: string }).token;
    const ids: Record<string, string> = {};
    for (const [login, displayName, role] of [
      ['lead', 'Старшая Смены', 'shift-lead'],
      ['tech-1', 'Пётр Монтёров', 'technician'],
      ['tech-2', 'Олег Кабелев', 'technician'],
    ] as const) {
      const r = await send(url, '/api/v1/users', { token: adminToken, json: { login, displayName, role, queues: [], password: `${login} password 1` } });
      expect(r.status, r.text).toBe(201);
      ids[login] = (r.json as { user: { id: string } }).user.id;
    }
    // A visit booked on the desk (by another console): on the server's clock, a working day ahead.
    const slot = slotStartsOn(RU_CALENDAR, presetById(DEFAULT_PRESET_ID)!, null, nextWorkingDay())[0]!;
    const visitId = randomUUID();
    const booked = await send(url, '/api/v1/sync/push', {
      token: adminToken,
      json: {
        clientId: randomUUID(),
        mutations: [
          {
            seq: 1,
            id: uuidv7(),
            name: 'visit.book',
            args: {
              id: visitId,
              ticketId: null,
              newTicketId: randomUUID(),
              number: '55-0001',
              contractNo: null,
              address: 'Москва, ул. Арбат, 5',
              responsible: 'Петров Пётр',
              phone: '+79039691445',
              slotStart: new Date(slot).toISOString(),
            },
            createdAt: new Date().toISOString(),
          },
        ],
      },
    });
    expect(JSON.stringify(booked.json)).toContain('"applied"');

    await open(page, host);
    await signInConsole(page, url, 'lead', 'lead password 1');
    await page.getByTestId('tab-tickets').click();
    await page.getByTestId('tickets-list').getByText('Выезд техника: Москва, ул. Арбат, 5').click();
    const card = page.getByTestId('ticket-detail').getByTestId('visit-card');
    await expect(card.getByTestId('visit-technician-name')).toHaveText('не назначен');
    const select = card.getByTestId('visit-technician-select');
    // Only the active technicians of the desk are offered (not the lead, not the admin).
    await expect(select.locator('option:not([disabled])')).toHaveText(['Олег Кабелев', 'Пётр Монтёров']);
    await select.selectOption({ label: 'Пётр Монтёров' });
    await expect(card.getByTestId('visit-technician-name')).toHaveText('Пётр Монтёров');
    await expect(page.getByTestId('ticket-detail')).toContainText('назначен технику Пётр Монтёров');

    // The change syncs: the technician's pull now carries the visit.
    const techToken = ((await send(url, '/api/v1/session', { json: { login: 'tech-1', password: 'tech-1 password 1' } })).json as { token: string }).token;
    const techVisits = async (): Promise<string[]> => {
      const r = await send(url, '/api/v1/sync/pull', { token: techToken, json: { clientId: techClient, cursor: null } });
      return ((r.json as { changes: { kind: string; id: string; data: unknown }[] }).changes ?? [])
        .filter((c) => c.kind === 'visit' && c.data !== null)
        .map((c) => c.id);
    };
    const techClient = randomUUID();
    await until('the technician receives the visit', async () => (await techVisits()).includes(visitId), 30_000);

    // «Снять назначение»: the visit leaves the technician.
    await card.getByTestId('visit-technician-unassign').click();
    await expect(card.getByTestId('visit-technician-name')).toHaveText('не назначен');
    await until('the visit left the technician', async () => !(await techVisits()).includes(visitId), 30_000);
    await expect(page.getByTestId('sync-status')).not.toContainText('Ждут отправки');
  } finally {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The next Monday–Friday after today (the server books on its own clock). */
function nextWorkingDay(): string {
  for (let d = 2; ; d++) {
    const day = new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
    if (slotStartsOn(RU_CALENDAR, presetById(DEFAULT_PRESET_ID)!, null, day).length > 0) return day;
  }
}
