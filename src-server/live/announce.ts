/**
 * "This user's rights or sessions changed": every server process re-reads that user's sessions and
 * row for its live sockets (bye to a revoked session, fresh buckets after a queue change). Sent
 * through NOTIFY so a change made on one server process reaches sockets held by another.
 */
import type { Queryable } from '../storage/types';

/** NOTIFY channel; the payload is the user id. */
export const LIVE_USER_CHANNEL = 'live_user';

/** Call inside the transaction that made the change when there is one: NOTIFY is delivered on commit. */
export async function announceUserChange(db: Queryable, userId: string): Promise<void> {
  await db.query('SELECT pg_notify($1, $2)', [LIVE_USER_CHANNEL, userId]);
}
