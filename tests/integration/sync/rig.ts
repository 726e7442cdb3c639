/**
 * Console hosts for the converge tests (converge*.test.ts): each on its own SQLite file with the
 * sync client and a live socket to the real desk server (through the fault proxy), a ledger of
 * the outbox seqs it wrote, and the invariant checker run after every scenario.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Queryable } from '../../../src-server/storage/types';
import type { Db } from '../../../src-main/db/open';
import type { PageEffect } from '../../../src-main/sync/apply';
import { createLiveClient } from '../../../src-main/sync/liveClient';
import type { Role } from '../../../src-shared/server/roles';
import { bucketsOf } from '../../../src-shared/server/buckets';
import { send } from '../../helpers/http';
import { until } from '../../helpers/until';
import { log, openConsole, type Console } from './kit';

const LIVE_TIMINGS = { backoffBaseMs: 40, backoffCapMs: 400, silenceMs: 5_000, connectTimeoutMs: 2_000 };

/** The kinds compared by the checker: the rows these tests write. */
const TABLES = { ticket: 'sync_tickets', ticketEvent: 'sync_ticket_events', call: 'sync_calls', visit: 'sync_visits' } as const;

export type Person = { id: string; role: Role; queues: string[]; token: () => string };
export type Host = Console & { person: Person; ledger: { seq: number; mutationId: string }[]; sessionEnded: string[]; pages: PageEffect[] };

export async function signIn(url: string, login: string, password: string): Promise<string> {
  const r = await send(url, '/api/v1/session', { json: { login, password } });
  expect(r.status, r.text).toBe(201);
  return (r.json as { token: string }).token;
}

/** Users of `role` (operators get every queue), signed in. */
export async function makeOperators(url: string, adminToken: string, logins: readonly string[], role: Role = 'operator'): Promise<Record<string, Person>> {
  const all = ((await send(url, '/api/v1/queues', { token: adminToken })).json as { queues: { id: string }[] }).queues.map((q) => q.id);
  const queues = role === 'operator' ? all : [];
  const people: Record<string, Person> = {};
  for (const login of logins) people[login] = await makePerson(url, adminToken, { login, displayName: login, role, queues });
  return people;
}

/** One user made through the admin API (password `<login> password 1`), signed in. */
export async function makePerson(
  url: string,
  adminToken: string,
  p: Readonly<{ login: string; displayName: string; role: Role; queues?: string[] }>,
): Promise<Person> {
  const password = `${p.login} password 1`;
  const queues = p.queues ?? [];
  const r = await send(url, '/api/v1/users', { token: adminToken, json: { login: p.login, displayName: p.displayName, role: p.role, queues, password } });
  expect(r.status, r.text).toBe(201);
  const token = await signIn(url, p.login, password);
  return { id: (r.json as { user: { id: string } }).user.id, role: p.role, queues, token: () => token };
}

const rowsHash = (rows: readonly (readonly [string, string, number])[]): string =>
  createHash('sha256')
    .update(JSON.stringify([...rows].sort((x, y) => (x[0] + x[1] < y[0] + y[1] ? -1 : 1))))
    .digest('hex');

/** The server's (kind, id, row_version) of the checked kinds in the buckets of `p`. */
async function serverRows(db: Queryable, p: Pick<Person, 'id' | 'role' | 'queues'>): Promise<[string, string, number][]> {
  const set = bucketsOf({ id: p.id, role: p.role, queues: p.queues });
  const buckets = set.all ? null : [...set.buckets];
  const out: [string, string, number][] = [];
  for (const [kind, table] of Object.entries(TABLES)) {
    const r = await db.query<{ id: string; v: number }>(`SELECT id, row_version AS v FROM ${table} WHERE $1::text[] IS NULL OR buckets && $1::text[]`, [
      buckets,
    ]);
    for (const row of r.rows) out.push([kind, row.id, Number(row.v)]);
  }
  return out;
}

function consoleRows(db: Db): [string, string, number][] {
  const kinds = Object.keys(TABLES);
  const rows = db.prepare(`SELECT kind, id, version FROM sync_rows WHERE kind IN (${kinds.map(() => '?').join(',')})`).all(...kinds) as {
    kind: string;
    id: string;
    version: number;
  }[];
  return rows.map((r) => [r.kind, r.id, r.version]);
}

/** The checker's convergence part: a console's SQLite holds exactly the server's rows of its user's buckets, at the server's versions. */
export async function expectEqualToServer(consoleDb: Db, serverDb: Queryable, p: Pick<Person, 'id' | 'role' | 'queues'>, label: string): Promise<void> {
  expect(rowsHash(consoleRows(consoleDb)), `${label} equals the server for its buckets`).toBe(rowsHash(await serverRows(serverDb, p)));
}

export function createRig(deps: Readonly<{ tmp: string; serverUrl: () => string; db: () => Queryable }>) {
  const hosts: Host[] = [];

  /** `requestTimeoutMs`: a dropped request costs this (the production default is 30 s); keep it well above a loaded push. */
  function host(person: Person, opts: { periodicMs?: number; requestTimeoutMs?: number } = {}): Host {
    const sessionEnded: string[] = [];
    const pages: PageEffect[] = [];
    const c = openConsole(mkdtempSync(join(deps.tmp, 'console-')), null, {
      server: () => ({ url: deps.serverUrl(), token: person.token() }),
      // No periodic pull unless asked: what arrives comes from pokes (or the console's own cycles).
      timings: { intervalMs: opts.periodicMs ?? 3_600_000, backoffMinMs: 20, backoffMaxMs: 200 },
      live: (d) => createLiveClient({ ...d, log, timings: LIVE_TIMINGS }),
      onSessionEnd: (reason) => sessionEnded.push(reason),
      onPage: (e) => pages.push(e),
      requestTimeoutMs: opts.requestTimeoutMs,
    });
    const h: Host = Object.assign(c, { person, ledger: [] as Host['ledger'], sessionEnded, pages });
    hosts.push(h);
    return h;
  }

  /** A local write, noted in the ledger with the outbox seq it got (writes are synchronous). */
  function write<T>(h: Host, fn: () => T): T {
    const out = fn();
    const last = h.db
      .prepare('SELECT client_seq AS seq, mutation_id AS mutationId FROM outbox ORDER BY client_seq DESC LIMIT 1')
      .get() as Host['ledger'][number];
    expect(h.ledger.at(-1)?.seq ?? 0).toBeLessThan(last.seq);
    h.ledger.push(last);
    return out;
  }

  /**
   * Every console drained and pulled to the end, then the invariants: the server's mutation log
   * of each console is its ledger exactly (nothing acknowledged lost, nothing twice, order kept);
   * each console holds exactly the server's rows of its buckets at the server's versions; no
   * comment applied twice.
   */
  async function settleAndCheck(timeoutMs = 60_000): Promise<void> {
    const live = hosts.filter((h) => h.sessionEnded.length === 0);
    for (let round = 0; round < 2; round++) {
      for (const h of live) await until(`console ${h.store.clientId()} drains its outbox`, async () => (await h.client.syncNow()).pending === 0, timeoutMs);
    }
    for (const h of live) {
      const stored = await deps
        .db()
        .query<{ seq: string; mutation_id: string }>('SELECT seq, mutation_id FROM sync_mutations WHERE client_id = $1 ORDER BY seq', [h.store.clientId()]);
      expect(stored.rows.map((r) => [Number(r.seq), r.mutation_id])).toEqual(h.ledger.map((l) => [l.seq, l.mutationId]));
      await expectEqualToServer(h.db, deps.db(), h.person, `console ${h.store.clientId()}`);
    }
    const twice = await deps
      .db()
      .query(`SELECT data->'data'->>'text' AS text, count(*) AS n FROM sync_ticket_events WHERE data->>'kind' = 'comment' GROUP BY 1 HAVING count(*) > 1`);
    expect(twice.rows).toEqual([]);
  }

  async function close(): Promise<void> {
    for (const h of hosts) {
      await h.client.stop();
      h.close();
    }
  }

  return { hosts, host, write, settleAndCheck, close };
}
