/**
 * The sync part of the contract (issue 12 item 6): the state the top bar shows and the
 * «Синхронизация» panel's list of changes the desk server refused. The host owns the sync
 * (src-main/sync); the renderer only reads its state, asks for a sync now, and dismisses a
 * rejection it has dealt with. Nothing here names a server, a token, a cursor or a bucket.
 */
import { z } from 'zod';
import { IsoInstantSchema as IsoInstant } from '../domain/values';
import { ErrorReasonSchema } from '../text/errors';
import { Empty } from './fields';

export const SyncStatusSchema = z.enum([
  /** No desk server signed in: the console works alone, no timers, no network. */
  'off',
  'syncing',
  'online',
  /** The server does not answer (offlineSince says since when). */
  'offline',
  /** The server refused the session: sign in again. */
  'signedOut',
  /** The server answered something this console does not accept (another version?): see the log. */
  'error',
]);
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

export const SyncStateSchema = z.object({
  status: SyncStatusSchema,
  offlineSince: IsoInstant.nullable(),
  lastSyncAt: IsoInstant.nullable(),
  /** Local changes not yet acknowledged by the server. */
  pending: z.number().int().min(0),
  /** Refused changes the operator has not dismissed. */
  rejected: z.number().int().min(0),
  /** The seat code the server gave this console (ticket numbers «<seat>-…»), null before registration. */
  seat: z.string().nullable(),
});
export type SyncState = z.infer<typeof SyncStateSchema>;

export const SyncRejectionSchema = z.object({
  clientSeq: z.number().int(),
  /** The mutation's name ('ticket.create', …): the panel words it. */
  name: z.string(),
  createdAt: z.string(),
  rejectedAt: IsoInstant,
  code: z.enum(['VALIDATION', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN']),
  /** The server's reason as the shared ErrorReason; null when the server gave none this console knows. */
  reason: ErrorReasonSchema.nullable(),
  /** The ticket number the change concerned, when it concerned one this console knows. */
  ticketNumber: z.string().nullable(),
});
export type SyncRejection = z.infer<typeof SyncRejectionSchema>;

export const syncRequests = {
  'sync:state': { input: Empty, output: SyncStateSchema },
  /** Sync now (the top bar's button; also what a live poke does in the host). */
  'sync:now': { input: Empty, output: SyncStateSchema },
  'sync:rejections': { input: Empty, output: z.array(SyncRejectionSchema) },
  'sync:dismiss': {
    input: z.object({ clientSeq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }).strict(),
    output: z.object({ dismissed: z.boolean() }),
  },
} as const;

export const syncEvents = {
  'sync:state': SyncStateSchema,
} as const;
