/** The admin's user management and the queue list. Authorization happened in the router (SERVER_API's `auth`). */
import { uuidv7 } from '../../src-shared/ids';
import { hashPassword, type ScryptParams } from '../auth/password';
import type { SessionRepo } from '../auth/sessions';
import { ApiError } from '../http/errors';
import { announceUserChange } from '../live/announce';
import type { Handlers } from '../http/router';
import type { Logger } from '../log';
import type { Storage } from '../storage/types';
import { publicUser, UnknownQueueError, type StoredUser, type UserRepo } from './repo';

export type UserDeps = Readonly<{ storage: Storage; users: UserRepo; sessions: SessionRepo; scrypt: ScryptParams; now: () => Date; log: Logger }>;

function unknownQueue(err: unknown): never {
  if (err instanceof UnknownQueueError) throw new ApiError('VALIDATION', err.message, [{ path: 'queues', message: err.message }]);
  throw err;
}

export function userHandlers(d: UserDeps): Pick<Handlers, 'listQueues' | 'listUsers' | 'createUser' | 'resetPassword' | 'assignQueues' | 'revokeSessions'> {
  async function existing(id: string): Promise<StoredUser> {
    const u = await d.users.byId(id);
    if (!u) throw new ApiError('NOT_FOUND', 'no such user');
    return u;
  }

  return {
    async listQueues() {
      const r = await d.storage.query<{ id: string; name: string; department: string }>('SELECT id, name, department FROM queues ORDER BY sort, id');
      return { body: { queues: r.rows } };
    },

    async listUsers() {
      return { body: { users: (await d.users.list()).map(publicUser) } };
    },

    async createUser({ input, session }) {
      const passwordHash = await hashPassword(input.password, d.scrypt);
      const id = uuidv7(d.now().getTime());
      const created = await d.storage
        .transaction((tx) =>
          d.users.insert(tx, { id, login: input.login, displayName: input.displayName, role: input.role, passwordHash, queues: input.queues, at: d.now() }),
        )
        .catch(unknownQueue);
      if (!created) throw new ApiError('CONFLICT', `the login "${input.login}" is taken`);
      d.log.info({ by: session?.user.id, userId: id, login: input.login, role: input.role }, 'user created');
      return { status: 201, body: { user: publicUser(await existing(id)) } };
    },

    async resetPassword({ id, input, session }) {
      await existing(id);
      const hash = await hashPassword(input.password, d.scrypt);
      // A reset is what an admin does when a password leaked: every session of the user ends.
      const revoked = await d.storage.transaction(async (tx) => {
        await d.users.setPassword(tx, id, hash, d.now());
        const r = await tx.query('UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [id, d.now()]);
        await announceUserChange(tx, id);
        return r.rowCount;
      });
      d.log.info({ by: session?.user.id, userId: id, revoked }, 'password reset');
      return { body: { user: publicUser(await existing(id)) } };
    },

    async assignQueues({ id, input, session }) {
      await existing(id);
      await d.storage
        .transaction(async (tx) => {
          await d.users.setQueues(tx, id, input.queues);
          // Their live sockets are poked for the new queues from now on, on every server process.
          await announceUserChange(tx, id);
        })
        .catch(unknownQueue);
      d.log.info({ by: session?.user.id, userId: id, queues: input.queues }, 'queues assigned');
      return { body: { user: publicUser(await existing(id)) } };
    },

    async revokeSessions({ id, session }) {
      await existing(id);
      const revoked = await d.sessions.revokeAllOf(id);
      // Their live sockets get `bye: revoked` now rather than at the next periodic check.
      await announceUserChange(d.storage, id);
      d.log.info({ by: session?.user.id, userId: id, revoked }, 'sessions revoked');
      return { body: { revoked } };
    },
  };
}
