/**
 * Push, issue 12 item 3, on PGlite and PostgreSQL 15 through the real HTTP API: the stored
 * results (`sync_mutations`) are pruned by the retention rule of src-server/README.md while every
 * duplicate is still answered and applied once, and a new ticket whose number the desk already
 * holds is renumbered from the pushing console's seat instead of refused.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeskServer, type DeskServer } from '../../../src-server/app';
import { createServerLogger } from '../../../src-server/log';
import { pruneSyncMutations } from '../../../src-server/sync/retention';
import { PushResponseSchema, type SyncRowData } from '../../../src-shared/server/sync';
import { send } from '../../helpers/http';
import { deskBackends } from '../../helpers/deskBackends';
import { deskConsole, type DeskConsole } from '../../helpers/deskSync';

const log = createServerLogger({ level: 'silent', format: 'json' });
const { backends } = deskBackends('desk-push-retention-');
const ADMIN_PASSWORD = 'admin password for tests';
const DAY = 86_400_000;

const ticketArgs = (over: Record<string, unknown> = {}) => ({ id: randomUUID(), type: 'question', subject: 'Не работает интернет', ...over });

describe.each(backends)('push retention and renumbering on $name', (backend) => {
  // Tuesday 2026-11-24, 10:00 in Moscow: working hours.
  const clock = new Date('2026-11-24T07:00:00Z').getTime();
  let server: DeskServer;
  const url = () => server.url;
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
    const adminToken = await signIn('admin', ADMIN_PASSWORD);
    for (const [login, role, queues] of [
      ['op-a', 'operator', ['support']],
      ['lead', 'shift-lead', []],
    ] as const) {
      const r = await send(url(), '/api/v1/users', { token: adminToken, json: { login, displayName: login, role, queues, password: `${login} password 1` } });
      expect(r.status, r.text).toBe(201);
      users[login] = { id: (r.json as { user: { id: string } }).user.id, token: await signIn(login, `${login} password 1`) };
    }
  }, 180_000);
  afterAll(async () => {
    await server?.close();
  });

  const consoleOf = (login: string): DeskConsole => deskConsole(url, users[login]!.token);
  const storedSeqs = async (c: DeskConsole): Promise<number[]> =>
    (await server.storage.query<{ seq: number }>('SELECT seq::int AS seq FROM sync_mutations WHERE client_id = $1 ORDER BY seq', [c.clientId])).rows.map(
      (r) => r.seq,
    );
  const pushed = async (c: DeskConsole, mutations: unknown[]) => {
    const r = await c.rawPush(mutations);
    expect(r.status, r.text).toBe(200);
    return PushResponseSchema.parse(r.json);
  };

  it('retention: what a console provably holds goes at once, the rest after the change-log days, the newest N always stay', async () => {
    const held = consoleOf('op-a');
    const t = ticketArgs({ number: '41-0001' });
    // One batch of five, then a push starting at 6: the console stored the answers up to 5.
    const first = [held.mutation('ticket.create', t), ...[1, 2, 3, 4].map((i) => held.mutation('ticket.comment', { id: t.id, text: `комментарий ${i}` }))];
    const r = await pushed(held, first);
    expect(r.results.map((x) => x.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
    const sixth = held.mutation('ticket.comment', { id: t.id, text: 'комментарий 5' });
    expect((await pushed(held, [sixth])).lastSeq).toBe(6);

    // A console whose last answer may be lost: nothing is provably held, everything is fresh.
    const unsure = consoleOf('op-a');
    const u = ticketArgs({ number: '41-0002' });
    await pushed(unsure, [
      unsure.mutation('ticket.create', u),
      unsure.mutation('ticket.comment', { id: u.id, text: 'x' }),
      unsure.mutation('ticket.comment', { id: u.id, text: 'y' }),
    ]);

    await pruneSyncMutations(server.storage, { days: 30, now: new Date(clock), keepLast: 1 });
    expect(await storedSeqs(held)).toEqual([6]);
    expect(await storedSeqs(unsure)).toEqual([1, 2, 3]);
    // keepLast keeps the newest of a console even when it is provably held.
    const more = consoleOf('op-a');
    const m = ticketArgs({ number: '41-0003' });
    await pushed(more, [more.mutation('ticket.create', m), more.mutation('ticket.comment', { id: m.id, text: 'x' })]);
    await pushed(more, [more.mutation('ticket.comment', { id: m.id, text: 'z' })]);
    await pruneSyncMutations(server.storage, { days: null, now: new Date(clock), keepLast: 2 });
    expect(await storedSeqs(more)).toEqual([2, 3]);

    // Past the change-log days, the unsure console keeps only its newest row.
    await pruneSyncMutations(server.storage, { days: 30, now: new Date(clock + 31 * DAY), keepLast: 1 });
    expect(await storedSeqs(unsure)).toEqual([3]);
    expect(await storedSeqs(held)).toEqual([6]);
  });

  it('a duplicate whose stored result was pruned is acknowledged again, without its result, and applied once', async () => {
    const c = consoleOf('op-a');
    const t = ticketArgs({ number: '41-0004' });
    const create = c.mutation('ticket.create', t);
    const comment = c.mutation('ticket.comment', { id: t.id, text: 'один раз' });
    const tail = c.mutation('ticket.comment', { id: t.id, text: 'последний' });
    expect((await pushed(c, [create, comment, tail])).results.map((x) => x.status)).toEqual(['applied', 'applied', 'applied']);
    expect(await pruneSyncMutations(server.storage, { days: 30, now: new Date(clock + 31 * DAY), keepLast: 1 })).toBeGreaterThanOrEqual(2);
    expect(await storedSeqs(c)).toEqual([3]);

    // The answer to the first push was lost: the console sends the same seqs again.
    const again = await pushed(c, [create, comment, tail]);
    expect(again.lastSeq).toBe(3);
    expect(again.results).toEqual([
      { seq: 1, id: create.id, status: 'duplicate' },
      { seq: 2, id: comment.id, status: 'duplicate' },
      { seq: 3, id: tail.id, status: 'duplicate', result: expect.anything() as unknown },
    ]);
    // Exactly once: one ticket, one comment, and the next seq applies.
    const next = await pushed(c, [c.mutation('ticket.comment', { id: t.id, text: 'после повтора' })]);
    expect(next.results[0]).toMatchObject({ seq: 4, status: 'applied' });
    const lead = consoleOf('lead');
    await lead.pullAll();
    const texts = lead
      .ids('ticketEvent')
      .map((id) => lead.row<SyncRowData<'ticketEvent'>>('ticketEvent', id)!)
      .filter((e) => e.ticketId === t.id && e.kind === 'comment')
      .map((e) => e.data.text)
      .sort();
    expect(texts).toEqual(['один раз', 'после повтора', 'последний']);
  });

  it('a new ticket whose number the desk holds is renumbered from the console’s seat; the history keeps the old number; a duplicate gets the same answer', async () => {
    const first = consoleOf('op-a');
    const mine = ticketArgs({ number: '17-000123' });
    await pushed(first, [first.mutation('ticket.create', mine)]);

    // A console used alone numbered its own tickets with the same random seat.
    const alone = consoleOf('op-a');
    const seat = ((await send(url(), '/api/v1/sync/register', { token: alone.token, json: { clientId: alone.clientId } })).json as { seat: string }).seat;
    const clashing = ticketArgs({ number: '17-000123' });
    const related = ticketArgs({ number: '17-000124', relatedTo: [clashing.id] });
    const create = alone.mutation('ticket.create', clashing);
    const r = await pushed(alone, [create, alone.mutation('ticket.create', related)]);
    const to = `${seat}-0001`;
    expect(r.results[0]).toMatchObject({
      status: 'applied',
      result: { ticketId: clashing.id },
      renumbered: [{ ticketId: clashing.id, from: '17-000123', to }],
    });
    // Only what clashed changes number.
    expect(r.results[1]).toMatchObject({ status: 'applied' });
    expect(r.results[1]!.renumbered).toBeUndefined();

    const lead = consoleOf('lead');
    await lead.pullAll();
    expect(lead.row<SyncRowData<'ticket'>>('ticket', mine.id)?.number).toBe('17-000123');
    expect(lead.row<SyncRowData<'ticket'>>('ticket', clashing.id)?.number).toBe(to);
    expect(lead.row<SyncRowData<'ticket'>>('ticket', related.id)?.number).toBe('17-000124');
    const events = lead.ids('ticketEvent').map((id) => lead.row<SyncRowData<'ticketEvent'>>('ticketEvent', id)!);
    expect(events.filter((e) => e.ticketId === clashing.id).map((e) => [e.kind, e.data])).toEqual(
      expect.arrayContaining([
        ['created', expect.objectContaining({ number: '17-000123' })],
        ['renumbered', { from: '17-000123', to }],
      ]),
    );
    // R-TKT-DEDUP: the related ticket's history names the ticket by its new number.
    expect(events.find((e) => e.ticketId === related.id && e.kind === 'duplicate-linked')?.data).toMatchObject({ ticketId: clashing.id, number: to });

    // The answer was lost: the same push is answered the same, and nothing is renumbered twice.
    const again = await pushed(alone, [create]);
    expect(again.results[0]).toMatchObject({ status: 'duplicate', renumbered: [{ ticketId: clashing.id, from: '17-000123', to }] });
    await lead.pullAll();
    expect(lead.ids('ticketEvent').filter((id) => lead.row<SyncRowData<'ticketEvent'>>('ticketEvent', id)!.kind === 'renumbered')).toHaveLength(1);
    // The seat's next number follows the renumbered one.
    const n = await pushed(alone, [alone.mutation('ticket.create', ticketArgs())]);
    await lead.pullAll();
    expect(lead.row<SyncRowData<'ticket'>>('ticket', (n.results[0]!.result as { ticketId: string }).ticketId)?.number).toBe(`${seat}-0002`);
  });
});
