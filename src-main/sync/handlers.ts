import { ErrorReasonSchema } from '../../src-shared/text/errors';
import type { SyncRejection } from '../../src-shared/ipc/sync';
import type { Db } from '../db/open';
import type { ChannelsOf, Handlers } from '../ipc/dispatch';
import type { SyncClient } from './client';
import type { RejectionRow, SyncStore } from './store';

/** The panel shows the newest refusals; older ones stay in the table. */
const LIST_MAX = 200;
const CODES = ['VALIDATION', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN'] as const;

export function createSyncHandlers(deps: Readonly<{ db: Db; store: SyncStore; client: SyncClient; now: () => Date }>): Pick<Handlers, ChannelsOf<'sync'>> {
  // A ticket's own id, or a visit's (visit mutations name the visit): the ticket the operator knows by number.
  const ticketNumber = deps.db.prepare<[{ id: string }], { number: string }>(
    'SELECT number FROM tickets WHERE id = :id OR id = (SELECT ticket_id FROM visits WHERE id = :id) LIMIT 1',
  );

  /** The server's words as this console can show them: an unknown reason kind or code is shown by its code alone. */
  function toRejection(r: RejectionRow): SyncRejection {
    let reason: SyncRejection['reason'] = null;
    if (r.reason_kind !== null) {
      const parsed = ErrorReasonSchema.safeParse({ kind: r.reason_kind, ...(r.reason_params ? { params: JSON.parse(r.reason_params) as unknown } : {}) });
      reason = parsed.success ? parsed.data : null;
    }
    const args = JSON.parse(r.args) as { id?: unknown; number?: unknown; ticketId?: unknown };
    const number =
      typeof args.number === 'string'
        ? args.number
        : ([args.ticketId, args.id].map((id) => (typeof id === 'string' ? (ticketNumber.get({ id })?.number ?? null) : null)).find((n) => n !== null) ?? null);
    return {
      clientSeq: r.client_seq,
      name: r.name,
      createdAt: r.created_at,
      rejectedAt: r.rejected_at,
      code: CODES.find((c) => c === r.code) ?? 'VALIDATION',
      reason,
      ticketNumber: number,
    };
  }

  return {
    'sync:state': () => deps.client.state(),
    'sync:now': () => deps.client.syncNow(),
    'sync:rejections': () => deps.store.rejections(LIST_MAX).map(toRejection),
    'sync:dismiss': ({ clientSeq }) => {
      const dismissed = deps.store.dismissRejection(clientSeq, deps.now());
      if (dismissed) deps.client.notify();
      return { dismissed };
    },
  };
}
