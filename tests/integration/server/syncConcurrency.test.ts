/**
 * 32 concurrent writers with random transaction lengths while readers pull, on PostgreSQL 15 (PGlite
 * has one connection, so nothing there overlaps). An invariant checker proves that every reader
 * ends equal to the server for its buckets (no change skipped, rows that left are gone) and that
 * every mutation applied exactly once in its client's order. A naive `seq > last` cursor, fed the
 * same workload, is the negative control: the same checker must catch it skipping a writer that
 * took its seq early and committed late.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerLogger } from '../../../src-server/log';
import { migrate } from '../../../src-server/storage/migrate';
import { SERVER_MIGRATIONS } from '../../../src-server/storage/migrations/index';
import { openPostgresStorage } from '../../../src-server/storage/postgres';
import type { Storage } from '../../../src-server/storage/types';
import { createSyncPull } from '../../../src-server/sync/pull';
import { createSyncPush, type SyncUser } from '../../../src-server/sync/push';
import { ROW_TABLES } from '../../../src-server/sync/rows';
import { uuidv7 } from '../../../src-shared/ids';
import type { MutationName } from '../../../src-shared/mutators/index';
import { bucketsOf, inBuckets } from '../../../src-shared/server/buckets';
import { applyChange, applyPage, type Held } from '../../helpers/deskSync';
import { startPostgres, type PgCluster } from '../../helpers/postgres';

const log = createServerLogger({ level: 'silent', format: 'json' });
const WRITERS = 32;
const MUTATIONS_PER_WRITER = 10;

let cluster: PgCluster;
let storage: Storage;
const users: SyncUser[] = [];

beforeAll(async () => {
  cluster = await startPostgres();
  // One connection per writer, the readers and the control, as 32 server request handlers would hold.
  storage = await openPostgresStorage({ url: cluster.url, log, maxConnections: WRITERS + 8 });
  await migrate(storage, SERVER_MIGRATIONS);
  const people: [string, SyncUser['role'], string[]][] = [
    ['op-1', 'operator', ['support']],
    ['op-2', 'operator', ['support']],
    ['op-3', 'operator', ['support', 'repair']],
    ['lead', 'shift-lead', []],
  ];
  for (const [login, role, queues] of people) {
    const id = randomUUID();
    await storage.query(
      "INSERT INTO users (id, login, display_name, role, password_hash, created_at, password_changed_at) VALUES ($1, $2, $2, $3, 'x', now(), now())",
      [id, login, role],
    );
    for (const q of queues) await storage.query('INSERT INTO user_queues (user_id, queue_id) VALUES ($1, $2)', [id, q]);
    users.push({ id, role, queues, displayName: login });
  }
}, 120_000);
afterAll(async () => {
  await storage?.close();
  await cluster?.destroy();
});

/** What a user's buckets hold on the server now: `kind:id` → row_version. */
async function serverState(user: SyncUser): Promise<Map<string, number>> {
  const set = bucketsOf(user);
  const out = new Map<string, number>();
  for (const [kind, table] of Object.entries(ROW_TABLES)) {
    const r = await storage.query<{ id: string; row_version: number; buckets: string[] }>(`SELECT id, row_version, buckets FROM ${table}`);
    for (const row of r.rows) if (row.buckets.some((b) => inBuckets(set, b))) out.set(`${kind}:${row.id}`, row.row_version);
  }
  return out;
}

/** The checker: the reader holds exactly the server's rows for its buckets, each at the server's version. */
function check(
  held: ReadonlyMap<string, Held>,
  server: ReadonlyMap<string, number>,
): { missing: string[]; stale: string[]; extra: string[]; hash: [string, string] } {
  const mine = new Map([...held].filter(([k]) => !k.startsWith('queue:') && !k.startsWith('user:')).map(([k, v]) => [k, v.version]));
  const missing = [...server.keys()].filter((k) => !mine.has(k));
  const stale = [...server].filter(([k, v]) => mine.has(k) && mine.get(k) !== v).map(([k]) => k);
  const extra = [...mine.keys()].filter((k) => !server.has(k));
  const digest = (m: ReadonlyMap<string, number>) =>
    createHash('sha256')
      .update([...m].sort(([a], [b]) => (a < b ? -1 : 1)).join('\n'))
      .digest('hex');
  return { missing, stale, extra, hash: [digest(mine), digest(server)] };
}

describe('sync under 32 concurrent writers (PostgreSQL 15)', () => {
  it('readers pulling by (xid, seq) miss nothing; a naive seq cursor does, and the checker catches it', async () => {
    let releaseFirst!: () => void;
    const firstHolding = new Promise<void>((resolve) => (releaseFirst = resolve));
    let first = true;
    const push = createSyncPush({
      storage,
      now: () => new Date('2026-11-24T07:00:00Z'),
      log,
      // Random transaction lengths; the very first one stays open long enough for others to commit past it.
      holdTransactionMs: () => {
        if (first) {
          first = false;
          releaseFirst();
          return 1500;
        }
        return Math.floor(Math.random() * 40);
      },
    });
    const pull = createSyncPull({ storage });

    const writers = Array.from({ length: WRITERS }, (_, i) => ({ user: users[i % 4]!, clientId: randomUUID(), seq: 0, tickets: [] as string[] }));
    const runWriter = async (w: (typeof writers)[number], count: number): Promise<void> => {
      for (let k = 0; k < count; k++) {
        const at = new Date();
        const ticket = w.tickets[Math.floor(Math.random() * w.tickets.length)];
        const roll = Math.random();
        let name: MutationName, args: Record<string, unknown>;
        if (ticket === undefined || roll < 0.5) {
          const id = randomUUID();
          w.tickets.push(id);
          name = 'ticket.create';
          args = { id, type: 'question', subject: `нагрузка ${w.clientId.slice(0, 4)}-${w.seq + 1}`, queueId: 'support' };
        } else if (roll < 0.6 && w.user.queues.includes('repair')) {
          name = 'ticket.handoff';
          args = { id: ticket, queueId: 'repair', reason: 'в ремонт' };
          w.tickets.splice(w.tickets.indexOf(ticket), 1);
        } else {
          name = 'ticket.comment';
          args = { id: ticket, text: `комментарий ${w.seq + 1}` };
        }
        const seq = ++w.seq;
        if (name === 'ticket.create')
          (args as { number: string }).number = `${String(10 + writers.indexOf(w)).padStart(2, '0')}-${String(seq).padStart(4, '0')}`;
        const r = await push(w.user, { clientId: w.clientId, mutations: [{ seq, id: uuidv7(at.getTime()), name, args, createdAt: at.toISOString() }] });
        expect(r.results[0]?.status, JSON.stringify(r.results[0])).toBe('applied');
      }
    };

    // Readers: an operator of support and the shift lead, pulling in small pages all the time.
    const readers = [users[0]!, users[3]!].map((user) => ({
      user,
      clientId: randomUUID(),
      cursor: null as string | null,
      rows: new Map<string, Held>(),
      pages: 0,
    }));
    const pullOnce = async (r: (typeof readers)[number]): Promise<boolean> => {
      const page = await pull(r.user, { clientId: r.clientId, cursor: r.cursor, limit: 1 + Math.floor(Math.random() * 40) });
      applyPage(r.rows, page);
      r.cursor = page.cursor;
      r.pages++;
      return page.more;
    };
    // The negative control: `seq > last`, no xmin guard, same buckets and the same row fetch.
    const naive = { user: users[3]!, last: 0n, rows: new Map<string, Held>() };
    const naivePull = async (): Promise<number> => {
      const r = await storage.query<{ seq: string; kind: string; row_id: string }>(
        'SELECT c.seq::text AS seq, c.kind, c.row_id FROM change_log c WHERE c.seq > $1::bigint ORDER BY c.seq LIMIT 200',
        [String(naive.last)],
      );
      for (const row of r.rows) {
        const table = ROW_TABLES[row.kind as keyof typeof ROW_TABLES];
        if (!table) continue;
        const cur = await storage.query<{ row_version: number; data: unknown }>(`SELECT row_version, data FROM ${table} WHERE id = $1`, [row.row_id]);
        if (cur.rows[0]) applyChange(naive.rows, { kind: row.kind as 'ticket', id: row.row_id, version: cur.rows[0].row_version, data: cur.rows[0].data });
        naive.last = BigInt(row.seq);
      }
      return r.rows.length;
    };

    let writing = true;
    const readLoops = [
      ...readers.map(async (r) => {
        while (writing) await pullOnce(r);
      }),
      (async () => {
        while (writing) await naivePull();
      })(),
    ];
    const started = Date.now();
    const firstWriter = runWriter(writers[0]!, 1);
    await firstHolding;
    // The late committer's ticket is never touched again, so nothing later can heal a skip of it.
    const late = writers[0]!.tickets[0]!;
    const afterLate = firstWriter.then(() => {
      writers[0]!.tickets.length = 0;
      return runWriter(writers[0]!, MUTATIONS_PER_WRITER - 1);
    });
    await Promise.all([afterLate, ...writers.slice(1).map((w) => runWriter(w, MUTATIONS_PER_WRITER))]);
    const writeMs = Date.now() - started;
    writing = false;
    await Promise.all(readLoops);

    // Quiet now: each reader pulls to the end once more (as a console does on the next poke).
    for (const r of readers) while (await pullOnce(r));
    while ((await naivePull()) > 0);

    for (const r of readers) {
      const result = check(r.rows, await serverState(r.user));
      expect({ missing: result.missing, stale: result.stale, extra: result.extra }, `${r.user.displayName} after ${r.pages} pages`).toEqual({
        missing: [],
        stale: [],
        extra: [],
      });
      expect(result.hash[0]).toBe(result.hash[1]);
    }
    const control = check(naive.rows, await serverState(naive.user));
    expect(control.missing, 'the naive cursor skips the late committer').toContain(`ticket:${late}`);
    for (const r of readers.filter((x) => x.user.role === 'shift-lead')) expect(r.rows.has(`ticket:${late}`)).toBe(true);
    expect(control.hash[0]).not.toBe(control.hash[1]);

    // Exactly once, in order: every client acknowledged all its seqs once, each ticket has its history once.
    const counts = await storage.query<{ client_id: string; n: number; max: number; applied: number }>(
      "SELECT client_id::text AS client_id, count(*)::int AS n, max(seq)::int AS max, count(*) FILTER (WHERE status = 'applied')::int AS applied FROM sync_mutations GROUP BY client_id",
    );
    expect(counts.rows.length).toBe(WRITERS);
    for (const c of counts.rows) expect([c.n, c.max, c.applied]).toEqual([MUTATIONS_PER_WRITER, MUTATIONS_PER_WRITER, MUTATIONS_PER_WRITER]);
    const created = await storage.query<{ n: number }>("SELECT count(*)::int AS n FROM sync_ticket_events WHERE data->>'kind' = 'created'");
    const tickets = await storage.query<{ n: number }>('SELECT count(*)::int AS n FROM sync_tickets');
    expect(created.rows[0]!.n).toBe(tickets.rows[0]!.n);
    console.info(
      `sync concurrency: ${WRITERS * MUTATIONS_PER_WRITER} pushes by ${WRITERS} writers in ${writeMs} ms; naive cursor missed ${control.missing.length} rows`,
    );
  }, 120_000);
});
