/**
 * Download: pages by cursor, each validated and applied in ONE transaction with its cursor; rows
 * with pending local mutations kept until their acknowledgement and a pull covering it arrived;
 * `reset` takes a snapshot and keeps the outbox. Real SQLite files, the real desk server (PGlite,
 * behind the fault proxy: desk.ts), another console writing what this one pulls. The protocol
 * double remains for answers the real server never gives: a change older than the one held, and a
 * person removed (users are only ever disabled).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PageEffect } from '../../../src-main/sync/apply';
import { pruneChangeLog } from '../../../src-server/sync/pull';
import { DEFAULT_PRESET_ID, presetById } from '../../../src-shared/domain/deskPresets';
import { slotStartsOn } from '../../../src-shared/domain/visits';
import { uuidv7 } from '../../../src-shared/ids';
import { API_PREFIX } from '../../../src-shared/server/api';
import { RU_CALENDAR } from '../../../src-shared/worktime/calendar';
import { send } from '../../helpers/http';
import { startSyncServerDouble, type SyncServerDouble } from '../../helpers/syncServerDouble';
import { useTempDir } from '../../helpers/tmp';
import { until } from '../../helpers/until';
import { useDesk } from './desk';
import { change, openConsole, serverTicket, startSync, type Console } from './kit';
import { makePerson, signIn } from './rig';

describe('sync pull: pages into the local tables', () => {
  const { desk } = useDesk('sync-pull-');
  const tmp = useTempDir('sync-pull-');
  const open: Console[] = [];
  let double: SyncServerDouble | null = null;
  afterEach(async () => {
    for (const c of open.splice(0)) {
      await c.client.stop();
      c.close();
    }
    desk().proxy.plan(null);
    await double?.close();
    double = null;
  });
  const consoleAt = (s: { url: string; token: string }, o?: Parameters<typeof openConsole>[2]) => {
    const c = openConsole(tmp(), s, o);
    open.push(c);
    return c;
  };
  /** Boris's console, straight to the server: the other operator whose work this console pulls. */
  async function boris(): Promise<Console> {
    const c = consoleAt({ url: desk().server.url, token: desk().people['op-boris']!.token() });
    expect(await startSync(c)).toMatchObject({ status: 'online' });
    return c;
  }
  /** The protocol double (a person removed: see the test). */
  const start = async () => (double = await startSyncServerDouble());
  /** A slot a week or more ahead of the real clock: the server checks bookings against its own time, not NOW. */
  function slotAhead(): number {
    for (let day = 7; ; day++) {
      const slots = slotStartsOn(RU_CALENDAR, presetById(DEFAULT_PRESET_ID)!, null, new Date(Date.now() + day * 86_400_000).toISOString().slice(0, 10));
      if (slots.length > 0) return slots[0]!;
    }
  }
  const drained = (c: Console, what: string) => until(what, async () => (await c.client.syncNow()).pending === 0);
  /** An operator of `queues` only, signed in through the proxy. */
  let made = 0;
  async function operatorOf(queues: string[]): Promise<{ url: string; token: string }> {
    const d = desk();
    const login = `op-q${++made}`;
    const password = `${login} password 1`;
    const r = await send(d.server.url, '/api/v1/users', { token: d.adminToken, json: { login, displayName: login, role: 'operator', queues, password } });
    expect(r.status, r.text).toBe(201);
    return { url: d.proxy.url, token: await signIn(d.server.url, login, password) };
  }
  const rowVersion = async (id: string) =>
    Number((await desk().server.storage.query<{ v: number }>('SELECT row_version AS v FROM sync_tickets WHERE id = $1', [id])).rows[0]?.v);
  const pullsSeen: (() => void)[] = [];
  /** Runs `fn` when a pull request reaches the proxy, before the server answers it. */
  function beforePull(fn: () => void): void {
    pullsSeen.push(fn);
    desk().proxy.plan((req) => {
      if (req.path.startsWith(`${API_PREFIX}/sync/pull`)) for (const f of pullsSeen) f();
      return null;
    });
  }
  afterEach(() => {
    pullsSeen.length = 0;
  });

  it('applies pages of tickets with their history, derived columns and counts; data: null (the ticket left the buckets) deletes with the history', async () => {
    const b = await boris();
    const a = b.ticket('Первый');
    const queue = b.ticketRow(a)?.queue_id as string;
    const second = b.ticket('Второй');
    b.runMutation('ticket.transition', { id: second, to: 'in_progress', reason: '' } as never);
    b.runMutation('ticket.update', { id: a, subject: 'Изменён' } as never);
    await drained(b, 'Boris drained');

    const pages: PageEffect[] = [];
    const c = consoleAt(await operatorOf([queue]), { pullLimit: 2, onPage: (e) => pages.push(e) });
    expect(await startSync(c)).toMatchObject({ status: 'online' });
    expect(pages.length).toBeGreaterThan(1); // pages of 2
    expect(pages.every((p) => p.applied <= 2)).toBe(true);
    // The derived SLA columns come from the same mapper local writes use: equal to Boris's, who holds the server's row too.
    const sla = (r: Record<string, unknown> | undefined) =>
      Object.fromEntries(Object.entries(r ?? {}).filter(([k]) => k.startsWith('sla_') || ['number', 'subject', 'queue_id', 'status'].includes(k)));
    await b.client.syncNow();
    expect(sla(c.ticketRow(a))).toEqual(sla(b.ticketRow(a)));
    expect(c.ticketRow(a)).toMatchObject({ subject: 'Изменён', queue_id: queue, sla_due_ms: expect.any(Number) as unknown });
    expect(c.ticketRow(second)).toMatchObject({ status: 'in_progress' });
    const events = (x: Console) => x.count(`SELECT count(*) AS n FROM ticket_events WHERE ticket_id = '${a}'`);
    expect(events(c)).toBeGreaterThan(0);
    expect(events(c)).toBe(events(b));
    const tickets = c.count('SELECT count(*) AS n FROM tickets');
    expect(tickets).toBeGreaterThanOrEqual(2);
    expect(c.count("SELECT n FROM ticket_counts WHERE key = 'all'")).toBe(tickets);
    // The search index follows the rows (triggers in the same transaction).
    expect(
      c.count(`SELECT count(*) AS n FROM tickets_fts JOIN tickets t ON t.rowid = tickets_fts.rowid WHERE tickets_fts MATCH 'изменен' AND t.id = '${a}'`),
    ).toBe(1);
    expect(c.db.prepare('SELECT version FROM sync_rows WHERE kind = ? AND id = ?').get('ticket', a)).toEqual({ version: await rowVersion(a) });
    expect(c.store.cursor()).not.toBeNull();
    expect(pages.flatMap((p) => p.tickets)).toEqual(expect.arrayContaining([a, second]));

    // Boris hands the ticket to a queue this operator does not serve: it leaves the console with its history.
    const other = (await desk().server.storage.query<{ id: string }>('SELECT id FROM queues WHERE id <> $1 ORDER BY id LIMIT 1', [queue])).rows[0]!.id;
    b.runMutation('ticket.handoff', { id: a, queueId: other, reason: 'не наш профиль', extendMinutes: 0 } as never);
    await drained(b, 'handoff sent');
    await c.client.syncNow();
    expect(c.ticketRow(a)).toBeUndefined();
    expect(events(c)).toBe(0);
    expect(c.count("SELECT n FROM ticket_counts WHERE key = 'all'")).toBe(tickets - 1);
  });

  it('a change not newer than the one held is skipped', async () => {
    // The protocol double: the real server's log never serves a row's older version after a newer one.
    const s = (double = await startSyncServerDouble({ pageMax: 2 }));
    const c = consoleAt(s);
    const a = '01a24a32-0000-7000-8000-00000000000a';
    s.publish(
      change('ticket', a, 3, serverTicket(a, { subject: 'Изменён', version: 2 })),
      change('ticket', a, 2, serverTicket(a, { subject: 'Старый', version: 2 })),
    );
    expect(await startSync(c)).toMatchObject({ status: 'online' });
    expect(c.ticketRow(a)).toMatchObject({ subject: 'Изменён' });
    expect(c.db.prepare('SELECT version FROM sync_rows WHERE kind = ? AND id = ?').get('ticket', a)).toEqual({ version: 3 });
  });

  it('a row with a pending local mutation is not overwritten until its acknowledgement and a pull covering it arrived', async () => {
    const b = await boris();
    const c = consoleAt(desk().as('op-anna'), { pullLimit: 1 });
    const id = c.ticket('Моя заявка');
    expect(await startSync(c)).toMatchObject({ status: 'online', pending: 0 });
    await c.client.stop();
    // Offline, Anna renames her ticket; meanwhile Boris's edit of the same ticket reaches the server first.
    c.runMutation('ticket.update', { id, subject: 'Моя правка' } as never);
    await until('Boris has the ticket', async () => (await b.client.syncNow(), b.ticketRow(id) !== undefined));
    b.runMutation('ticket.update', { id, subject: 'Чужая правка', priority: 2 } as never);
    await drained(b, 'Boris drained');
    const seen: unknown[] = [];
    beforePull(() => seen.push(c.ticketRow(id)?.subject));
    await startSync(c);
    // Between the pages the local row stayed hers (never «Чужая правка»); at the end the server's merged row.
    expect(seen.length).toBeGreaterThan(1);
    expect(new Set(seen)).toEqual(new Set(['Моя правка']));
    expect(c.ticketRow(id)).toMatchObject({ subject: 'Моя правка', priority: 2 });
    expect(c.db.prepare('SELECT version FROM sync_rows WHERE id = ?').get(id)).toEqual({ version: await rowVersion(id) });
    expect(c.count('SELECT count(*) AS n FROM sync_deferred')).toBe(0);
    expect(c.outboxSeqs()).toEqual([]);
  });

  it('a held-back server row is applied after the covering pull even when the local mutation was rejected (no newer change comes)', async () => {
    const b = await boris();
    const id = b.ticket('Общая');
    await drained(b, 'Boris drained');
    const c = consoleAt(desk().as('op-anna'));
    await startSync(c);
    expect(c.ticketRow(id)).toBeDefined();
    // Offline, the operator starts work on the ticket; meanwhile another operator cancels it (R-TKT-STATUS: final).
    await c.client.stop();
    c.runMutation('ticket.transition', { id, to: 'in_progress', reason: '' } as never);
    expect(c.ticketRow(id)).toMatchObject({ status: 'in_progress' });
    b.runMutation('ticket.transition', { id, to: 'cancelled', reason: 'дубль' } as never);
    await drained(b, 'the cancel is on the server');
    await startSync(c);
    expect(c.ticketRow(id)).toMatchObject({ status: 'cancelled' });
    expect(c.client.state()).toMatchObject({ rejected: 1, pending: 0 });
    expect(c.db.prepare('SELECT code, reason_kind FROM sync_rejections').get()).toEqual({ code: 'CONFLICT', reason_kind: 'transition' });
  });

  it('reset: synced rows are dropped and the snapshot taken; pending local rows and the outbox stay', async () => {
    const b = await boris();
    const gone = b.ticket('Уйдёт');
    const queue = b.ticketRow(gone)?.queue_id as string;
    await drained(b, 'Boris drained');
    const pages: PageEffect[] = [];
    const me = await operatorOf([queue]);
    const c = consoleAt(me, { onPage: (e) => pages.push(e) });
    await startSync(c);
    expect(c.ticketRow(gone)).toBeDefined();
    await c.client.stop();
    // Offline work: a call and a ticket, pending.
    const mine = c.ticket('Офлайн');
    const call = c.offer();
    // Meanwhile «gone» leaves this operator's queue, «kept» arrives, and the log is cut behind this console's cursor.
    const other = (await desk().server.storage.query<{ id: string }>('SELECT id FROM queues WHERE id <> $1 ORDER BY id LIMIT 1', [queue])).rows[0]!.id;
    b.runMutation('ticket.handoff', { id: gone, queueId: other, reason: 'не наш профиль', extendMinutes: 0 } as never);
    const kept = b.ticket('Останется');
    await drained(b, 'Boris drained again');
    expect(await pruneChangeLog(desk().server.storage, { days: 1, now: new Date(Date.now() + 3 * 86_400_000) })).toBeGreaterThan(0);
    let pendingAtReset = -1;
    beforePull(() => {
      if (pendingAtReset < 0) pendingAtReset = c.outboxSeqs().length;
    });
    pages.length = 0;
    await startSync(c);
    expect(pendingAtReset).toBe(2); // the outbox was intact when the snapshot came
    expect(pages.some((p) => p.allTickets)).toBe(true); // a reset page
    expect(c.ticketRow(gone)).toBeUndefined();
    expect(c.ticketRow(kept)).toBeDefined();
    expect(c.ticketRow(mine)).toBeDefined(); // pending when the reset page came: kept
    expect(c.count(`SELECT count(*) AS n FROM calls WHERE id = '${call}'`)).toBe(1);
    expect((await desk().stored(c.store.clientId())).map((m) => m.name)).toEqual(['ticket.create', 'call.offered']);
  });

  it('the desk’s people (`user` rows of ref) are stored, updated and taken again whole by a reset; a visit assigned by a shift lead keeps its technician', async () => {
    const d = desk();
    const tech = await makePerson(d.server.url, d.adminToken, { login: 'tech-pull', displayName: 'Техник Пётр', role: 'technician' });
    const lead = await makePerson(d.server.url, d.adminToken, { login: 'lead-pull', displayName: 'Старший Смены', role: 'shift-lead' });
    const second = await makePerson(d.server.url, d.adminToken, { login: 'tech-pull-2', displayName: 'Второй Техник', role: 'technician' });
    // The shift lead's console books a visit and assigns it to the technician it pulled (visit.assign, pushed).
    const leadConsole = consoleAt({ url: d.server.url, token: lead.token() });
    expect(await startSync(leadConsole)).toMatchObject({ status: 'online' });
    const booked = leadConsole.runMutation('visit.book', {
      id: uuidv7(),
      ticketId: null,
      newTicketId: uuidv7(),
      contractNo: null,
      address: 'Москва, ул. Арбат, 7',
      responsible: 'Иванов',
      phone: '+79039691445',
      slotStart: new Date(slotAhead()).toISOString(),
    }).result as { visitId: string };
    const v = booked.visitId;
    leadConsole.runMutation('visit.assign', { id: v, technicianId: tech.id });
    await drained(leadConsole, 'the lead’s console pushed the visit');
    expect((await d.stored(leadConsole.store.clientId())).map((m) => [m.name, m.status])).toEqual([
      ['visit.book', 'applied'],
      ['visit.assign', 'applied'],
    ]);

    const pages: PageEffect[] = [];
    const c = consoleAt(d.as('op-anna'), { onPage: (e) => pages.push(e) });
    await startSync(c);
    type Row = { id: string; name: string; role: string; disabled: number };
    const ids = [tech.id, lead.id, second.id];
    const people = () => c.db.prepare('SELECT id, display_name AS name, role, disabled FROM desk_users WHERE id IN (?, ?, ?) ORDER BY id').all(...ids) as Row[];
    const byId = (rows: Row[]) => [...rows].sort((x, y) => (x.id < y.id ? -1 : 1));
    // `ref` is every user of the desk, whatever the console's queues: as many as the server has.
    const serverUsers = async () => Number((await d.server.storage.query<{ n: number }>('SELECT count(*)::int AS n FROM users')).rows[0]!.n);
    expect(people()).toEqual(
      byId([
        { id: tech.id, name: 'Техник Пётр', role: 'technician', disabled: 0 },
        { id: lead.id, name: 'Старший Смены', role: 'shift-lead', disabled: 0 },
        { id: second.id, name: 'Второй Техник', role: 'technician', disabled: 0 },
      ]),
    );
    expect(c.count('SELECT count(*) AS n FROM desk_users')).toBe(await serverUsers());
    const technicianOf = () => c.db.prepare('SELECT technician_id AS t FROM visits WHERE id = ?').get(v);
    expect(technicianOf()).toEqual({ t: tech.id });

    // The admin disables the technician and renames the lead. The admin API has no route for
    // either yet: the users row is written as the admin's tool would, and the server's trigger
    // versions and logs it like any admin write.
    await d.server.storage.query('UPDATE users SET disabled = true WHERE id = $1', [tech.id]);
    await d.server.storage.query('UPDATE users SET display_name = $2 WHERE id = $1', [lead.id, 'Старшая Смены']);
    await c.client.syncNow();
    expect(people()).toEqual(
      byId([
        { id: tech.id, name: 'Техник Пётр', role: 'technician', disabled: 1 },
        { id: lead.id, name: 'Старшая Смены', role: 'shift-lead', disabled: 0 },
        { id: second.id, name: 'Второй Техник', role: 'technician', disabled: 0 },
      ]),
    );
    expect(c.db.prepare('SELECT version FROM sync_rows WHERE kind = ? AND id = ?').get('user', tech.id)).toEqual({ version: 2 });
    expect(technicianOf()).toEqual({ t: tech.id }); // a disabled technician stays on the visits assigned to them

    // A reset: offline, the second technician is renamed and the log is cut behind this console's
    // cursor; the snapshot brings every person again as they are now.
    await c.client.stop();
    await d.server.storage.query('UPDATE users SET display_name = $2 WHERE id = $1', [second.id, 'Техник Второй']);
    expect(await pruneChangeLog(d.server.storage, { days: 1, now: new Date(Date.now() + 3 * 86_400_000) })).toBeGreaterThan(0);
    pages.length = 0;
    await startSync(c);
    expect(pages.some((p) => p.allTickets)).toBe(true); // a reset page
    expect(people()).toEqual(
      byId([
        { id: tech.id, name: 'Техник Пётр', role: 'technician', disabled: 1 },
        { id: lead.id, name: 'Старшая Смены', role: 'shift-lead', disabled: 0 },
        { id: second.id, name: 'Техник Второй', role: 'technician', disabled: 0 },
      ]),
    );
    expect(c.count('SELECT count(*) AS n FROM desk_users')).toBe(await serverUsers());
    expect(technicianOf()).toEqual({ t: tech.id });
  });

  it('a person sent with data: null is removed, and a snapshot without a person drops them', async () => {
    // The protocol double: the real server never deletes a user (an admin only disables one), so
    // its pull never sends a `user` row with data: null nor a snapshot that lacks a known person.
    const s = await start();
    const c = consoleAt(s);
    const tech = '01a24a32-0000-7000-8000-0000000000e1';
    const lead = '01a24a32-0000-7000-8000-0000000000e2';
    const left = '01a24a32-0000-7000-8000-0000000000e3';
    s.publish(
      change('user', tech, 1, { id: tech, displayName: 'Техник Пётр', role: 'technician', disabled: false }),
      change('user', lead, 1, { id: lead, displayName: 'Старший Смены', role: 'shift-lead', disabled: false }),
      change('user', left, 1, { id: left, displayName: 'Ушедший', role: 'technician', disabled: false }),
    );
    await startSync(c);
    const people = () => c.db.prepare('SELECT id, display_name AS name FROM desk_users ORDER BY id').all();
    expect(people()).toEqual([
      { id: tech, name: 'Техник Пётр' },
      { id: lead, name: 'Старший Смены' },
      { id: left, name: 'Ушедший' },
    ]);

    s.publish(change('user', left, 2, null));
    await c.client.syncNow();
    expect(people()).toEqual([
      { id: tech, name: 'Техник Пётр' },
      { id: lead, name: 'Старший Смены' },
    ]);

    // A snapshot without the lead (the log cut behind the cursor): only the people it carries stay.
    s.publish(change('user', lead, 2, null));
    s.forceReset();
    await c.client.syncNow();
    expect(people()).toEqual([{ id: tech, name: 'Техник Пётр' }]);
  });
});
