/**
 * Sign-in throttling per (login, client address): after `maxFailures` wrong passwords within
 * `windowMs` that pair is refused until the oldest failure leaves the window, without checking
 * the password (so a locked pair learns nothing and costs no scrypt). Failures live in the
 * database, so several server processes share the count. A success clears the pair.
 */
import type { Queryable } from '../storage/types';

export type RateLimitPolicy = Readonly<{ maxFailures: number; windowMs: number }>;
export const DEFAULT_RATE_LIMIT: RateLimitPolicy = { maxFailures: 5, windowMs: 15 * 60_000 };

export function attemptKey(login: string, clientIp: string): string {
  return `${login}\n${clientIp}`;
}

export function createSignInLimiter(deps: Readonly<{ db: Queryable; policy: RateLimitPolicy; now: () => Date }>) {
  const { db, policy, now } = deps;
  const since = () => new Date(now().getTime() - policy.windowMs);
  return {
    /** Milliseconds until the pair may try again, or 0 when it may try now. */
    async retryAfterMs(key: string): Promise<number> {
      const r = await db.query<{ n: number; oldest: Date | null }>(
        'SELECT count(*)::int AS n, min(at) AS oldest FROM sign_in_failures WHERE attempt_key = $1 AND at > $2',
        [key, since()],
      );
      const row = r.rows[0];
      if (!row || row.n < policy.maxFailures || !row.oldest) return 0;
      return Math.max(1, row.oldest.getTime() + policy.windowMs - now().getTime());
    },
    async fail(key: string): Promise<void> {
      // Rows older than the window are dead weight: drop them for this pair as it writes.
      await db.query('DELETE FROM sign_in_failures WHERE attempt_key = $1 AND at <= $2', [key, since()]);
      await db.query('INSERT INTO sign_in_failures (attempt_key, at) VALUES ($1, $2)', [key, now()]);
    },
    async clear(key: string): Promise<void> {
      await db.query('DELETE FROM sign_in_failures WHERE attempt_key = $1', [key]);
    },
  };
}
export type SignInLimiter = ReturnType<typeof createSignInLimiter>;
