/**
 * Retention of push's stored results (issue 12 item 3). `sync_mutations` keeps each mutation's
 * answer only so that a console which lost the answer to a push can send the same seq again and
 * hear the same thing. A desk writes 10^4–10^5 mutations a day, so the rows go once no console can
 * ask for them any more (the rule in src-server/README.md, "Push retention"):
 *
 * - a row at or below its console's `held_seq` goes: a console pushes from its stored
 *   acknowledged seq + 1 and never below it, so it will never resend those seqs;
 * - a row older than the change log's retention goes too: a console away that long gets a fresh
 *   snapshot anyway, and a duplicate whose row is gone is still acknowledged (push.ts `stored`);
 * - but the newest `keepLast` rows of every console always stay (the answers a console that is
 *   mid-retry most likely asks for, and what an admin looks at first).
 *
 * Runs on the retention timer of app.ts, never inside a push's transaction.
 */
import type { Storage } from '../storage/types';

/** Rows kept per console whatever their age or its held seq. */
export const KEEP_LAST_MUTATIONS = 100;

export type MutationRetention = Readonly<{
  /** Rows older than this many days go (null: only what the consoles provably hold goes). */
  days: number | null;
  now: Date;
  keepLast?: number;
}>;

/** Deletes the stored results no console can ask for; returns how many went. */
export async function pruneSyncMutations(storage: Storage, opts: MutationRetention): Promise<number> {
  const keepLast = opts.keepLast ?? KEEP_LAST_MUTATIONS;
  const cutoff = opts.days === null ? null : new Date(opts.now.getTime() - opts.days * 86_400_000);
  const r = await storage.query(
    `DELETE FROM sync_mutations m USING sync_clients c
      WHERE m.client_id = c.client_id
        AND m.seq <= c.last_seq - $1::bigint
        AND (m.seq <= c.held_seq OR ($2::timestamptz IS NOT NULL AND m.server_at < $2::timestamptz))`,
    [keepLast, cutoff],
  );
  return r.rowCount;
}
