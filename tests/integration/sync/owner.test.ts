/**
 * Another operator on the same console (src-main/sync/owner.ts), in the whole host against the
 * real desk server (PGlite) through the fault proxy: operator A works offline and signs out with
 * changes waiting; B's sign-in is refused with the count and A's name, nothing pushed under B;
 * A signs in and the changes go under A; then B gets a client id of its own and B's view (A's
 * rows of a queue B does not serve leave the console), and A coming back continues A's client id
 * and seq. After each step the server's log per client id is exactly what that user wrote here,
 * and the console equals the server for the signed-in user's buckets.
 */
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeskServer } from '../../../src-server/app';
import { createHost, type Host } from '../../../src-main/host';
import { createFileSecretStore } from '../../../src-main/secrets/fileSecretStore';
import { uuidv7 } from '../../../src-shared/ids';
import { deskBackends } from '../../helpers/deskBackends';
import { startFaultProxy, type FaultProxy } from '../../helpers/faultProxy';
import { send } from '../../helpers/http';
import { until } from '../../helpers/until';
import { NOW } from './kit';
import { expectEqualToServer, signIn, type Person } from './rig';
import { startTestDeskServer } from '../../helpers/testDeskServer';

const log = pino({ level: 'silent' });
const { backends, tmp } = deskBackends('desk-owner-', { postgres: 'ifAvailable' });
const ADMIN_PASSWORD = 'admin password for tests';
const ctx = { transport: 'web' as const };

describe('another operator on the same console (PGlite)', () => {
  let server: DeskServer;
  let proxy: FaultProxy;
  let host: Host;
  let adminToken = '';
  const events: { event: string; payload: unknown }[] = [];

  beforeAll(async () => {
    server = await startTestDeskServer(await backends[0]!.database(), ADMIN_PASSWORD, {
      live: { coalesceMs: 5 },
    });
    proxy = await startFaultProxy({ target: server.url });
    adminToken = await signIn(server.url, 'admin', ADMIN_PASSWORD);
    const dir = join(tmp, 'console');
    host = createHost({
      dataDir: dir,
      transport: 'web',
      log,
      demo: false,
      now: () => NOW,
      secrets: createFileSecretStore({ file: join(dir, 'secrets.json'), log }),
      // A long debounce: what reaches the server before sign-out is sent by the sign-out's drain.
      syncTimings: { debounceMs: 60_000, backoffMinMs: 30, backoffMaxMs: 100 },
      signOutDrainMs: 2_000,
    });
    host.events.subscribe((event, payload) => events.push({ event, payload }));
  }, 120_000);

  afterAll(async () => {
    host?.close();
    await proxy?.close();
    await server?.close();
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of many channels, checked by the assertions
  async function call(channel: string, input: unknown): Promise<any> {
    const r = await host.dispatch(channel, input, ctx);
    if (!r.ok) throw Object.assign(new Error(`${channel}: ${r.error.code}: ${r.error.message}`), { error: r.error });
    return r.value;
  }

  async function user(login: string, queues: string[]): Promise<Person & { password: string }> {
    const password = `${login} password 1`;
    const r = await send(server.url, '/api/v1/users', {
      token: adminToken,
      json: { login, displayName: `Оператор ${login}`, role: 'operator', queues, password },
    });
    expect(r.status, r.text).toBe(201);
    return { id: (r.json as { user: { id: string } }).user.id, role: 'operator', queues, token: () => '', password };
  }

  const signInAs = (p: { password: string }, login: string) => call('server:signIn', { url: proxy.url, login, password: p.password });
  const clientId = (): string => (host.db.prepare("SELECT value FROM settings WHERE key = 'sync.clientId'").get() as { value: string }).value;
  /** A ticket created here; its outbox row's mutation id is what the server must hold under this user's client id. */
  async function ticket(subject: string, ledger: string[]): Promise<string> {
    const t = (await call('tickets:create', { id: uuidv7(), type: 'question', subject, contractNo: null })) as { id: string };
    ledger.push((host.db.prepare('SELECT mutation_id AS id FROM outbox ORDER BY client_seq DESC LIMIT 1').get() as { id: string }).id);
    return t.id;
  }
  async function logOf(client: string): Promise<{ user: string; mutations: [number, string][] }> {
    const owner = await server.storage.query<{ user_id: string }>('SELECT user_id::text AS user_id FROM sync_clients WHERE client_id = $1', [client]);
    const rows = await server.storage.query<{ seq: number; mutation_id: string }>(
      'SELECT seq::int AS seq, mutation_id FROM sync_mutations WHERE client_id = $1 ORDER BY seq',
      [client],
    );
    return { user: owner.rows[0]?.user_id ?? '', mutations: rows.rows.map((r) => [r.seq, r.mutation_id]) };
  }
  const numbered = (ids: string[]): [number, string][] => ids.map((id, i) => [i + 1, id]);
  const pending = async (): Promise<number> => ((await call('sync:state', {})) as { pending: number }).pending;
  const online = () => until('sync online', async () => ((await call('sync:state', {})) as { status: string }).status === 'online');

  it('A’s offline changes stay A’s: B is refused while they wait, then gets its own client id and view; A comes back to its own', async () => {
    const queues = ((await send(server.url, '/api/v1/queues', { token: adminToken })).json as { queues: { id: string }[] }).queues.map((q) => q.id);
    const a = await user('op-a', queues);
    const ledgerA: string[] = [];

    // A signs in, works online, then offline.
    await signInAs(a, 'op-a');
    await online();
    const clientA = clientId();
    const first = await ticket('Онлайн у A', ledgerA);
    await call('sync:now', {});
    expect(await pending()).toBe(0);
    proxy.offline();
    const offline1 = await ticket('Офлайн у A 1', ledgerA);
    await ticket('Офлайн у A 2', ledgerA);
    expect(await pending()).toBe(2);
    // Sign-out tries to drain (the server is away: the bounded wait ends), the session goes, the changes stay.
    expect(await call('server:signOut', {})).toMatchObject({ signedIn: false });
    expect(await pending()).toBe(2);

    // B serves only the queues A's tickets are not in: B's view differs.
    const queueOfA = (host.db.prepare('SELECT queue_id AS q FROM tickets WHERE id = ?').get(first) as { q: string }).q;
    const b = await user(
      'op-b',
      queues.filter((q) => q !== queueOfA),
    );
    proxy.online();
    const outboxBefore = host.db.prepare('SELECT * FROM outbox ORDER BY client_seq').all();
    const refused = await signInAs(b, 'op-b').then(
      () => null,
      (e: { error: unknown }) => e.error,
    );
    expect(refused).toMatchObject({ code: 'CONFLICT', reason: { kind: 'changesOfAnotherUser', params: { changes: 2, name: 'Оператор op-a' } } });
    expect(await call('server:status', {})).toMatchObject({ signedIn: false });
    expect(host.db.prepare('SELECT * FROM outbox ORDER BY client_seq').all()).toEqual(outboxBefore);
    expect(clientId()).toBe(clientA);
    // Nothing under B: the server knows A's client id alone, with A's online change only.
    expect((await server.storage.query('SELECT client_id FROM sync_clients')).rows).toEqual([{ client_id: clientA }]);
    expect(await logOf(clientA)).toEqual({ user: a.id, mutations: numbered(ledgerA.slice(0, 1)) });
    // B's session opened by the refused sign-in was closed.
    expect(
      (
        await server.storage.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.login = $1 AND s.revoked_at IS NULL',
          ['op-b'],
        )
      ).rows[0]!.n,
    ).toBe(0);

    // A signs in: the changes go under A.
    await signInAs(a, 'op-a');
    await until('A drained', async () => (await pending()) === 0);
    expect(await logOf(clientA)).toEqual({ user: a.id, mutations: numbered(ledgerA) });
    // One more change, sent by the sign-out's drain (the debounce is a minute).
    await ticket('Перед выходом A', ledgerA);
    await call('server:signOut', {});
    expect(await logOf(clientA)).toEqual({ user: a.id, mutations: numbered(ledgerA) });

    // B signs in: its own client id, A's rows B does not serve are gone, B's writes go under B.
    events.length = 0;
    await signInAs(b, 'op-b');
    await online();
    const clientB = clientId();
    expect(clientB).not.toBe(clientA);
    expect(host.db.prepare('SELECT count(*) AS n FROM tickets').get()).toEqual({ n: 0 });
    expect(host.db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
    expect(events).toContainEqual({ event: 'tickets:changed', payload: { ids: [], at: NOW.toISOString() } });
    const ledgerB: string[] = [];
    await ticket('У B', ledgerB);
    await call('sync:now', {});
    expect(await pending()).toBe(0);
    expect(await logOf(clientB)).toEqual({ user: b.id, mutations: numbered(ledgerB) });
    await expectEqualToServer(host.db, server.storage, b, 'the console signed in as B');
    await call('server:signOut', {});

    // A comes back: A's client id, A's seq continues, A's view (B's ticket is in a queue A serves too).
    await signInAs(a, 'op-a');
    await online();
    expect(clientId()).toBe(clientA);
    expect((await call('tickets:get', { id: offline1 })).subject).toBe('Офлайн у A 1');
    await ticket('A вернулся', ledgerA);
    await call('sync:now', {});
    expect(await pending()).toBe(0);
    expect(await logOf(clientA)).toEqual({ user: a.id, mutations: numbered(ledgerA) });
    expect(await logOf(clientB)).toEqual({ user: b.id, mutations: numbered(ledgerB) });
    await expectEqualToServer(host.db, server.storage, a, 'the console signed in as A again');
  }, 90_000);
});
