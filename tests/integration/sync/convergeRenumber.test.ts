/**
 * Issue 12 item 3 at the console level: console hosts on real SQLite files, the real desk server
 * (PGlite, and PostgreSQL 15 when installed) behind the fault proxy.
 *
 * - Two consoles used alone numbered their tickets with the same random seat; both sign in: the
 *   second one's ticket is renumbered by the server, every console ends with both tickets under
 *   distinct numbers, their history whole, and nothing in the «Синхронизация» panel.
 *   The old number still finds the ticket in the search.
 * - A console that lost a push answer resends it after the server pruned the stored result: the
 *   duplicate is acknowledged, the outbox drains, the change is applied once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeskServer } from '../../../src-server/app';
import { pruneSyncMutations } from '../../../src-server/sync/retention';
import { SEAT_KEY } from '../../../src-main/mutations/sqliteStore';
import { SERVER_SEAT_KEY } from '../../../src-main/sync/store';
import { createTicketsRepo } from '../../../src-main/tickets/repo';
import { searchKeys } from '../../../src-main/tickets/service';
import { startFaultProxy, type FaultProxy } from '../../helpers/faultProxy';
import { deskBackends } from '../../helpers/deskBackends';
import { until } from '../../helpers/until';
import { createRig, makeOperators, signIn, type Host, type Person } from './rig';
import { startTestDeskServer } from '../../helpers/testDeskServer';

const { backends, tmp } = deskBackends('desk-renumber-', { postgres: 'ifAvailable' });
const ADMIN_PASSWORD = 'admin password for tests';
const DAY = 86_400_000;

describe.each(backends)('ticket numbers and pruned push results on $name', (backend) => {
  let server: DeskServer;
  let proxy: FaultProxy;
  let people: Record<string, Person> = {};
  const rig = createRig({ tmp, serverUrl: () => proxy.url, db: () => server.storage });
  const { write, settleAndCheck } = rig;
  const host = (login: string) => rig.host(people[login]!, { requestTimeoutMs: 3_000 });

  beforeAll(async () => {
    server = await startTestDeskServer(await backend.database(), ADMIN_PASSWORD, {
      live: { coalesceMs: 5 },
    });
    proxy = await startFaultProxy({ target: server.url });
    people = await makeOperators(server.url, await signIn(server.url, 'admin', ADMIN_PASSWORD), ['op-a', 'op-b']);
  }, 180_000);

  afterAll(async () => {
    await rig.close();
    await proxy?.close();
    await server?.close();
  });

  const history = (h: Host, ticketId: string) =>
    h.db.prepare('SELECT kind, data FROM ticket_events WHERE ticket_id = ? ORDER BY at, id').all(ticketId) as { kind: string; data: string }[];

  it('two consoles used alone with the same numbers sign in: both tickets reach every console under distinct numbers, nothing is rejected', async () => {
    const a = host('op-a');
    const b = host('op-b');
    // Before sign-in each console picks a random seat: these two picked the same one.
    for (const h of [a, b]) h.settings.set(SEAT_KEY, '17');
    const ta = write(a, () => a.ticket('Создана до входа на первой консоли'));
    const tb = write(b, () => b.ticket('Создана до входа на второй консоли'));
    write(b, () => b.runMutation('ticket.comment', { id: tb, text: 'Комментарий до входа' }));
    expect([a.ticketRow(ta)?.number, b.ticketRow(tb)?.number]).toEqual(['17-0001', '17-0001']);

    a.client.start();
    await until('the first console drained', async () => (await a.client.syncNow()).pending === 0, 30_000);
    b.client.start();
    await settleAndCheck();

    const renumbered = `${b.settings.get(SERVER_SEAT_KEY)}-0001`;
    for (const h of [a, b]) {
      expect(h.ticketRow(ta)?.number).toBe('17-0001');
      expect(h.ticketRow(tb)?.number).toBe(renumbered);
      // The renumbered ticket's history is whole on every console, the old number kept in it.
      const events = history(h, tb);
      expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['created', 'comment', 'renumbered']));
      expect(JSON.parse(events.find((e) => e.kind === 'renumbered')!.data)).toEqual({ from: '17-0001', to: renumbered });
      expect(h.count('SELECT count(*) AS n FROM sync_rejections')).toBe(0);
      // R-CALL-REPEAT: a customer told the old number (R-TKT-NOTIFY) still finds the ticket by it.
      const search = (q: string) =>
        createTicketsRepo(h.db)
          .search({ ...searchKeys(q), limit: 10, offset: 0, assignee: null, queue: null, open: 0 }, 'recent')
          .rows.map((r) => r.id)
          .sort();
      expect(search('17-0001')).toEqual([ta, tb].sort());
      expect(search(renumbered)).toEqual([tb]);
    }
  }, 90_000);

  it('a push answer lost, its stored result pruned, the same seq sent again: acknowledged, the outbox drains, applied once', async () => {
    const c = host('op-a');
    let cut = false;
    let blocked = true;
    proxy.plan((req) => {
      if (req.path !== '/api/v1/sync/push') return null;
      if (!cut) {
        cut = true;
        return { kind: 'cut', at: 'response' };
      }
      // Until the stored result is gone, every retry is cut before the server reads it.
      return blocked ? { kind: 'cut', at: 'request' } : null;
    });
    try {
      const id = write(c, () => c.ticket('Ответ на отправку потерян'));
      c.client.start();
      const stored = async () => (await server.storage.query('SELECT 1 FROM sync_mutations WHERE client_id = $1', [c.store.clientId()])).rows.length;
      await until('the server applied the push whose answer was cut', async () => (await stored()) === 1, 30_000);
      expect(c.store.ackedSeq()).toBe(0);
      await pruneSyncMutations(server.storage, { days: 1, now: new Date(Date.now() + 2 * DAY), keepLast: 0 });
      expect(await stored()).toBe(0);

      blocked = false;
      await until('the console drained', async () => (await c.client.syncNow()).pending === 0, 30_000);
      expect(c.outboxSeqs()).toEqual([]);
      expect(c.store.ackedSeq()).toBe(1);
      expect(c.count('SELECT count(*) AS n FROM sync_rejections')).toBe(0);
      // Applied once: one ticket, one creation in its history, the console equal to the server.
      const created = await server.storage.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM sync_ticket_events WHERE ticket_id = $1 AND data->>'kind' = 'created'",
        [id],
      );
      expect(created.rows[0]!.n).toBe(1);
      const row = await server.storage.query<{ number: string; v: number }>('SELECT number, row_version AS v FROM sync_tickets WHERE id = $1', [id]);
      expect(row.rows).toHaveLength(1);
      expect(c.ticketRow(id)?.number).toBe(row.rows[0]!.number);
      expect(c.db.prepare("SELECT version FROM sync_rows WHERE kind = 'ticket' AND id = ?").get(id)).toEqual({ version: Number(row.rows[0]!.v) });
    } finally {
      proxy.plan(null);
    }
  }, 90_000);
});
