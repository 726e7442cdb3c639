/**
 * Issue 12 item 7 with real parts: console hosts' write path and sync client on real SQLite files,
 * the real desk server (PGlite, and PostgreSQL 15 when installed) behind the fault proxy, the live
 * socket wired to the sync client. One invariant checker after every run: no acknowledged change
 * lost, none applied twice, each console's order kept, every console equal to the server for its
 * buckets (hash over sorted (kind, row id, version)).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeskServer } from '../../../src-server/app';
import { pruneChangeLog } from '../../../src-server/sync/pull';
import { startFaultProxy, type FaultProxy } from '../../helpers/faultProxy';
import { send } from '../../helpers/http';
import { until } from '../../helpers/until';
import { deskBackends } from '../../helpers/deskBackends';
import { DEFAULT_PRESET_ID, presetById } from '../../../src-shared/domain/deskPresets';
import { slotStartsOn } from '../../../src-shared/domain/visits';
import { RU_CALENDAR } from '../../../src-shared/worktime/calendar';
import { deskConsole } from '../../helpers/deskSync';
import { createRig, makeOperators, signIn, type Person } from './rig';
import { startTestDeskServer } from '../../helpers/testDeskServer';

const { backends, tmp } = deskBackends('desk-converge-', { postgres: 'ifAvailable' });
const ADMIN_PASSWORD = 'admin password for tests';

describe.each(backends)('consoles converge on $name', (backend) => {
  let server: DeskServer;
  let proxy: FaultProxy;
  let adminToken = '';
  let people: Record<string, Person> = {};
  const rig = createRig({ tmp, serverUrl: () => proxy.url, db: () => server.storage });
  const { hosts, write, settleAndCheck } = rig;
  // Small pushes only here: a 3 s request timeout keeps a dropped request cheap.
  const host = (login: string) => rig.host(people[login]!, { requestTimeoutMs: 3_000 });

  beforeAll(async () => {
    server = await startTestDeskServer(await backend.database(), ADMIN_PASSWORD, {
      live: { coalesceMs: 5 },
    });
    proxy = await startFaultProxy({ target: server.url });
    adminToken = await signIn(server.url, 'admin', ADMIN_PASSWORD);
    people = await makeOperators(server.url, adminToken, ['op-a', 'op-b']);
  }, 180_000);

  afterAll(async () => {
    await rig.close();
    await proxy?.close();
    await server?.close();
  });

  it('a ticket created in one console reaches another by the live poke, without a periodic pull', async () => {
    const a = host('op-a');
    const b = host('op-b');
    a.client.start();
    b.client.start();
    await until('both sockets open and the first cycles done', () => a.client.state().status === 'online' && b.client.state().status === 'online');
    let id = '';
    write(a, () => (id = a.ticket('Пропал интернет в подъезде')));
    await until('the ticket is in the other console', () => b.ticketRow(id) !== undefined, 15_000);
    expect(b.ticketRow(id)?.subject).toBe('Пропал интернет в подъезде');
    await settleAndCheck();
  }, 60_000);

  it('through drop, delay, duplicate, reorder, cut and offline, three consoles converge on tickets, comments and calls', async () => {
    const [a, b] = hosts.length >= 2 ? [hosts[0]!, hosts[1]!] : [host('op-a'), host('op-b')];
    const a2 = host('op-a');
    a2.client.start();
    await until('the third console is online', () => a2.client.state().status === 'online');
    const all = [a, b, a2];
    proxy.plan({ seed: 12, drop: 0.08, delay: 0.15, delayMs: [5, 60], duplicate: 0.1, reorder: 0.08, cutRequest: 0.05, cutResponse: 0.08 });
    const tickets: string[] = [];
    // Writes go on until the faults really hit (at least 60 writes and 15 faulted requests).
    const faulted = (): number => proxy.log().filter((e) => e.fault !== null).length;
    for (let i = 0; (i < 60 || faulted() < 15) && i < 3_000; i++) {
      const h = all[i % 3]!;
      if (i === 20) proxy.offline();
      if (i === 35) proxy.online();
      // Comments go to a ticket this console already holds (its own or pulled), often another's.
      const held = tickets.filter((t) => h.ticketRow(t) !== undefined);
      if (i % 4 === 0 || held.length === 0) write(h, () => tickets.push(h.ticket(`Заявка ${i}`)));
      else if (i % 4 === 1) write(h, () => h.offer());
      else {
        const id = held[(i * 7) % held.length]!;
        write(h, () => h.runMutation('ticket.comment', { id, text: `Комментарий ${i} ${randomUUID()}`, followUp: false, channel: null, callId: null }));
      }
      // Past the push debounce now and then, so that many requests meet the faults.
      await new Promise((r) => setTimeout(r, i % 3 === 0 ? 30 : 2));
    }
    proxy.plan(null);
    proxy.online();
    await settleAndCheck();
    const faults = proxy.log().filter((e) => e.fault !== null).length;
    expect(faults, 'the proxy really interfered').toBeGreaterThanOrEqual(15);
  }, 120_000);

  it('two operators edit one ticket offline: fields merge one by one with the losing value in the history, status intents meet the state machine, a comment survives a close', async () => {
    const [a, b] = [hosts[0]!, hosts[1]!];
    const t1 = write(a, () => a.ticket('Общая заявка'));
    const t2 = write(a, () => a.ticket('Заявка к закрытию'));
    write(a, () => a.runMutation('ticket.transition', { id: t2, to: 'resolved', reason: '' }));
    await settleAndCheck();
    await until('the second console holds both tickets', () => b.ticketRow(t1) !== undefined && b.ticketRow(t2)?.status === 'resolved');

    // Both offline (their sync stopped), each edits.
    await Promise.all([a.client.stop(), b.client.stop()]);
    write(a, () => a.runMutation('ticket.update', { id: t1, subject: 'Тема от Анны', priority: 1 }));
    write(b, () => b.runMutation('ticket.update', { id: t1, subject: 'Тема от Бориса', description: 'Описание от Бориса' }));
    write(a, () => a.runMutation('ticket.transition', { id: t1, to: 'resolved', reason: '' }));
    write(b, () => b.runMutation('ticket.transition', { id: t1, to: 'cancelled', reason: 'дубль' }));
    write(a, () => a.runMutation('ticket.transition', { id: t2, to: 'closed', reason: '' }));
    write(b, () => b.runMutation('ticket.comment', { id: t2, text: 'Клиент перезвонил', followUp: false, channel: null, callId: null }));

    // Anna's console reaches the server first, then Boris's.
    a.client.start();
    await until('the first console drained', async () => (await a.client.syncNow()).pending === 0, 30_000);
    b.client.start();
    await settleAndCheck();

    const server1 = (await server.storage.query<{ data: Record<string, unknown> }>('SELECT data FROM sync_tickets WHERE id = $1', [t1])).rows[0]!.data;
    // Scalar fields merge per field: the later subject wins, Anna's priority and Boris's description both stay.
    expect(server1).toMatchObject({ subject: 'Тема от Бориса', priority: 1, description: 'Описание от Бориса', status: 'resolved' });
    for (const h of [a, b]) expect(h.ticketRow(t1)).toMatchObject({ subject: 'Тема от Бориса', priority: 1, status: 'resolved' });
    // The losing subject is kept in the ticket's history.
    const fields = await server.storage.query<{ data: { field: string; from: unknown; to: unknown } }>(
      `SELECT data->'data' AS data FROM sync_ticket_events WHERE data->>'ticketId' = $1 AND data->>'kind' = 'field' AND data->'data'->>'field' = 'subject' ORDER BY data->>'at', id`,
      [t1],
    );
    expect(fields.rows.map((r) => r.data.to)).toEqual(['Тема от Анны', 'Тема от Бориса']);
    // Status is an intent checked against the state machine: resolved → cancelled is refused,
    // stored as Boris's rejection; the ticket stays resolved.
    const refused = b.db.prepare("SELECT name, code FROM sync_rejections WHERE name = 'ticket.transition'").all();
    expect(refused).toHaveLength(1);
    // Comments are append-only: Boris's comment lands on the ticket Anna closed meanwhile.
    const comment = await server.storage.query(
      `SELECT 1 FROM sync_ticket_events WHERE data->>'ticketId' = $1 AND data->'data'->>'text' = 'Клиент перезвонил'`,
      [t2],
    );
    expect(comment.rows).toHaveLength(1);
    expect(a.ticketRow(t2)?.status).toBe('closed');
  }, 90_000);

  it('a console behind the change-log retention gets a snapshot reset and keeps its outbox', async () => {
    const [a, b] = [hosts[0]!, hosts[1]!];
    await b.client.stop();
    const mine = write(b, () => b.ticket('Написано до сброса'));
    for (let i = 0; i < 5; i++) write(a, () => a.ticket(`Пока второй не в сети ${i}`));
    await until('the first console drained', async () => (await a.client.syncNow()).pending === 0, 30_000);
    // Everything in the change log so far falls behind the horizon: the second console's cursor is now too old.
    expect(await pruneChangeLog(server.storage, { days: 1, now: new Date(Date.now() + 3 * 86_400_000) })).toBeGreaterThan(0);
    b.pages.length = 0;
    b.client.start();
    await settleAndCheck();
    // A reset page came (it refreshes every ticket list), and the change written offline survived it.
    expect(b.pages.some((p) => p.allTickets)).toBe(true);
    expect(b.ticketRow(mine)?.subject).toBe('Написано до сброса');
  }, 90_000);

  // A technician's console receives the tickets of its visits (its visits table refers to them):
  // without that every page with a visit failed on the foreign key and the console never synced.
  it('a technician offline with 500 changes while two of their visits are reassigned: the other two take them, the reassigned leave the console', async () => {
    const techs = await makeOperators(server.url, adminToken, ['tech-1', 'tech-2'], 'technician');
    const lead = (await makeOperators(server.url, adminToken, ['lead'], 'shift-lead'))['lead']!;
    const desk = deskConsole(() => server.url, lead.token());
    // 125 visits, one per slot, on working days from a week ahead of the server's (real) clock:
    // four steps each (en route, arrived, act, done) are the technician's 500 offline changes.
    const slots: number[] = [];
    for (let d = 7; slots.length < 125; d++)
      slots.push(...slotStartsOn(RU_CALENDAR, presetById(DEFAULT_PRESET_ID)!, null, new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10)));
    // Booked and assigned by the shift lead (visit.assign), all in one push: 250 requests would
    // cost more than the rest of the test on a loaded machine.
    const visits: string[] = [];
    const setup: unknown[] = [];
    for (let i = 0; i < 125; i++) {
      const id = randomUUID();
      setup.push(
        desk.mutation('visit.book', {
          id,
          newTicketId: randomUUID(),
          number: `4${i % 10}-${String(1000 + i)}`,
          contractNo: null,
          address: 'Москва, ул. Тверская, 1',
          responsible: 'Иванов Иван',
          phone: '+79039691445',
          slotStart: new Date(slots[i]!).toISOString(),
        }),
        desk.mutation('visit.assign', { id, technicianId: techs['tech-1']!.id }),
      );
      visits.push(id);
    }
    const pushed = await desk.rawPush(setup);
    expect(pushed.status, pushed.text).toBe(200);
    const setupResults = (pushed.json as { results: { status: string; rejection?: unknown }[] }).results;
    expect(setupResults.filter((r) => r.status !== 'applied')).toEqual([]);
    expect(setupResults).toHaveLength(250);
    const t = rig.host(techs['tech-1']!);
    t.client.start();
    try {
      // Its visits and their tickets (the work orders): before the fix the first page with a
      // visit failed on the console's foreign key to tickets and nothing ever arrived.
      await until('the technician holds its visits', () => t.count("SELECT count(*) AS n FROM sync_rows WHERE kind = 'visit'") === 125, 30_000);
      expect(t.count('SELECT count(*) AS n FROM tickets')).toBe(125);

      await t.client.stop();
      for (const id of visits) {
        write(t, () => t.runMutation('visit.setStatus', { id, status: 'en_route', reason: '' }));
        write(t, () => t.runMutation('visit.setStatus', { id, status: 'arrived', reason: '' }));
        write(t, () => t.runMutation('visit.act', { id, status: 'signed', signedBy: 'Иванов Иван' }));
        write(t, () => t.runMutation('visit.setStatus', { id, status: 'done', reason: '' }));
      }
      expect(t.count('SELECT count(*) AS n FROM outbox')).toBe(500);
      // Dispatch moves two of them to another technician meanwhile.
      for (const id of visits.slice(0, 2)) {
        expect((await desk.push('visit.assign', { id, technicianId: techs['tech-2']!.id })).results[0]).toMatchObject({ status: 'applied' });
      }
      t.client.start();
      await settleAndCheck();

      const codes = await server.storage.query<{ status: string; code: string | null; n: string }>(
        "SELECT status, rejection->>'code' AS code, count(*) AS n FROM sync_mutations WHERE client_id = $1 GROUP BY 1, 2 ORDER BY 1",
        [t.store.clientId()],
      );
      // The four steps of each reassigned visit are refused (no longer theirs); the rest apply.
      expect(codes.rows.map((r) => [r.status, r.code, Number(r.n)])).toEqual([
        ['applied', null, 492],
        ['rejected', 'FORBIDDEN', 8],
      ]);
      expect(t.count("SELECT count(*) AS n FROM sync_rows WHERE kind = 'visit'")).toBe(123);
      // The work orders of the visits it kept, not of the two that left.
      expect(t.count("SELECT count(*) AS n FROM sync_rows WHERE kind = 'ticket'")).toBe(123);
      expect(t.count('SELECT count(*) AS n FROM tickets')).toBe(123);
    } finally {
      // Stopped even when it fails: its retries must not reach the proxy in the next test.
      await t.client.stop();
    }
  }, 120_000);

  it('a shift lead’s console assigns two visits: the technician’s console receives them and their tickets, and loses one when it is reassigned', async () => {
    const techs = await makeOperators(server.url, adminToken, ['tech-a', 'tech-b'], 'technician');
    const lead = rig.host((await makeOperators(server.url, adminToken, ['lead-a'], 'shift-lead'))['lead-a']!, { requestTimeoutMs: 3_000 });
    const techA = techs['tech-a']!.id;
    const techB = techs['tech-b']!.id;
    lead.client.start();
    // The desk's people come in the `ref` bucket: the lead's console now knows who the technicians are.
    await until(
      'the lead console holds the technicians',
      () => lead.count(`SELECT count(*) AS n FROM desk_users WHERE role = 'technician' AND disabled = 0`) >= 2,
    );
    const slots: number[] = [];
    for (let d = 9; slots.length < 3; d++)
      slots.push(...slotStartsOn(RU_CALENDAR, presetById(DEFAULT_PRESET_ID)!, null, new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10)));
    const visits = [0, 1, 2].map((i) =>
      write(
        lead,
        () =>
          lead.runMutation('visit.book', {
            id: randomUUID(),
            ticketId: null,
            newTicketId: randomUUID(),
            contractNo: null,
            address: `Москва, ул. Арбат, ${i + 1}`,
            responsible: 'Петров Пётр',
            phone: '+79039691445',
            slotStart: new Date(slots[i]!).toISOString(),
          }).result,
      ),
    );
    const [v1, v2, v3] = visits.map((r) => r.visitId) as [string, string, string];
    // Assigned on the lead's console: the console's own write path (validated against its people
    // table, one transaction with its outbox row), then pushed like any other change.
    write(lead, () => lead.runMutation('visit.assign', { id: v1, technicianId: techA }));
    write(lead, () => lead.runMutation('visit.assign', { id: v2, technicianId: techA }));
    expect(lead.db.prepare('SELECT id, technician_id AS t FROM visits WHERE id IN (?, ?, ?) ORDER BY id').all(v1, v2, v3)).toEqual(
      [
        { id: v1, t: techA },
        { id: v2, t: techA },
        { id: v3, t: null },
      ].sort((x, y) => (x.id < y.id ? -1 : 1)),
    );

    const tech = rig.host(techs['tech-a']!, { requestTimeoutMs: 3_000 });
    tech.client.start();
    const techVisits = () => (tech.db.prepare('SELECT id FROM visits ORDER BY id').all() as { id: string }[]).map((r) => r.id);
    await until('the technician holds its two visits', () => techVisits().length === 2, 30_000);
    expect(techVisits()).toEqual([v1, v2].sort());
    // With the work orders they refer to, and nothing of the unassigned visit.
    const ticketOf = (id: string) => visits.find((r) => r.visitId === id)!.ticketId;
    expect((tech.db.prepare('SELECT id FROM tickets ORDER BY id').all() as { id: string }[]).map((r) => r.id)).toEqual([ticketOf(v1), ticketOf(v2)].sort());
    expect(tech.db.prepare('SELECT technician_id AS t FROM visits WHERE id = ?').get(v1)).toEqual({ t: techA });

    // Reassigned from the lead's console: the visit and its ticket leave the first technician.
    write(lead, () => lead.runMutation('visit.assign', { id: v2, technicianId: techB }));
    await until('the reassigned visit left the technician', () => techVisits().length === 1, 30_000);
    expect(techVisits()).toEqual([v1]);
    expect(tech.count('SELECT count(*) AS n FROM tickets')).toBe(1);
    await settleAndCheck();

    // The ticket's history names the technicians, as the server recorded it.
    const events = lead.db.prepare("SELECT data FROM ticket_events WHERE ticket_id = ? AND kind = 'visit-assigned' ORDER BY at, id").all(ticketOf(v2)) as {
      data: string;
    }[];
    expect(events.map((e) => (JSON.parse(e.data) as { technician: string }).technician)).toEqual(['tech-a', 'tech-b']);
    await tech.client.stop();
  }, 120_000);

  it('a revoked session ends the sync with «signedOut» through the live bye, and the host forgets the token', async () => {
    const b = host('op-b');
    b.client.start();
    await until('the console is online', () => b.client.state().status === 'online');
    const r = await send(server.url, `/api/v1/users/${people['op-b']!.id}/sessions/revoke`, { method: 'POST', token: adminToken });
    expect(r.status, r.text).toBe(200);
    await until('the console heard the bye', () => b.sessionEnded.length > 0);
    expect(b.sessionEnded).toEqual(['revoked']);
    expect(b.client.state().status).toBe('signedOut');
    // A local write after that waits in the outbox: nothing is sent until a new sign-in.
    const before = proxy.log().length;
    b.ticket('После отзыва');
    // A sync cycle run now (as the debounced one after the write would) sends nothing.
    await b.client.syncNow();
    expect(proxy.log().length).toBe(before);
    expect(b.client.state()).toMatchObject({ status: 'signedOut', pending: 1 });
  }, 60_000);
});
