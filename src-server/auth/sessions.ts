/**
 * Session tokens: 32 random bytes (256 bits) in base64url, handed to the client once; the server
 * keeps only their SHA-256, so a copy of the database signs nobody in. A token slides: each use
 * extends it to `idle` from now (a console in use all shift stays signed in), but never past
 * `absolute` from sign-in (a stolen token dies within a week whatever happens). Revoking sets
 * `revoked_at`; a password reset revokes every session of that user.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createBatcher } from '../batch';
import type { Queryable } from '../storage/types';
import { USER_COLUMNS, toUser, type StoredUser, type UserRow } from '../users/repo';
import { SESSION_TOKEN_RE } from '../../src-shared/server/api';

export type SessionPolicy = Readonly<{ idleMs: number; absoluteMs: number }>;
export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 12 * 3_600_000, absoluteMs: 7 * 24 * 3_600_000 };
/** A sliding expiry is written at most this often per session, not on every request. */
const SLIDE_EVERY_MS = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export type SessionState = 'live' | 'revoked' | 'expired';

export type SessionRow = { token_hash: string; user_id: string; expires_at: Date; absolute_expires_at: Date; last_used_at: Date };

export function createSessionRepo(deps: Readonly<{ db: Queryable; policy: SessionPolicy; now: () => Date }>) {
  const { db, policy, now } = deps;
  const lookup = createBatcher<string, (SessionRow & UserRow) | null>(async (hashes) => {
    const r = await db.query<SessionRow & UserRow>(
      `SELECT s.token_hash, s.user_id, s.expires_at, s.absolute_expires_at, s.last_used_at, ${USER_COLUMNS}
       FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash = ANY($1::text[]) AND s.revoked_at IS NULL AND s.expires_at > $2`,
      [[...new Set(hashes)], now()],
    );
    const byHash = new Map(r.rows.map((row) => [row.token_hash, row]));
    return hashes.map((h) => byHash.get(h) ?? null);
  });
  return {
    async create(userId: string, clientIp: string, userAgent: string): Promise<{ token: string; expiresAt: Date }> {
      const token = newToken();
      const t = now();
      const absolute = new Date(t.getTime() + policy.absoluteMs);
      const expires = new Date(Math.min(t.getTime() + policy.idleMs, absolute.getTime()));
      await db.query(
        `INSERT INTO sessions (token_hash, user_id, created_at, last_used_at, expires_at, absolute_expires_at, client_ip, user_agent)
         VALUES ($1, $2, $3, $3, $4, $5, $6, $7)`,
        [hashToken(token), userId, t, expires, absolute, clientIp.slice(0, 64), userAgent.slice(0, 200)],
      );
      return { token, expiresAt: expires };
    },

    /**
     * The live session of a token with its user's row as it is now, slid forward; null for a
     * malformed, unknown, expired or revoked token. Every request asks this: the requests that
     * arrive together are looked up in one query (src-server/batch.ts).
     */
    async use(token: string): Promise<{ tokenHash: string; userId: string; expiresAt: Date; user: StoredUser } | null> {
      if (!SESSION_TOKEN_RE.test(token)) return null;
      const s = await lookup(hashToken(token));
      if (!s) return null;
      const t = now();
      let expiresAt = s.expires_at;
      if (t.getTime() - s.last_used_at.getTime() >= SLIDE_EVERY_MS) {
        expiresAt = new Date(Math.min(t.getTime() + policy.idleMs, s.absolute_expires_at.getTime()));
        await db.query('UPDATE sessions SET last_used_at = $2, expires_at = $3 WHERE token_hash = $1', [s.token_hash, t, expiresAt]);
      }
      return { tokenHash: s.token_hash, userId: s.user_id, expiresAt, user: toUser(s) };
    },

    /**
     * Where each session stands now, without sliding it: the live hub's periodic check must not
     * keep a session alive just because a WebSocket stays open. A hash with no row is `revoked`.
     */
    async states(tokenHashes: readonly string[]): Promise<Map<string, SessionState>> {
      const out = new Map<string, SessionState>(tokenHashes.map((h) => [h, 'revoked']));
      if (tokenHashes.length === 0) return out;
      const r = await db.query<{ token_hash: string; revoked: boolean; expires_at: Date }>(
        'SELECT token_hash, revoked_at IS NOT NULL AS revoked, expires_at FROM sessions WHERE token_hash = ANY($1::text[])',
        [tokenHashes],
      );
      const t = now().getTime();
      for (const row of r.rows) out.set(row.token_hash, row.revoked ? 'revoked' : row.expires_at.getTime() <= t ? 'expired' : 'live');
      return out;
    },

    async revoke(tokenHash: string): Promise<boolean> {
      const r = await db.query('UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL', [tokenHash, now()]);
      return r.rowCount > 0;
    },

    async revokeAllOf(userId: string): Promise<number> {
      const r = await db.query('UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2', [userId, now()]);
      return r.rowCount;
    },
  };
}
export type SessionRepo = ReturnType<typeof createSessionRepo>;
