/** The sync routes: a session is checked by the router; each mutation and bucket by src-server/sync. */
import { ApiError } from '../http/errors';
import type { Handlers, Session } from '../http/router';
import type { Logger } from '../log';
import type { Storage } from '../storage/types';
import { createSyncPull } from './pull';
import { createSeatRegistry, createSyncPush, type PushDeps, type SyncUser } from './push';

export type SyncDeps = Readonly<{ storage: Storage; now: () => Date; log: Logger; holdTransactionMs?: PushDeps['holdTransactionMs'] }>;

function userOf(session: Session | null): SyncUser {
  // The router refuses these routes without a session; this only narrows the type.
  if (!session) throw new ApiError('UNAUTHORIZED', 'sign in first');
  const u = session.user;
  return { id: u.id, role: u.role, queues: u.queues, displayName: u.displayName };
}

export function syncHandlers(d: SyncDeps): Pick<Handlers, 'syncRegister' | 'syncPush' | 'syncPull'> {
  const push = createSyncPush(d);
  const pull = createSyncPull(d);
  const register = createSeatRegistry(d);
  return {
    async syncRegister({ session, input }) {
      const user = userOf(session);
      const answer = await register(user, input.clientId);
      d.log.info({ userId: user.id, clientId: input.clientId, seat: answer.seat }, 'console registered');
      return { body: answer };
    },
    async syncPush({ session, input }) {
      const user = userOf(session);
      const answer = await push(user, input);
      const rejected = answer.results.filter((r) => r.status === 'rejected').length;
      d.log.info({ userId: user.id, clientId: input.clientId, lastSeq: answer.lastSeq, count: answer.results.length, rejected }, 'push');
      return { body: answer };
    },
    async syncPull({ session, input }) {
      return { body: await pull(userOf(session), input) };
    },
  };
}
