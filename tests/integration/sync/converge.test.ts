/**
 * Issue 12 item 7 with real parts: console hosts' write path and sync client on real SQLite files,
 * the real desk server (PGlite, and PostgreSQL 15 when installed) behind the fault proxy, the live
 * socket wired to the sync client. One invariant checker after every run: no acknowledged change
 * lost, none applied twice, each console's order kept, every console equal to the server for its
 * buckets (hash over sorted (kind, row id, version)).
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeskServer, type Database, type DeskServer } from '../../../src-server/app';
import { createServerLogger } from '../../../src-server/log';
import { createLiveClient } from '../../../src-main/sync/liveClient';
import type { SyncClientDeps } from '../../../src-main/sync/client';
import { bucketsOf } from '../../../src-shared/server/buckets';
import type { Role } from '../../../src-shared/server/api';
import { startFaultProxy, type FaultProxy } from '../../helpers/faultProxy';
import { send } from '../../helpers/http';
import { postgresAvailable, startPostgres, type PgCluster } from '../../helpers/postgres';
import { until } from '../../helpers/until';
import { log, openConsole, type Console } from './kit';

const serverLog = createServerLogger({ level: 'silent', format: 'json' });
const tmp = mkdtempSync(join(tmpdir(), 'desk-converge-'));
const ADMIN_PASSWORD = 'admin password for tests';
const LIVE_TIMINGS = { backoffBaseMs: 40, backoffCapMs: 400, silenceMs: 5_000, connectTimeoutMs: 2_000 };
let cluster: PgCluster | null = null;
afterAll(async () => {
  await cluster?.destroy();
  rmSync(tmp, { recursive: true, force: true });
});

type Backend = { name: string; database(): Promise<Database> };
const backends: Backend[] = [{ name: 'PGlite', database: async () => ({ kind: 'pglite', dataDir: join(tmp, 'pglite') }) }];
if (postgresAvailable()) {
  backends.push({
    name: 'PostgreSQL 15',
    async database() {
      cluster ??= await startPostgres();
      return { kind: 'postgres', url: cluster.url };
    },
  });
}

/** The kinds compared by the checker: the rows these tests write. */
const TABLES = { ticket: 'sync_tickets', ticketEvent: 'sync_ticket_events', call: 'sync_calls' } as const;

type Person = { id: string; role: Role; queues: string[]; token: () => string };
/** One console host: its SQLite file, its sync client with a live socket, and the ledger of what it wrote. */
type Host = Console & { person: Person; ledger: { seq: number; mutationId: string }[]; sessionEnded: string[] };

describe.each(backends)('consoles converge on $name', (backend) => {
  let server: DeskServer;
  let proxy: FaultProxy;
  let adminToken = '';
  const people: Record<string, Person> = {};
  const hosts: Host[] = [];

  const signIn = async (login: string, password: string): Promise<string> => {
    const r = await send(server.url, '/api/v1/session', { json: { login, password } });
    expect(r.status, r.text).toBe(201);
    return (r.json as { token: string }).token;
  };

  beforeAll(async () => {
    server = await startDeskServer({
      database: await backend.database(),
      host: '127.0.0.1',
      port: 0,
      tls: null,
      log: serverLog,
      adminPassword: ADMIN_PASSWORD,
      scrypt: { log2N: 12, r: 8, p: 1 },
      live: { coalesceMs: 5 },
    });
    proxy = await startFaultProxy({ target: server.url });
    adminToken = await signIn('admin', ADMIN_PASSWORD);
    const queues = ((await send(server.url, '/api/v1/queues', { token: adminToken })).json as { queues: { id: string }[] }).queues.map((q) => q.id);
    for (const login of ['op-a', 'op-b']) {
      const password = `${login} password 1`;
      const r = await send(server.url, '/api/v1/users', { token: adminToken, json: { login, displayName: login, role: 'operator', queues, password } });
      expect(r.status, r.text).toBe(201);
      const token = await signIn(login, password);
      people[login] = { id: (r.json as { user: { id: string } }).user.id, role: 'operator', queues, token: () => token };
    }
  }, 180_000);

  afterAll(async () => {
    for (const h of hosts) {
      await h.client.stop();
      h.close();
    }
    await proxy?.close();
    await server?.close();
  });

  function host(login: string, opts: { periodicMs?: number } = {}): Host {
    const person = people[login]!;
    const sessionEnded: string[] = [];
    const live: SyncClientDeps['live'] = (d) => createLiveClient({ ...d, log, timings: LIVE_TIMINGS });
    const c = openConsole(mkdtempSync(join(tmp, `${login}-`)), null, {
      server: () => ({ url: proxy.url, token: person.token() }),
      // No periodic pull unless asked: what arrives comes from pokes (or the console's own cycles).
      timings: { intervalMs: opts.periodicMs ?? 3_600_000, backoffMinMs: 20, backoffMaxMs: 200 },
      live,
      onSessionEnd: (reason) => sessionEnded.push(reason),
    });
    const h: Host = Object.assign(c, { person, ledger: [] as Host['ledger'], sessionEnded });
    hosts.push(h);
    return h;
  }

  /** A local write, noted in the ledger with the outbox seq it got (writes are synchronous). */
  function write(h: Host, fn: () => void): void {
    fn();
    const last = h.db.prepare('SELECT client_seq AS seq, mutation_id AS mutationId FROM outbox ORDER BY client_seq DESC LIMIT 1').get() as Host['ledger'][number];
    expect(h.ledger.at(-1)?.seq ?? 0).toBeLessThan(last.seq);
    h.ledger.push(last);
  }

  const rowsHash = (rows: readonly (readonly [string, string, number])[]): string =>
    createHash('sha256')
      .update(JSON.stringify([...rows].sort((x, y) => (x[0] + x[1] < y[0] + y[1] ? -1 : 1))))
      .digest('hex');

  async function serverRows(p: Person): Promise<[string, string, number][]> {
    const set = bucketsOf({ id: p.id, role: p.role, queues: p.queues });
    const buckets = set.all ? null : [...set.buckets];
    const out: [string, string, number][] = [];
    for (const [kind, table] of Object.entries(TABLES)) {
      const r = await server.storage.query<{ id: string; v: number }>(
        `SELECT id, row_version AS v FROM ${table} WHERE $1::text[] IS NULL OR buckets && $1::text[]`,
        [buckets],
      );
      for (const row of r.rows) out.push([kind, row.id, Number(row.v)]);
    }
    return out;
  }

  function consoleRows(h: Host): [string, string, number][] {
    const kinds = Object.keys(TABLES);
    return (h.db.prepare(`SELECT kind, id, version FROM sync_rows WHERE kind IN (${kinds.map(() => '?').join(',')})`).all(...kinds) as { kind: string; id: string; version: number }[]).map(
      (r) => [r.kind, r.id, r.version],
    );
  }

  /** Faults off, every console drained and pulled to the end, then the invariants. */
  async function settleAndCheck(): Promise<void> {
    proxy.plan(null);
    proxy.online();
    for (let round = 0; round < 3; round++) {
      for (const h of hosts) {
        if (h.sessionEnded.length > 0) continue;
        await until(`${h.person.id} drains its outbox`, async () => (await h.client.syncNow()).pending === 0, 30_000);
      }
    }
    for (const h of hosts) {
      if (h.sessionEnded.length > 0) continue;
      const id = h.store.clientId();
      const stored = await server.storage.query<{ seq: string; mutation_id: string }>('SELECT seq, mutation_id FROM sync_mutations WHERE client_id = $1 ORDER BY seq', [id]);
      // Nothing lost, nothing twice, the console's order kept: the server's log is the ledger exactly.
      expect(stored.rows.map((r) => [Number(r.seq), r.mutation_id])).toEqual(h.ledger.map((l) => [l.seq, l.mutationId]));
      expect(rowsHash(consoleRows(h)), `console of ${h.person.id} equals the server for its buckets`).toBe(rowsHash(await serverRows(h.person)));
    }
    // Applied once: every comment text written is on the server exactly once.
    const comments = await server.storage.query<{ text: string; n: string }>(
      `SELECT data->'data'->>'text' AS text, count(*) AS n FROM sync_ticket_events WHERE data->>'kind' = 'comment' GROUP BY 1 HAVING count(*) > 1`,
    );
    expect(comments.rows).toEqual([]);
  }

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
    for (let i = 0; i < 60; i++) {
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
    await settleAndCheck();
    const faults = proxy.log().filter((e) => e.fault !== null).length;
    expect(faults, 'the proxy really interfered').toBeGreaterThan(5);
  }, 120_000);

  it('a revoked session ends the sync with «signedOut» through the live bye, and the host forgets the token', async () => {
    const b = hosts.find((h) => h.person === people['op-b'])!;
    const r = await send(server.url, `/api/v1/users/${people['op-b']!.id}/sessions/revoke`, { method: 'POST', token: adminToken });
    expect(r.status, r.text).toBe(200);
    await until('the console heard the bye', () => b.sessionEnded.length > 0);
    expect(b.sessionEnded).toEqual(['revoked']);
    expect(b.client.state().status).toBe('signedOut');
    // A local write after that waits in the outbox: nothing is sent until a new sign-in.
    const before = proxy.log().length;
    b.ticket('После отзыва');
    await new Promise((res) => setTimeout(res, 200));
    expect(proxy.log().length).toBe(before);
    expect(b.client.state()).toMatchObject({ status: 'signedOut', pending: 1 });
  }, 60_000);
});
