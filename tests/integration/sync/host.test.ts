/**
 * The sync client inside the whole host, against the real desk server (PGlite, tests/integration/
 * sync/desk.ts): with no server signed in nothing runs (no timer, no request) and the state says
 * so; after «Настройки → Сервер» sign-in the outbox drains by itself after a local change, pulled
 * rows reach the renderer through the same events local writes use (`tickets:changed`, and
 * `calls:changed` for the call log and visit requests), and the `sync:*` channels show the state
 * and the refused changes with the server's reason.
 */
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../src-main/host';
import { createFileSecretStore } from '../../../src-main/secrets/fileSecretStore';
import { DEFAULT_PRESET_ID, presetById } from '../../../src-shared/domain/deskPresets';
import { slotStartsOn } from '../../../src-shared/domain/visits';
import { uuidv7 } from '../../../src-shared/ids';
import { RU_CALENDAR } from '../../../src-shared/worktime/calendar';
import { useTempDir } from '../../helpers/tmp';
import { until } from '../../helpers/until';
import { useDesk } from './desk';
import { NOW, openConsole, startSync, type Console } from './kit';
import { makePerson } from './rig';

const log = pino({ level: 'silent' });
const ctx = { transport: 'web' as const };

describe('sync in the host', () => {
  const { desk } = useDesk('sync-host-');
  const tmp = useTempDir('sync-host-');
  let host: Host | null = null;
  const others: Console[] = [];
  afterEach(async () => {
    host?.close();
    host = null;
    for (const c of others.splice(0)) {
      await c.client.stop();
      c.close();
    }
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of many channels, checked by the assertions
  type Call = (channel: string, input: unknown) => Promise<any>;

  function open(
    dir: string,
    syncTimings = { debounceMs: 20, backoffMinMs: 30, backoffMaxMs: 100 },
  ): { host: Host; events: { event: string; payload: unknown }[]; call: Call } {
    const h = createHost({
      dataDir: dir,
      transport: 'web',
      log,
      demo: false,
      now: () => NOW,
      secrets: createFileSecretStore({ file: join(dir, 'secrets.json'), log }),
      syncTimings,
    });
    host = h;
    const events: { event: string; payload: unknown }[] = [];
    h.events.subscribe((event, payload) => events.push({ event, payload }));
    const call = async (channel: string, input: unknown) => {
      const r = await h.dispatch(channel, input, ctx);
      if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
      return r.value as never;
    };
    return { host: h, events, call };
  }
  const password = (login: string) => `${login} password 1`;
  /** Another console of the desk, straight to the server (no proxy): what it writes reaches this host by a pull. */
  async function otherConsole(login: string): Promise<Console> {
    const c = openConsole(tmp(), { url: desk().server.url, token: desk().people[login]!.token() });
    others.push(c);
    expect(await startSync(c)).toMatchObject({ status: 'online' });
    return c;
  }
  /** A slot a week or more ahead of the real clock: the server checks bookings against its own time, not NOW. */
  function slotAhead(): number {
    for (let day = 7; ; day++) {
      const slots = slotStartsOn(RU_CALENDAR, presetById(DEFAULT_PRESET_ID)!, null, new Date(Date.now() + day * 86_400_000).toISOString().slice(0, 10));
      if (slots.length > 0) return slots[0]!;
    }
  }
  const clientIdOf = (h: Host) => (h.db.prepare("SELECT value FROM settings WHERE key = 'sync.clientId'").get() as { value: string }).value;

  it('no server signed in: state «off», a local change starts no timer and sends nothing', async () => {
    const d = desk();
    const { call, host: h } = open(tmp());
    // The server's address is known but nobody signed in: still alone.
    h.db.prepare("INSERT INTO settings (key, value) VALUES ('deskServer.url', ?)").run(d.proxy.url);
    const requests = d.proxy.log().length;
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    await call('tickets:create', { id: uuidv7(), type: 'question', subject: 'Один', contractNo: null });
    h.resume();
    expect(timers()).toBe(before);
    expect(await call('sync:state', {})).toMatchObject({ status: 'off', pending: 1, rejected: 0, seat: null });
    expect(await call('sync:now', {})).toMatchObject({ status: 'off' });
    expect(d.proxy.log()).toHaveLength(requests); // no push, no pull, no register
    expect(h.db.prepare("SELECT count(*) AS n FROM settings WHERE key LIKE 'sync.%'").get()).toEqual({ n: 0 });
  });

  it('signed in: a local change is pushed by itself, pulled tickets emit tickets:changed, rejections are listed with their reason', async () => {
    const d = desk();
    const { call, events } = open(tmp());
    await call('server:signIn', { url: d.proxy.url, login: 'op-anna', password: password('op-anna') });
    await until('first sync online', () => events.some((e) => e.event === 'sync:state' && (e.payload as { status: string }).status === 'online'));
    const seat = (await call('sync:state', {})).seat as string;
    expect(seat).toMatch(/^\d\d$/);
    const t = await call('tickets:create', { id: uuidv7(), type: 'question', subject: 'После входа', contractNo: null });
    expect(t.number).toBe(`${seat}-0001`); // the server's seat
    await until('pushed by the debounce', async () => (await call('sync:state', {})).pending === 0);
    // Another operator cancels the ticket while this console, cut off, starts work on it: the server refuses that (R-TKT-STATUS).
    const boris = await otherConsole('op-boris');
    await until('the ticket reached the other console', () => boris.ticketRow(t.id) !== undefined);
    d.proxy.offline();
    await call('tickets:transition', { id: t.id, to: 'in_progress' });
    boris.runMutation('ticket.transition', { id: t.id, to: 'cancelled', reason: 'дубль' } as never);
    await until('the cancel is on the server', async () => (await boris.client.syncNow()).pending === 0);
    d.proxy.online();
    await call('sync:now', {});
    await until('the transition pushed', async () => {
      const st = await call('sync:state', {});
      return st.pending === 0 && st.status === 'online' && d.pushes(clientIdOf(host!)).length > 0;
    });
    const state = await call('sync:state', {});
    expect(state).toMatchObject({ status: 'online', rejected: 1, seat });
    const list = await call('sync:rejections', {});
    expect(list).toEqual([
      {
        clientSeq: 2,
        name: 'ticket.transition',
        createdAt: NOW.toISOString(),
        rejectedAt: NOW.toISOString(),
        code: 'CONFLICT',
        reason: { kind: 'transition', params: { from: 'cancelled', to: 'in_progress' } },
        ticketNumber: `${seat}-0001`,
      },
    ]);
    expect(await call('sync:dismiss', { clientSeq: 2 })).toEqual({ dismissed: true });
    expect(await call('sync:dismiss', { clientSeq: 2 })).toEqual({ dismissed: false });
    expect(await call('sync:rejections', {})).toEqual([]);

    // A ticket another console created arrives by a pull and is announced by id.
    const other = boris.ticket('С сервера');
    await until('pushed by the other console', async () => (await boris.client.syncNow()).pending === 0);
    events.length = 0;
    await call('sync:now', {});
    await until('announced', () => events.some((e) => e.event === 'tickets:changed' && (e.payload as { ids: string[] }).ids.includes(other)));
    expect(events).toContainEqual({ event: 'tickets:changed', payload: { ids: [other], at: NOW.toISOString() } });
    expect((await call('tickets:get', { id: other })).subject).toBe('С сервера');

    // Sign-out stops the sync: state «off», nothing more is sent.
    await call('server:signOut', {});
    const pushes = d.pushes(clientIdOf(host!)).length;
    await call('tickets:create', { id: uuidv7(), type: 'question', subject: 'После выхода', contractNo: null });
    expect(await call('sync:now', {})).toMatchObject({ status: 'off', pending: 1 });
    expect(d.pushes(clientIdOf(host!))).toHaveLength(pushes);
  });

  it('a call logged on another console of the same operator arrives by a pull and refreshes the call log (calls:changed), not the ticket lists', async () => {
    const d = desk();
    const { call, events } = open(tmp());
    await call('server:signIn', { url: d.proxy.url, login: 'op-anna', password: password('op-anna') });
    await until('first sync online', async () => (await call('sync:state', {})).status === 'online');
    // An operator's calls are in the operator's own bucket (src-shared/server/buckets.ts): their second console.
    const laptop = await otherConsole('op-anna');
    // The live poke may pull before sync:now: the events are read from here on.
    const from = events.length;
    const callId = laptop.offer();
    await until('pushed by the other console', async () => (await laptop.client.syncNow()).pending === 0);
    await call('sync:now', {});
    await until('calls:changed', () => events.slice(from).some((e) => e.event === 'calls:changed'));
    expect(events.slice(from).filter((e) => e.event === 'calls:changed')).toEqual([{ event: 'calls:changed', payload: { at: NOW.toISOString() } }]);
    // Only a call came: the ticket views have nothing to refetch.
    expect(events.slice(from).filter((e) => e.event === 'tickets:changed')).toEqual([]);
    const logRows = (await call('calls:log', {})) as { id: string }[];
    expect(logRows.map((r) => r.id)).toContain(callId);
  });

  it('visits: «Техник» only with a server; the host checks the technician against the synced people, and the server’s FORBIDDEN is listed with the visit’s ticket', async () => {
    const d = desk();
    const { call, host: h } = open(tmp());
    const booked = await call('visits:book', {
      id: uuidv7(),
      ticketId: null,
      contractNo: null,
      address: 'Москва, ул. Арбат, 5',
      responsible: 'Петров',
      phone: '+79039691445',
      slotStart: new Date(slotAhead()).toISOString(),
    });
    const visitId: string = booked.visit.id;
    // Alone: nothing new on the screen, and nobody to assign.
    expect(await call('visits:technicians', {})).toEqual({ synced: false, canAssign: false, technicians: [] });
    expect(booked.visit).toMatchObject({ technicianId: null, technicianName: null });

    // The desk's people, made by the admin on the real server; they reach this console by a pull.
    const tech = (await makePerson(d.server.url, d.adminToken, { login: 'tech-petr', displayName: 'Пётр Монтёров', role: 'technician' })).id;
    const lead = (await makePerson(d.server.url, d.adminToken, { login: 'lead-olga', displayName: 'Старшая Смены', role: 'shift-lead' })).id;
    await call('server:signIn', { url: d.proxy.url, login: 'op-anna', password: password('op-anna') });
    // `ref` holds every user of the desk (the admin and the operators too): wait for these two rows.
    const known = (id: string) => h.db.prepare('SELECT 1 FROM desk_users WHERE id = ?').get(id) !== undefined;
    await until('the technician and the shift lead arrived', () => known(tech) && known(lead));
    // op-anna is an operator: the field shows, the select does not.
    expect(await call('visits:technicians', {})).toEqual({ synced: true, canAssign: false, technicians: [] });

    // Hostile or wrong input: a clear refusal, nothing written.
    const outbox = () => (h.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
    const before = outbox();
    const refused = async (input: unknown) => {
      const r = await h.dispatch('visits:assign', input, ctx);
      if (r.ok) throw new Error('accepted');
      return r.error;
    };
    expect(await refused({ id: visitId, technicianId: 'tech-1' })).toMatchObject({ code: 'VALIDATION' });
    expect(await refused({ id: visitId, technicianId: lead })).toMatchObject({ code: 'VALIDATION', reason: { kind: 'notTechnician' } });
    expect(await refused({ id: visitId, technicianId: '01a24a32-0000-7000-8000-0000000000c9' })).toMatchObject({
      code: 'VALIDATION',
      reason: { kind: 'notTechnician' },
    });
    expect(outbox()).toBe(before);

    // A known technician: written locally with its outbox row and pushed; the server refuses it
    // for this operator (authorize.ts: only a shift lead or an admin assigns), and the panel names the visit's ticket.
    const v = await call('visits:assign', { id: visitId, technicianId: tech });
    expect(v).toMatchObject({ technicianId: tech, technicianName: 'Пётр Монтёров' });
    expect(h.db.prepare('SELECT name FROM outbox ORDER BY client_seq DESC LIMIT 1').get()).toEqual({ name: 'visit.assign' });
    await until('the refusal is listed', async () => (await call('sync:rejections', {})).length === 1);
    expect(await call('sync:rejections', {})).toMatchObject([{ name: 'visit.assign', code: 'FORBIDDEN', ticketNumber: booked.ticket.number }]);
    // Refused by the real server (the booking itself was applied there).
    expect((await d.stored(clientIdOf(h))).map((m) => [m.name, m.status])).toEqual([
      ['visit.book', 'applied'],
      ['visit.assign', 'rejected'],
    ]);
  });
});
