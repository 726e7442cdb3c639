/**
 * Push and pull through the real HTTP API of an in-process desk server, on PGlite and on
 * PostgreSQL 15: exactly once per (client, seq), stored refusals that still advance the seq,
 * seats, roles decided by the server, rows leaving buckets, cursors reset by bucket changes and
 * by retention.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeskServer, type DeskServer } from '../../../src-server/app';
import { createServerLogger } from '../../../src-server/log';
import { pruneChangeLog } from '../../../src-server/sync/pull';
import { DEFAULT_PRESET_ID, presetById } from '../../../src-shared/domain/deskPresets';
import { slotStartsOn } from '../../../src-shared/domain/visits';
import { POKE_CHANNEL } from '../../../src-shared/server/buckets';
import { PushGapSchema, PullResponseSchema, type SyncRowData } from '../../../src-shared/server/sync';
import { RU_CALENDAR } from '../../../src-shared/worktime/calendar';
import { errorCode, send } from '../../helpers/http';
import { deskBackends } from '../../helpers/deskBackends';
import { deskConsole, type DeskConsole } from '../../helpers/deskSync';
import { until } from '../../helpers/until';

const log = createServerLogger({ level: 'silent', format: 'json' });
const { backends } = deskBackends('desk-sync-');
const ADMIN_PASSWORD = 'admin password for tests';
const HOUR = 3_600_000;

const ticketArgs = (over: Record<string, unknown> = {}) => ({ id: randomUUID(), type: 'question', subject: 'Не работает интернет', ...over });

describe.each(backends)('sync push and pull on $name', (backend) => {
  // Tuesday 2026-11-24, 10:00 in Moscow: working hours, no duty mode.
  let clock = new Date('2026-11-24T07:00:00Z').getTime();
  let server: DeskServer;
  const url = () => server.url;
  let adminToken = '';
  const users: Record<string, { id: string; token: string }> = {};

  const signIn = async (login: string, password: string): Promise<string> => {
    const r = await send(url(), '/api/v1/session', { json: { login, password } });
    expect(r.status, r.text).toBe(201);
    return (r.json as { token: string }).token;
  };

  beforeAll(async () => {
    server = await startDeskServer({
      database: await backend.database(),
      host: '127.0.0.1',
      port: 0,
      tls: null,
      log,
      adminPassword: ADMIN_PASSWORD,
      now: () => new Date(clock),
      scrypt: { log2N: 12, r: 8, p: 1 },
    });
    adminToken = await signIn('admin', ADMIN_PASSWORD);
    const people = [
      ['op-a', 'Оператор Поддержки', 'operator', ['support']],
      ['op-b', 'Оператор Ремонта', 'operator', ['repair']],
      ['lead', 'Старший Смены', 'shift-lead', []],
      ['tech-1', 'Техник Первый', 'technician', []],
      ['tech-2', 'Техник Второй', 'technician', []],
    ] as const;
    for (const [login, displayName, role, queues] of people) {
      const r = await send(url(), '/api/v1/users', { token: adminToken, json: { login, displayName, role, queues, password: `${login} password 1` } });
      expect(r.status, r.text).toBe(201);
      users[login] = { id: (r.json as { user: { id: string } }).user.id, token: await signIn(login, `${login} password 1`) };
    }
  }, 180_000);
  afterAll(async () => {
    await server?.close();
  });

  const consoleOf = (login: string, clientId?: string): DeskConsole => deskConsole(url, users[login]!.token, clientId);

  it('a seat is assigned once per console and unique desk-wide; a console id belongs to its first user', async () => {
    const a = consoleOf('op-a');
    const r1 = await send(url(), '/api/v1/sync/register', { token: a.token, json: { clientId: a.clientId } });
    expect(r1.status, r1.text).toBe(200);
    const seat = (r1.json as { seat: string }).seat;
    expect(seat).toMatch(/^\d{2}$/);
    expect((await send(url(), '/api/v1/sync/register', { token: a.token, json: { clientId: a.clientId } })).json).toEqual({ seat });
    const seats = new Set([seat]);
    for (let i = 0; i < 5; i++) {
      const r = await send(url(), '/api/v1/sync/register', { token: users.lead!.token, json: { clientId: randomUUID() } });
      seats.add((r.json as { seat: string }).seat);
    }
    expect(seats.size).toBe(6);
    // Another user cannot take over (or learn the state of) this console's sequence.
    const theirs = await send(url(), '/api/v1/sync/register', { token: users['op-b']!.token, json: { clientId: a.clientId } });
    expect([theirs.status, errorCode(theirs)]).toEqual([403, 'FORBIDDEN']);
    const b = consoleOf('op-b', a.clientId);
    const pushed = await b.rawPush([b.mutation('ticket.create', ticketArgs({ queueId: 'repair', number: '77-0001' }))]);
    expect([pushed.status, errorCode(pushed)]).toEqual([403, 'FORBIDDEN']);
    expect((await b.rawPull()).status).toBe(403);
  });

  it('a mutation applies once per (client, seq): the duplicate is answered from the stored result', async () => {
    const a = consoleOf('op-a');
    const args = ticketArgs({ number: '31-0001' });
    const m = a.mutation('ticket.create', args);
    const first = await a.rawPush([m]);
    expect(first.status, first.text).toBe(200);
    expect(first.json).toMatchObject({ lastSeq: 1, results: [{ seq: 1, id: m.id, status: 'applied', result: { ticketId: args.id, created: true } }] });
    const again = await a.rawPush([m]);
    expect(again.json).toMatchObject({ lastSeq: 1, results: [{ seq: 1, status: 'duplicate', result: { ticketId: args.id, created: true } }] });
    // Concurrent retries of the same seq: one applies, the others read its answer.
    const n = a.mutation('ticket.comment', { id: args.id, text: 'Перезвонить после 12:00' });
    const all = await Promise.all([a.rawPush([n]), a.rawPush([n]), a.rawPush([n])]);
    expect(all.map((r) => (r.json as { results: { status: string }[] }).results[0]!.status).sort()).toEqual(['applied', 'duplicate', 'duplicate']);

    const lead = consoleOf('lead');
    await lead.pullAll();
    const t = lead.row<SyncRowData<'ticket'>>('ticket', args.id)!;
    expect(t).toMatchObject({ number: '31-0001', queueId: 'support', createdBy: 'Оператор Поддержки', assigneeId: users['op-a']!.id });
    // The server's clock stamps the change, not the console's.
    expect(t.createdAt).toBe(clock);
    const events = lead
      .ids('ticketEvent')
      .map((id) => lead.row<SyncRowData<'ticketEvent'>>('ticketEvent', id)!)
      .filter((e) => e.ticketId === args.id);
    expect(events.map((e) => e.kind).sort()).toEqual(['comment', 'created']);
  });

  it('a change pokes its buckets on commit (NOTIFY sync_poke), a refusal pokes nobody', async () => {
    const payloads: string[] = [];
    const stop = await server.storage.listen(POKE_CHANNEL, (p) => payloads.push(p));
    try {
      const a = consoleOf('op-a');
      await a.push('ticket.create', ticketArgs({ number: '31-0050', queueId: 'repair' }));
      await until('the poke of the create', () => payloads.length > 0);
      expect(JSON.parse(payloads[0]!)).toEqual({ buckets: ['queue:repair'] });
      payloads.length = 0;
      expect((await a.push('ticket.transition', { id: randomUUID(), to: 'closed' })).results[0]!.status).toBe('rejected');
      await a.push('ticket.create', ticketArgs({ number: '31-0051' }));
      await until('the poke of the second create', () => payloads.length > 0);
      expect(payloads.map((p) => JSON.parse(p) as unknown)).toEqual([{ buckets: ['queue:support'] }]);
    } finally {
      await stop();
    }
  });

  it('a gap is answered 409 with the expected seq; a refused mutation is stored, advances the seq, and the next one applies', async () => {
    const a = consoleOf('op-a');
    const t = ticketArgs({ number: '31-0100' });
    await a.push('ticket.create', t);
    a.mutation('ticket.comment', { id: t.id, text: 'x' }); // seq 2, never sent
    const gap = await a.rawPush([a.mutation('ticket.comment', { id: t.id, text: 'seq 3' })]);
    expect(gap.status).toBe(409);
    expect(PushGapSchema.parse(gap.json).error.expectedSeq).toBe(2);

    const b = consoleOf('op-a');
    const created = b.mutation('ticket.create', ticketArgs({ number: '31-0101' }));
    const bad = b.mutation('ticket.transition', { id: (created.args as { id: string }).id, to: 'closed' });
    const unknownArgs = b.mutation('ticket.comment', { id: 'x', text: '', evil: true });
    const good = b.mutation('ticket.comment', { id: (created.args as { id: string }).id, text: 'после отказа' });
    const r = await b.rawPush([created, bad, unknownArgs, good]);
    expect(r.status, r.text).toBe(200);
    const body = r.json as { lastSeq: number; results: { status: string; rejection?: { code: string; reason: unknown; issues?: unknown[] } }[] };
    expect(body.lastSeq).toBe(4);
    expect(body.results.map((x) => x.status)).toEqual(['applied', 'rejected', 'rejected', 'applied']);
    expect(body.results[1]!.rejection).toMatchObject({ code: 'CONFLICT', reason: { kind: 'transition', params: { from: 'new', to: 'closed' } } });
    expect(body.results[2]!.rejection?.code).toBe('VALIDATION');
    expect(body.results[2]!.rejection?.issues?.length).toBeGreaterThan(0);
    // Nothing of the refused transition was written: the ticket is still new, at its first version + the comment.
    const lead = consoleOf('lead');
    await lead.pullAll();
    expect(lead.row<SyncRowData<'ticket'>>('ticket', (created.args as { id: string }).id)?.status).toBe('new');
    // The refusal is answered again, unchanged, to a retry.
    const retry = await b.rawPush([bad]);
    expect((retry.json as typeof body).results[0]).toMatchObject({ status: 'duplicate', rejection: { code: 'CONFLICT' } });
    // Pull tells the console what was acknowledged.
    expect(PullResponseSchema.parse((await b.rawPull()).json).lastSeq).toBe(4);
  });

  it('ticket numbers are unique desk-wide: a create whose number another console used, from a console with no seat to renumber it, is refused with CONFLICT', async () => {
    const a = consoleOf('op-a');
    const other = consoleOf('lead');
    await a.push('ticket.create', ticketArgs({ number: '31-0200' }));
    const r = await other.push('ticket.create', ticketArgs({ number: '31-0200' }));
    expect(r.results[0]).toMatchObject({ status: 'rejected', rejection: { code: 'CONFLICT' } });
    expect(r.lastSeq).toBe(1);
    // Without a number the server takes the next one of this console's seat.
    const seat = (await send(url(), '/api/v1/sync/register', { token: other.token, json: { clientId: other.clientId } })).json as { seat: string };
    const n = await other.push('ticket.create', ticketArgs());
    expect(n.results[0]!.status).toBe('applied');
    const lead = consoleOf('lead');
    await lead.pullAll();
    const id = (n.results[0]!.result as { ticketId: string }).ticketId;
    expect(lead.row<SyncRowData<'ticket'>>('ticket', id)?.number).toBe(`${seat.seat}-0001`);
  });

  it('roles: an operator of queue A neither pushes to nor pulls queue B, nor another operator’s calls', async () => {
    const a = consoleOf('op-a');
    const b = consoleOf('op-b');
    const ta = ticketArgs({ number: '31-0300' });
    await a.push('ticket.create', ta);
    const call = {
      id: randomUUID(),
      sipCallId: null,
      direction: 'inbound',
      remoteNumber: '+79039691445',
      remoteName: null,
      line: null,
      offeredAt: new Date(clock).toISOString(),
      operator: null,
      contractNo: null,
      verified: false,
    };
    expect((await a.push('call.offered', call)).results[0]!.status).toBe('applied');

    const refused = await b.rawPush([
      b.mutation('ticket.comment', { id: ta.id, text: 'чужая очередь' }),
      b.mutation('ticket.transition', { id: ta.id, to: 'in_progress' }),
      b.mutation('call.answered', { id: call.id, answeredAt: new Date(clock).toISOString(), waitMs: 1000 }),
      b.mutation('ticket.create', ticketArgs({ number: '31-0301', relatedTo: [ta.id], queueId: 'repair' })),
    ]);
    const rb = refused.json as { lastSeq: number; results: { status: string; rejection?: { code: string } }[] };
    expect(rb.results.map((r) => [r.status, r.rejection?.code])).toEqual(Array(4).fill(['rejected', 'FORBIDDEN']));
    expect(rb.lastSeq).toBe(4);

    await b.pullAll();
    expect(b.has('ticket', ta.id)).toBe(false);
    expect(b.has('call', call.id)).toBe(false);
    expect(b.ids('queue').length).toBeGreaterThan(0); // `ref` reaches everyone
    await a.pullAll();
    expect(a.has('ticket', ta.id)).toBe(true);
    expect(a.has('call', call.id)).toBe(true);
  });

  it('a ticket moved to another queue leaves the old queue’s operator (with its history) and reaches the new one', async () => {
    const a = consoleOf('op-a');
    const b = consoleOf('op-b');
    const t = ticketArgs({ number: '31-0400' });
    await a.push('ticket.create', t);
    await a.push('ticket.comment', { id: t.id, text: 'до передачи' });
    await a.pullAll();
    await b.pullAll();
    const history = a.ids('ticketEvent').filter((id) => a.row<SyncRowData<'ticketEvent'>>('ticketEvent', id)!.ticketId === t.id);
    expect(history.length).toBe(2);
    expect(b.has('ticket', t.id)).toBe(false);

    expect((await a.push('ticket.handoff', { id: t.id, queueId: 'repair', reason: 'Нужен ремонт' })).results[0]!.status).toBe('applied');
    await a.pullAll();
    await b.pullAll();
    expect(a.has('ticket', t.id)).toBe(false);
    for (const id of history) expect(a.has('ticketEvent', id)).toBe(false);
    expect(b.row<SyncRowData<'ticket'>>('ticket', t.id)).toMatchObject({ queueId: 'repair', assigneeId: null });
    for (const id of history) expect(b.has('ticketEvent', id)).toBe(true);
    // The old operator may no longer write to it.
    expect((await a.push('ticket.comment', { id: t.id, text: 'после передачи' })).results[0]!.rejection?.code).toBe('FORBIDDEN');
  });

  it('technicians: only their own visits, only steps and acts; a reassigned visit leaves them', async () => {
    const lead = consoleOf('lead');
    const profile = presetById(DEFAULT_PRESET_ID)!;
    const slot = slotStartsOn(RU_CALENDAR, profile, null, '2026-11-26')[0]!;
    const book = (id: string, number: string) =>
      lead.push('visit.book', {
        id,
        newTicketId: randomUUID(),
        number,
        contractNo: null,
        address: 'Москва, ул. Тверская, 1',
        responsible: 'Иванов Иван',
        phone: '+79039691445',
        slotStart: new Date(slot).toISOString(),
      });
    const v1 = randomUUID();
    const v2 = randomUUID();
    expect((await book(v1, '41-0001')).results[0]).toMatchObject({ status: 'applied' });
    expect((await book(v2, '41-0002')).results[0]).toMatchObject({ status: 'applied' });
    // Dispatch is the shift lead's: visit.assign through the lead's own push.
    const assigned = await lead.rawPush([
      lead.mutation('visit.assign', { id: v1, technicianId: users['tech-1']!.id }),
      lead.mutation('visit.assign', { id: v2, technicianId: users['tech-2']!.id }),
    ]);
    expect((assigned.json as { results: { status: string }[] }).results.map((x) => x.status)).toEqual(['applied', 'applied']);

    const t1 = consoleOf('tech-1');
    await t1.pullAll();
    expect(t1.ids('visit')).toEqual([v1]);
    expect(t1.row<SyncRowData<'visit'>>('visit', v1)).toMatchObject({
      technicianId: users['tech-1']!.id,
      address: 'Москва, ул. Тверская, 1',
      phone: '+79039691445',
    });
    // Only the work order of their own visit (the console's visits refer to it); never another
    // visit's ticket, any ticket history, claim, calls or anyone's call log.
    const ticketOf = (v: string): string => lead.row<SyncRowData<'visit'>>('visit', v)!.ticketId;
    await lead.pullAll();
    expect(t1.ids('ticket')).toEqual([ticketOf(v1)]);
    for (const kind of ['ticketEvent', 'call', 'claim', 'redirect']) expect(t1.ids(kind)).toEqual([]);

    const r = await t1.rawPush([
      t1.mutation('visit.setStatus', { id: v1, status: 'en_route' }),
      t1.mutation('visit.setStatus', { id: v2, status: 'en_route' }),
      t1.mutation('visit.setStatus', { id: randomUUID(), status: 'en_route' }),
      t1.mutation('ticket.comment', { id: lead.ids('ticket')[0] ?? randomUUID(), text: 'x' }),
      t1.mutation('call.offered', {
        id: randomUUID(),
        sipCallId: null,
        direction: 'outbound',
        remoteNumber: '+79039691445',
        remoteName: null,
        line: null,
        offeredAt: new Date(clock).toISOString(),
        operator: null,
        contractNo: null,
        verified: false,
      }),
    ]);
    const results = (r.json as { results: { status: string; rejection?: { code: string } }[] }).results;
    expect(results.map((x) => x.rejection?.code ?? x.status)).toEqual(['applied', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    await t1.pullAll();
    expect(t1.row<SyncRowData<'visit'>>('visit', v1)?.status).toBe('en_route');

    expect((await lead.push('visit.assign', { id: v1, technicianId: users['tech-2']!.id })).results[0]!.status).toBe('applied');
    await t1.pullAll();
    expect(t1.ids('visit')).toEqual([]);
    expect(t1.ids('ticket')).toEqual([]);
    const t2 = consoleOf('tech-2');
    await t2.pullAll();
    expect(t2.ids('visit').sort()).toEqual([v1, v2].sort());
    expect(t2.ids('ticket').sort()).toEqual([ticketOf(v1), ticketOf(v2)].sort());
    expect((await t1.push('visit.setStatus', { id: v1, status: 'arrived' })).results[0]!.rejection?.code).toBe('FORBIDDEN');
  });

  it('visit.assign: a shift lead and an admin assign, an operator and a technician are refused (stored, the seq moves on); only an active technician is assigned', async () => {
    const lead = consoleOf('lead');
    const slot = slotStartsOn(RU_CALENDAR, presetById(DEFAULT_PRESET_ID)!, null, '2026-11-27')[1]!;
    const v = randomUUID();
    const booked = await lead.push('visit.book', {
      id: v,
      newTicketId: randomUUID(),
      number: '42-0001',
      contractNo: null,
      address: 'Москва, ул. Арбат, 3',
      responsible: 'Петров Пётр',
      phone: '+79039691447',
      slotStart: new Date(slot).toISOString(),
    });
    expect(booked.results[0], JSON.stringify(booked)).toMatchObject({ status: 'applied' });
    const tech1 = users['tech-1']!.id;
    const tech2 = users['tech-2']!.id;

    // Even the operator of the visit's own queue: dispatch is not theirs. Refused, stored, and the
    // next mutation of the same console (on the same visit) still applies: one refusal never wedges the queue.
    const created = await send(url(), '/api/v1/users', {
      token: adminToken,
      json: { login: 'op-field', displayName: 'Оператор Выездов', role: 'operator', queues: ['field'], password: 'op-field password 1' },
    });
    expect(created.status, created.text).toBe(201);
    const op = deskConsole(url, await signIn('op-field', 'op-field password 1'));
    const refused = op.mutation('visit.assign', { id: v, technicianId: tech1 });
    const opPush = await op.rawPush([refused, op.mutation('visit.setStatus', { id: v, status: 'en_route' })]);
    const opResults = (opPush.json as { lastSeq: number; results: { status: string; rejection?: { code: string; message: string } }[] }).results;
    expect(opResults.map((x) => x.rejection?.code ?? x.status)).toEqual(['FORBIDDEN', 'applied']);
    expect(opResults[0]!.rejection?.message).toContain('shift lead');
    expect((opPush.json as { lastSeq: number }).lastSeq).toBe(2);
    // The stored refusal answers a retry of the same seq.
    expect(((await op.rawPush([refused])).json as { results: { status: string }[] }).results[0]!.status).toBe('duplicate');

    // A technician may not take a visit, not even an unassigned one for themselves.
    const t1 = consoleOf('tech-1');
    expect((await t1.push('visit.assign', { id: v, technicianId: tech1 })).results[0]!.rejection?.code).toBe('FORBIDDEN');

    // The target must be an active technician: an operator, an unknown id and a disabled technician are refused with the reason.
    const gone = await send(url(), '/api/v1/users', {
      token: adminToken,
      json: { login: 'tech-gone', displayName: 'Ушедший Техник', role: 'technician', queues: [], password: 'tech-gone password 1' },
    });
    const goneId = (gone.json as { user: { id: string } }).user.id;
    await server.storage.query('UPDATE users SET disabled = true WHERE id = $1', [goneId]);
    for (const [target, says] of [
      [users['op-a']!.id, 'not a technician'],
      [randomUUID(), 'is not a user of this desk'],
      [goneId, 'is disabled'],
    ] as const) {
      const r = (await lead.push('visit.assign', { id: v, technicianId: target })).results[0]!;
      expect(r.rejection, target).toMatchObject({ code: 'VALIDATION', reason: { kind: 'notTechnician' } });
      expect(r.rejection?.message).toContain(says);
    }
    // A technician id that is not a UUID never reaches the database: refused by the schema.
    expect((await lead.push('visit.assign', { id: v, technicianId: 'tech-1' })).results[0]!.rejection?.code).toBe('VALIDATION');

    await lead.pullAll();
    expect(lead.row<SyncRowData<'visit'>>('visit', v)?.technicianId).toBeNull();

    // The lead assigns; an admin reassigns; the ticket's history names each technician.
    expect((await lead.push('visit.assign', { id: v, technicianId: tech1 })).results[0]!.status).toBe('applied');
    const admin = deskConsole(url, adminToken);
    expect((await admin.push('visit.assign', { id: v, technicianId: tech2 })).results[0]!.status).toBe('applied');
    await lead.pullAll();
    const visit = lead.row<SyncRowData<'visit'>>('visit', v)!;
    expect(visit.technicianId).toBe(tech2);
    const history = lead
      .ids('ticketEvent')
      .map((id) => lead.row<SyncRowData<'ticketEvent'>>('ticketEvent', id)!)
      .filter((e) => e.ticketId === visit.ticketId && e.kind === 'visit-assigned')
      .map((e) => [e.actor, e.data.technician]);
    expect(history).toEqual([
      ['Старший Смены', 'Техник Первый'],
      ['Администратор', 'Техник Второй'],
    ]);
    const rows = await server.storage.query<{ technician_id: string; buckets: string[] }>(
      'SELECT technician_id::text AS technician_id, buckets FROM sync_visits WHERE id = $1',
      [v],
    );
    expect(rows.rows[0]).toEqual({ technician_id: tech2, buckets: ['queue:field', `tech:${tech2}`] });
    const ticket = await server.storage.query<{ buckets: string[] }>('SELECT buckets FROM sync_tickets WHERE id = $1', [visit.ticketId]);
    expect(ticket.rows[0]!.buckets).toEqual(['queue:field', `tech:${tech2}`]);

    // R-VIS-CANCEL: a cancelled visit keeps the technician it had.
    expect((await lead.push('visit.cancel', { id: v, reason: 'клиент отменил' })).results[0]!.status).toBe('applied');
    expect((await lead.push('visit.assign', { id: v, technicianId: null })).results[0]!.rejection).toMatchObject({
      code: 'CONFLICT',
      reason: { kind: 'visitClosed' },
    });
  });

  it('expired and revoked sessions push and pull nothing', async () => {
    const login = 'op-a';
    const token = await signIn(login, `${login} password 1`);
    const c = deskConsole(url, token);
    expect((await c.rawPull()).status).toBe(200);
    const revoke = await send(url(), `/api/v1/users/${users[login]!.id}/sessions/revoke`, { token: adminToken, method: 'POST' });
    expect(revoke.status, revoke.text).toBe(200);
    for (const r of [await c.rawPull(), await c.rawPush([c.mutation('ticket.create', ticketArgs())])])
      expect([r.status, errorCode(r)]).toEqual([401, 'UNAUTHORIZED']);
    users[login]!.token = await signIn(login, `${login} password 1`);
    const fresh = deskConsole(url, users[login]!.token);
    expect((await fresh.rawPull()).status).toBe(200);
    clock += 13 * HOUR; // past the 12 h idle expiry
    for (const r of [await fresh.rawPull(), await fresh.rawPush([fresh.mutation('ticket.create', ticketArgs())])]) expect(r.status).toBe(401);
    for (const u of Object.keys(users)) users[u]!.token = await signIn(u, `${u} password 1`);
    // Back to working hours for the tests that follow (the new sessions are valid then too).
    clock -= 13 * HOUR;
  });

  it('pages: a snapshot and the log come in pages with `more`, and end equal to one big pull', async () => {
    const a = consoleOf('op-a');
    for (let i = 0; i < 7; i++) await a.push('ticket.create', ticketArgs({ number: `31-${1000 + i}` }));
    const small = consoleOf('op-a');
    const pages = await small.pullAll(3);
    expect(pages.length).toBeGreaterThan(3);
    expect(pages[0]!.reset).toBe(true);
    expect(pages.slice(1).every((p) => !p.reset && p.changes.length <= 3)).toBe(true);
    const big = consoleOf('op-a');
    await big.pullAll();
    expect([...small.rows.entries()].sort()).toEqual([...big.rows.entries()].sort());
    // The log after the snapshot: a new change comes alone.
    await a.push('ticket.create', ticketArgs({ number: '31-1100' }));
    const next = await small.pullAll(3);
    expect(next.flatMap((p) => p.changes.map((c) => c.kind))).toEqual(expect.arrayContaining(['ticket', 'ticketEvent']));
    expect(next.every((p) => !p.reset)).toBe(true);
  });

  it('changed buckets (queues reassigned) and a cursor behind retention answer reset: true with a snapshot', async () => {
    const b = consoleOf('op-b');
    await b.pullAll();
    const supportTickets = b.ids('ticket').length;
    const put = await send(url(), `/api/v1/users/${users['op-b']!.id}/queues`, { token: adminToken, method: 'PUT', json: { queues: ['repair', 'support'] } });
    expect(put.status, put.text).toBe(200);
    const pages = await b.pullAll();
    expect(pages[0]!.reset).toBe(true);
    expect(b.ids('ticket').length).toBeGreaterThan(supportTickets);

    const lead = consoleOf('lead');
    await lead.pullAll();
    const old = lead.cursor;
    // Changes after that cursor, then the log is cut past them: the cursor is behind retention.
    await consoleOf('op-a').push('ticket.create', ticketArgs({ number: '31-2000' }));
    const pruned = await pruneChangeLog(server.storage, { days: 1, now: new Date(Date.now() + 2 * 86_400_000) });
    expect(pruned).toBeGreaterThan(0);
    const fresh = consoleOf('lead');
    await fresh.pullAll();
    lead.cursor = old;
    const after = await lead.pullAll();
    expect(after[0]!.reset).toBe(true);
    // The snapshot holds every row as it is now: the log went, the rows stayed.
    expect([...lead.rows.entries()].sort()).toEqual([...fresh.rows.entries()].sort());
    // A cursor from after the horizon goes on without a reset.
    expect((await lead.pullAll())[0]!.reset).toBe(false);
  });

  it('hostile cursors and client ids are refused with the field named', async () => {
    const a = consoleOf('op-a');
    for (const cursor of ['c1.1.1.zz', 'garbage', 's1.99.0.0.0123456789abcdef', 'c1.99999999999999999999999.0.0123456789abcdef', 'c1.1.1.0123456789abcdef.x']) {
      const r = await send(url(), '/api/v1/sync/pull', { token: a.token, json: { clientId: a.clientId, cursor } });
      expect([r.status, errorCode(r)], `${cursor}: ${r.text}`).toEqual([400, 'VALIDATION']);
      expect(r.text).toMatch(/cursor/);
    }
    const bad = await send(url(), '/api/v1/sync/pull', { token: a.token, json: { clientId: 'not-a-uuid', cursor: null } });
    expect([bad.status, errorCode(bad)]).toEqual([400, 'VALIDATION']);
  });
});
