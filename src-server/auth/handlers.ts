/** Health, sign-in/out and the signed-in user's own routes. */
import { ROLE_CAPABILITIES } from '../../src-shared/server/roles';
import { ApiError } from '../http/errors';
import { announceUserChange } from '../live/announce';
import type { Handlers, Session } from '../http/router';
import type { Logger } from '../log';
import { schemaVersion } from '../storage/migrate';
import type { Storage } from '../storage/types';
import { publicUser, type UserRepo } from '../users/repo';
import { decoyHash, hashPassword, verifyPassword, type ScryptParams } from './password';
import { attemptKey, type SignInLimiter } from './rateLimit';
import type { SessionRepo } from './sessions';

export type AuthDeps = Readonly<{
  storage: Storage;
  users: UserRepo;
  sessions: SessionRepo;
  limiter: SignInLimiter;
  version: string;
  scrypt: ScryptParams;
  now: () => Date;
  log: Logger;
}>;

function required(session: Session | null): Session {
  // The router refuses a missing session for these routes; this only narrows the type.
  if (!session) throw new ApiError('UNAUTHORIZED', 'sign in first');
  return session;
}

const WRONG = 'wrong login or password';

export function authHandlers(d: AuthDeps): Pick<Handlers, 'health' | 'signIn' | 'signOut' | 'me' | 'changeOwnPassword'> {
  return {
    async health() {
      try {
        const schema = await schemaVersion(d.storage);
        return { body: { ok: true, version: d.version, schema, storage: d.storage.kind } };
      } catch (err) {
        d.log.warn({ err }, 'health check: database unreachable');
        return { status: 503, body: { ok: false, version: d.version, schema: null, storage: d.storage.kind, error: 'database unreachable' } };
      }
    },

    async signIn({ input, clientIp, userAgent }) {
      const key = attemptKey(input.login, clientIp);
      const wait = await d.limiter.retryAfterMs(key);
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        d.log.warn({ login: input.login, clientIp }, 'sign-in throttled');
        throw new ApiError('RATE_LIMITED', `too many wrong passwords for this login from this address; try again in ${seconds} s`, undefined, {
          'retry-after': String(seconds),
        });
      }
      const user = await d.users.byLogin(input.login);
      // The same scrypt work whether or not the login exists: the answer's timing names no login.
      const ok = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash(d.scrypt)));
      if (!user || !ok || user.disabled) {
        await d.limiter.fail(key);
        d.log.info({ login: input.login, clientIp }, 'sign-in refused');
        throw new ApiError('UNAUTHORIZED', WRONG);
      }
      await d.limiter.clear(key);
      const { token, expiresAt } = await d.sessions.create(user.id, clientIp, userAgent);
      d.log.info({ userId: user.id, login: user.login, role: user.role, clientIp }, 'signed in');
      return { status: 201, body: { token, expiresAt: expiresAt.toISOString(), user: publicUser(user) } };
    },

    async signOut({ session }) {
      const s = required(session);
      const revoked = await d.sessions.revoke(s.tokenHash);
      // The console's live socket on this token ends with `bye: revoked`, whichever process holds it.
      await announceUserChange(d.storage, s.user.id);
      return { body: { revoked } };
    },

    async me({ session }) {
      const s = required(session);
      return { body: { user: publicUser(s.user), capabilities: [...ROLE_CAPABILITIES[s.user.role]], sessionExpiresAt: s.expiresAt.toISOString() } };
    },

    async changeOwnPassword({ session, input }) {
      const s = required(session);
      if (!(await verifyPassword(input.currentPassword, s.user.passwordHash))) throw new ApiError('FORBIDDEN', 'the current password is wrong');
      const hash = await hashPassword(input.newPassword, d.scrypt);
      await d.storage.transaction(async (tx) => {
        await d.users.setPassword(tx, s.user.id, hash, d.now());
      });
      // Other consoles signed in as this user keep their sessions: changing one's own password is
      // not a compromise report (an admin's reset is, and revokes them all).
      d.log.info({ userId: s.user.id }, 'password changed by its owner');
      const user = await d.users.byId(s.user.id);
      if (!user) throw new ApiError('NOT_FOUND', 'no such user');
      return { body: { user: publicUser(user) } };
    },
  };
}
