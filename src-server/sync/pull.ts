/**
 * Pull (issue 12 item 4): the changes of the user's buckets after an opaque cursor.
 *
 * - The change log is read in (xid, seq) order and only up to `pg_snapshot_xmin` of the current
 *   snapshot: every transaction below it has ended, so a writer that took its seq early and
 *   commits late is served after it commits (delayed), never skipped by a cursor that moved past
 *   its seq. A naive `seq > last` cursor does skip it (tests/integration/server/syncConcurrency).
 * - Rows travel whole in their newest version, and only to a user who receives one of the row's
 *   CURRENT buckets: a row that left (ticket moved, visit reassigned) reaches its old readers as
 *   `data: null`, never with its new content.
 * - The cursor carries a hash of the user's bucket set: buckets changed (queues reassigned, role
 *   changed) → `reset: true` and a snapshot; so does a cursor behind the change log's retention.
 * - A snapshot pages through the tables by `rid` (keyset, stable under writers) and then hands
 *   over to the change log at the `xmin` it started from: whatever committed after that comes
 *   through the log.
 */
import { createHash } from 'node:crypto';
import { bucketsOf, type BucketSet, type BucketUser } from '../../src-shared/server/buckets';
import type { PullRequest, PullResponse, SyncChange, SyncRowKind } from '../../src-shared/server/sync';
import { createBatcher, type Batcher } from '../batch';
import { ApiError } from '../http/errors';
import type { Queryable, Storage } from '../storage/types';
import { ClientOwnedError } from './push';
import { ROW_TABLES, SNAPSHOT_KINDS, type MutableKind } from './rows';

export const DEFAULT_PULL_LIMIT = 1000;

type LogCursor = { kind: 'log'; xid: bigint; seq: bigint; hash: string };
type SnapCursor = { kind: 'snap'; step: number; pos: bigint; startXid: bigint; hash: string };
type Cursor = LogCursor | SnapCursor;

export function bucketHash(set: BucketSet): string {
  return createHash('sha256')
    .update(set.all ? '*' : [...set.buckets].sort().join('\n'))
    .digest('hex')
    .slice(0, 16);
}

const LOG_RE = /^c1\.(\d{1,20})\.(\d{1,20})\.([0-9a-f]{16})$/;
const SNAP_RE = /^s1\.(\d{1,2})\.(\d{1,20})\.(\d{1,20})\.([0-9a-f]{16})$/;

export function encodeCursor(c: Cursor): string {
  return c.kind === 'log' ? `c1.${c.xid}.${c.seq}.${c.hash}` : `s1.${c.step}.${c.pos}.${c.startXid}.${c.hash}`;
}

/** xid8 is unsigned 64-bit, seq and rid signed 64-bit: a forged number past them must not reach SQL. */
const XID_MAX = 2n ** 64n - 1n;
const BIGINT_MAX = 2n ** 63n - 1n;

function decodeCursor(s: string): Cursor {
  const l = LOG_RE.exec(s);
  if (l && BigInt(l[1]!) <= XID_MAX && BigInt(l[2]!) <= BIGINT_MAX) return { kind: 'log', xid: BigInt(l[1]!), seq: BigInt(l[2]!), hash: l[3]! };
  const m = SNAP_RE.exec(s);
  if (m && Number(m[1]) < SNAPSHOT_KINDS.length && BigInt(m[2]!) <= BIGINT_MAX && BigInt(m[3]!) <= XID_MAX) {
    return { kind: 'snap', step: Number(m[1]), pos: BigInt(m[2]!), startXid: BigInt(m[3]!), hash: m[4]! };
  }
  throw new ApiError('VALIDATION', 'cursor: not a cursor this server gave out; pull with cursor null to start over', [
    { path: 'cursor', message: 'not a cursor this server gave out' },
  ]);
}

type Current = { id: string; row_version: number; data: unknown; buckets: string[] };

const REF_SELECT: Partial<Record<SyncRowKind, { select: string; order: string }>> = {
  queue: {
    select: "id, row_version, json_build_object('id', id, 'name', name, 'department', department) AS data, ARRAY['ref'] AS buckets FROM queues",
    order: 'sort, id',
  },
  user: {
    select:
      "id::text AS id, row_version, json_build_object('id', id::text, 'displayName', display_name, 'role', role, 'disabled', disabled) AS data, ARRAY['ref'] AS buckets FROM users",
    order: 'created_at, id',
  },
};

async function currentRows(db: Queryable, kind: SyncRowKind, ids: string[]): Promise<Current[]> {
  const ref = REF_SELECT[kind];
  if (ref) return (await db.query<Current>(`SELECT * FROM (SELECT ${ref.select}) r WHERE id = ANY($1::text[])`, [ids])).rows;
  return (await db.query<Current>(`SELECT id, row_version, data, buckets FROM ${ROW_TABLES[kind as MutableKind]} WHERE id = ANY($1::text[])`, [ids])).rows;
}

const sees = (set: BucketSet, buckets: readonly string[]) => set.all || buckets.some((b) => set.buckets.includes(b));

/** One pull request of a group: who asks, for which client id. */
type Asker = Readonly<{ user: BucketUser; clientId: string }>;

/**
 * Pulls that ask the same question share one answer. After a poke every console of a desk pulls
 * at once, from the same cursor, with the same buckets: the page is the same for all of them, so
 * it is read once (one set of reads) and only `lastSeq`, which is per client, is looked up per
 * request (one query for the whole group). Correctness: a request only joins a computation that
 * STARTS after the request arrived, so its answer is never older than the commit that poked it;
 * requests arriving while a group computes wait for the next computation of that group.
 */
export function createSyncPull(deps: Readonly<{ storage: Storage }>) {
  const { storage } = deps;
  const groups = new Map<string, Batcher<Asker, PullResponse>>();

  /** The last acknowledged seq of each client of the group; a client id another user owns is refused alone. */
  async function lastSeqs(db: Queryable, waiters: readonly Asker[]): Promise<Map<string, { userId: string; lastSeq: number }>> {
    const r = await db.query<{ client_id: string; user_id: string; last_seq: number }>(
      'SELECT client_id::text AS client_id, user_id::text AS user_id, last_seq::int AS last_seq FROM sync_clients WHERE client_id = ANY($1::uuid[])',
      [[...new Set(waiters.map((w) => w.clientId))]],
    );
    return new Map(r.rows.map((row) => [row.client_id, { userId: row.user_id, lastSeq: row.last_seq }]));
  }

  async function snapshotPage(
    db: Queryable,
    set: BucketSet,
    hash: string,
    from: SnapCursor,
    limit: number,
  ): Promise<{ changes: SyncChange[]; cursor: Cursor; more: boolean }> {
    const changes: SyncChange[] = [];
    let { step, pos } = from;
    while (step < SNAPSHOT_KINDS.length) {
      const kind = SNAPSHOT_KINDS[step]!;
      const room = limit - changes.length;
      if (room <= 0) return { changes, cursor: { kind: 'snap', step, pos, startXid: from.startXid, hash }, more: true };
      const ref = REF_SELECT[kind];
      let rows: (Current & { rid: string })[];
      if (ref) {
        // `ref` rows are never deleted and never change bucket, so an offset cannot skip one.
        rows = (
          await db.query<Current & { rid: string }>(`SELECT *, '0' AS rid FROM (SELECT ${ref.select} ORDER BY ${ref.order}) r OFFSET $1 LIMIT $2`, [
            String(pos),
            room + 1,
          ])
        ).rows;
      } else {
        rows = (
          await db.query<Current & { rid: string }>(
            // `t.rid`: the bigint column, not the text alias (which would order '10' before '9').
            `SELECT t.rid::text AS rid, t.id, t.row_version, t.data, t.buckets FROM ${ROW_TABLES[kind as MutableKind]} t
             WHERE t.rid > $1::bigint AND ($2::boolean OR t.buckets && $3::text[]) ORDER BY t.rid LIMIT $4`,
            [String(pos), set.all, set.all ? [] : set.buckets, room + 1],
          )
        ).rows;
      }
      const page = rows.slice(0, room);
      for (const r of page) changes.push({ kind, id: r.id, version: r.row_version, data: r.data });
      if (rows.length > room) {
        const next = ref ? pos + BigInt(page.length) : BigInt(page.at(-1)!.rid);
        return { changes, cursor: { kind: 'snap', step, pos: next, startXid: from.startXid, hash }, more: true };
      }
      step++;
      pos = 0n;
    }
    // Done: the change log takes over from where the snapshot's view began.
    return { changes, cursor: { kind: 'log', xid: from.startXid, seq: 0n, hash }, more: true };
  }

  async function logPage(
    db: Queryable,
    set: BucketSet,
    hash: string,
    from: LogCursor,
    limit: number,
  ): Promise<{ changes: SyncChange[]; cursor: Cursor; more: boolean } | 'behind'> {
    const r = await db.query<{ behind: boolean; xid: string | null; seq: string; kind: SyncRowKind; row_id: string; version: number }>(
      // One statement, so one snapshot: the retention horizon is checked against the very log rows
      // read (a prune committing between two statements could otherwise delete rows this page
      // then skips). Ordered by the columns `c.xid, c.seq`, not by the text aliases (which would
      // put 1000 before 982). Always one row at least: `behind`, with no log row when none.
      `SELECT h.behind, c.xid::text AS xid, c.seq::text AS seq, c.kind, c.row_id, c.version
       FROM (SELECT EXISTS (SELECT 1 FROM change_log_horizon z WHERE (z.xid, z.seq) > ($1::text::xid8, $2::bigint)) AS behind) h
       LEFT JOIN LATERAL (
         SELECT c.xid, c.seq, c.kind, c.row_id, c.version FROM change_log c
         WHERE NOT h.behind
           AND (c.xid, c.seq) > ($1::text::xid8, $2::bigint)
           AND c.xid < pg_snapshot_xmin(pg_current_snapshot())
           AND ($3::boolean OR c.bucket = ANY($4::text[]))
         ORDER BY c.xid, c.seq LIMIT $5
       ) c ON true
       ORDER BY c.xid, c.seq`,
      [String(from.xid), String(from.seq), set.all, set.all ? [] : set.buckets, limit + 1],
    );
    if (r.rows[0]?.behind) return 'behind';
    const rows = r.rows.filter((row): row is typeof row & { xid: string } => row.xid !== null);
    const page = rows.slice(0, limit);
    const more = rows.length > limit;
    if (page.length === 0) return { changes: [], cursor: from, more: false };
    const last = page.at(-1)!;
    const cursor: Cursor = { kind: 'log', xid: BigInt(last.xid), seq: BigInt(last.seq), hash };

    const order: { kind: SyncRowKind; id: string; version: number }[] = [];
    const seen = new Set<string>();
    const byKind = new Map<SyncRowKind, string[]>();
    for (const row of page) {
      const key = `${row.kind}\u0000${row.row_id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      order.push({ kind: row.kind, id: row.row_id, version: row.version });
      byKind.set(row.kind, [...(byKind.get(row.kind) ?? []), row.row_id]);
    }
    const current = new Map<string, Current>();
    for (const [kind, ids] of byKind) for (const c of await currentRows(db, kind, ids)) current.set(`${kind}\u0000${c.id}`, c);
    const changes: SyncChange[] = order.map((o) => {
      const c = current.get(`${o.kind}\u0000${o.id}`);
      if (!c) return { kind: o.kind, id: o.id, version: o.version, data: null };
      return { kind: o.kind, id: o.id, version: c.row_version, data: sees(set, c.buckets) ? c.data : null };
    });
    return { changes, cursor, more };
  }

  /**
   * The page after `raw` (the request's cursor, checked) for the bucket set `set`, and the group's
   * lastSeqs. The lastSeqs are read first, so every mutation they acknowledge committed before the
   * page was read (the console drops its outbox rows on that basis).
   */
  async function page(
    set: BucketSet,
    hash: string,
    raw: Cursor | null,
    limit: number,
    batch: readonly Asker[],
  ): Promise<{ seqs: Awaited<ReturnType<typeof lastSeqs>>; body: Omit<PullResponse, 'lastSeq'> }> {
    // No transaction: under READ COMMITTED it would not make the statements one view anyway.
    // What must hold holds by order and by statement: the lastSeqs are read before the page (a
    // later read sees every commit an earlier one saw), the horizon is checked in the statement
    // that reads the log, and a snapshot's pages read rows at least as new as their start, which
    // the log from that start then brings again (versions make that harmless).
    const seqs = await lastSeqs(storage, batch);
    const cursor = raw !== null && raw.hash === hash ? raw : null;
    let p: Awaited<ReturnType<typeof logPage>> | null = null;
    if (cursor?.kind === 'log') p = await logPage(storage, set, hash, cursor, limit);
    else if (cursor?.kind === 'snap') p = await snapshotPage(storage, set, hash, cursor, limit);
    let reset = false;
    if (p === null || p === 'behind') {
      // No cursor, another bucket set, or a cursor behind retention: a fresh snapshot.
      reset = true;
      const x = await storage.query<{ x: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS x');
      p = await snapshotPage(storage, set, hash, { kind: 'snap', step: 0, pos: 0n, startXid: BigInt(x.rows[0]!.x), hash }, limit);
    }
    return { seqs, body: { cursor: encodeCursor(p.cursor), reset, more: p.more, changes: p.changes } };
  }

  return function pull(user: BucketUser, req: PullRequest): Promise<PullResponse> {
    const set = bucketsOf(user);
    const hash = bucketHash(set);
    const limit = req.limit ?? DEFAULT_PULL_LIMIT;
    // A cursor this server never gave out is refused alone, before it can share anything.
    const raw = req.cursor === null ? null : decodeCursor(req.cursor);
    // The key names the bucket set itself, not its hash: only requests with equal answers meet.
    const key = `${limit}|${req.cursor ?? ''}|${set.all ? '*' : [...set.buckets].sort().join(',')}`;
    let group = groups.get(key);
    if (!group) {
      group = createBatcher<Asker, PullResponse>(
        async (batch) => {
          const { seqs, body } = await page(set, hash, raw, limit, batch);
          return batch.map((w) => {
            const held = seqs.get(w.clientId);
            return held && held.userId !== w.user.id ? new ClientOwnedError() : { ...body, lastSeq: held?.lastSeq ?? 0 };
          });
        },
        () => groups.delete(key),
      );
      groups.set(key, group);
    }
    return group({ user, clientId: req.clientId });
  };
}

/**
 * Retention: change-log rows older than `days` are deleted (the rows themselves stay, with their
 * current state); the newest deleted position becomes the horizon, and a cursor before it gets a
 * snapshot. Returns how many log rows went.
 */
export async function pruneChangeLog(storage: Storage, opts: Readonly<{ days: number; now: Date }>): Promise<number> {
  const cutoff = new Date(opts.now.getTime() - opts.days * 86_400_000);
  return storage.transaction(async (tx) => {
    const top = await tx.query<{ xid: string; seq: string }>(
      'SELECT c.xid::text AS xid, c.seq::text AS seq FROM change_log c WHERE c.at < $1 ORDER BY c.xid DESC, c.seq DESC LIMIT 1',
      [cutoff],
    );
    const h = top.rows[0];
    if (!h) return 0;
    const del = await tx.query('DELETE FROM change_log WHERE (xid, seq) <= ($1::text::xid8, $2::bigint)', [h.xid, h.seq]);
    await tx.query(
      `INSERT INTO change_log_horizon (one, xid, seq) VALUES (true, $1::text::xid8, $2::bigint)
       ON CONFLICT (one) DO UPDATE SET xid = excluded.xid, seq = excluded.seq
       WHERE (change_log_horizon.xid, change_log_horizon.seq) < (excluded.xid, excluded.seq)`,
      [h.xid, h.seq],
    );
    return del.rowCount;
  });
}
