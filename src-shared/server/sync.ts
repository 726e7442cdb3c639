/**
 * The sync protocol between a console and the desk server (ARCHITECTURE.md "Offline writes and
 * sync"): push of the outbox, pull of the changes of the user's buckets, and the live pokes.
 * Declared once: the server validates requests with these schemas, the console validates the
 * server's answers with them (a reply from the network is as untrusted as a request).
 *
 * - Push: the outbox rows in `client_seq` order, in batches. The server applies each with the
 *   shared mutators in one PostgreSQL transaction, exactly once per (clientId, seq): a duplicate
 *   is answered from the stored result, a refused mutation is stored as `rejected` with its
 *   reason and still advances the seq. A batch that does not start at `lastSeq + 1` (or at or
 *   below it: the overlap is answered as duplicates) is answered 409 with `expectedSeq`.
 * - Pull: changes after an opaque cursor, for the buckets the server computes from the user.
 *   Rows come whole (the newest version), so applying a page is idempotent; `data: null` means the
 *   row left the user's buckets or was deleted. `reset: true` means the cursor is too old (behind
 *   the change log's retention) or the user's buckets changed: the console drops its synced rows
 *   and takes this snapshot, keeping and replaying its outbox.
 * - Live: one WebSocket per console; the server sends `{ type: 'poke' }` when one of the user's
 *   buckets advanced. Pull stays the truth.
 */
import { z } from 'zod';
import { isMutationName } from '../mutators/index';
import { API_PREFIX } from './api';
import { TICKET_EVENT_KINDS, TICKET_STATUSES, TICKET_TYPES, CHANNELS, PRIORITIES } from '../domain/tickets';
import { ACT_STATUSES, VISIT_STATUSES } from '../domain/visits';
import { ANSWER_VIA } from '../domain/claims';
import { CallOutcomeSchema } from '../domain/call';
import { VerdictCheckSchema } from '../domain/verdict';
import { RoleSchema } from './roles';

/** A console install: generated once per local database (UUID), sent with every push. */
export const ClientIdSchema = z.string().uuid('expected a client id (UUID)');

/** Outbox rows per push request; a longer outbox drains in several requests. */
export const PUSH_BATCH_MAX = 500;
/** Changes per pull page (the server may send fewer; `more` says whether to ask again). */
export const PULL_PAGE_MAX = 5000;
/** The opaque cursor: bounded, printable; only the server reads it. */
export const CursorSchema = z
  .string()
  .max(200, { abort: true })
  .regex(/^[A-Za-z0-9._:-]+$/, 'cursor: opaque token');

export const PushMutationSchema = z
  .object({
    /** The outbox's client_seq: 1, 2, 3… per client, no gaps. */
    seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    /** The outbox mutation id (UUIDv7): history event ids derive from it. */
    id: z.string().uuid(),
    name: z.string().max(64).refine(isMutationName, 'name: not a known mutation'),
    /** Checked by the server against the mutator's own schema (like the console's outbox does). */
    args: z.unknown(),
    /** The client's clock when the change was made: informational (the server stamps its own). */
    createdAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type PushMutation = z.infer<typeof PushMutationSchema>;

export const PushRequestSchema = z
  .object({
    clientId: ClientIdSchema,
    mutations: z.array(PushMutationSchema).min(1).max(PUSH_BATCH_MAX),
  })
  .strict()
  .refine((r) => r.mutations.every((m, i) => i === 0 || m.seq === r.mutations[i - 1]!.seq + 1), {
    message: 'mutations: consecutive seq, oldest first',
    path: ['mutations'],
  });
export type PushRequest = z.infer<typeof PushRequestSchema>;

/** Why the server refused a mutation: the code of the shared MutationError (or FORBIDDEN for the role), the reason the screen words. */
export const RejectionSchema = z.object({
  code: z.enum(['VALIDATION', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN']),
  message: z.string().max(2000),
  /** The shared ErrorReason (`src-shared/text/errors.ts`): kind + params; worded by the console. */
  reason: z.object({ kind: z.string().max(64), params: z.record(z.string(), z.unknown()).optional() }).nullable(),
  issues: z
    .array(z.object({ path: z.string().max(200), message: z.string().max(500) }).passthrough())
    .max(50)
    .optional(),
});
export type Rejection = z.infer<typeof RejectionSchema>;

/**
 * A ticket the server renumbered while applying a push: a console used alone before it had a seat
 * numbered it with its own random seat, and that number was taken desk-wide. The ticket keeps its
 * id; the number changes (the pull brings it), the old one stays in its history (`renumbered`).
 */
export const RenumberedSchema = z.object({ ticketId: z.string().max(64), from: z.string().max(32), to: z.string().max(32) });
export type Renumbered = z.infer<typeof RenumberedSchema>;

export const PushResultSchema = z.object({
  seq: z.number().int(),
  id: z.string(),
  status: z.enum(['applied', 'duplicate', 'rejected']),
  /** The mutator's result as stored (JSON), for applied and duplicate. */
  result: z.unknown().optional(),
  rejection: RejectionSchema.optional(),
  /** Applied (and its duplicates): the tickets it created whose number the server changed. */
  renumbered: z.array(RenumberedSchema).max(100).optional(),
});
export type PushResult = z.infer<typeof PushResultSchema>;

export const PushResponseSchema = z.object({
  /** The server's last seq for this client after the batch: everything up to it is acknowledged. */
  lastSeq: z.number().int().min(0),
  results: z.array(PushResultSchema),
});
export type PushResponse = z.infer<typeof PushResponseSchema>;

/** The 409 body of a push that does not continue the client's sequence. */
export const PushGapSchema = z.object({
  error: z.object({ code: z.literal('CONFLICT'), message: z.string(), expectedSeq: z.number().int().min(1) }),
});

export const PullRequestSchema = z
  .object({
    clientId: ClientIdSchema,
    /** null: from the start (a snapshot of the buckets). */
    cursor: CursorSchema.nullable(),
    limit: z.number().int().min(1).max(PULL_PAGE_MAX).optional(),
  })
  .strict();
export type PullRequest = z.infer<typeof PullRequestSchema>;

// ---------------------------------------------------------------------------------------------
// Rows as they travel: the mutators' records (src-shared/mutators/types.ts), camelCase, epoch ms
// (calls, visit requests and redirects keep their ISO strings, as in the call log).

const Str = (max: number) => z.string().max(max);
const Ms = z.number().int().min(0).max(8_640_000_000_000_000);
const Iso = z.string().max(40);

const SlaClockSchema = z.object({
  kind: z.enum(['desk', 'desk-all-days', 'round-the-clock']),
  targetMinutes: z.number().int().nullable(),
  extendedMinutes: z.number().int(),
  budgetMs: z.number().int(),
  anchorAt: Ms.nullable(),
  metAt: Ms.nullable(),
  dueAtMet: Ms.nullable(),
});

export const SyncTicketSchema = z.object({
  id: Str(64),
  number: Str(32),
  type: z.enum(TICKET_TYPES),
  priority: z.union(PRIORITIES.map((p) => z.literal(p)) as [z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>, z.ZodLiteral<4>]),
  status: z.enum(TICKET_STATUSES),
  channel: z.enum(CHANNELS),
  queueId: Str(64),
  assigneeId: Str(64).nullable(),
  assignee: Str(200).nullable(),
  contractNo: Str(32).nullable(),
  holderName: Str(300).nullable(),
  phone: Str(32).nullable(),
  serial: Str(100).nullable(),
  subject: Str(500),
  description: Str(10_000),
  form: z.object({ doing: Str(2000), expected: Str(2000), actual: Str(2000) }).nullable(),
  tariff: Str(100).nullable(),
  createdAt: Ms,
  createdBy: Str(200),
  updatedAt: Ms,
  version: z.number().int().min(1),
  sla: SlaClockSchema.nullable(),
  deadline: z.object({ dueMs: Ms.nullable(), missingYear: z.number().int().nullable(), metAt: Ms.nullable() }).nullable(),
});

export const SyncTicketEventSchema = z.object({
  id: Str(100),
  ticketId: Str(64),
  at: Ms,
  actor: Str(200),
  kind: z.enum(TICKET_EVENT_KINDS),
  data: z.record(z.string(), z.unknown()),
});

/** R-TKT-DEDUP links and a ticket's calls: `id` is `<a>|<b>` / `<ticketId>|<callId>`. */
export const SyncTicketLinkSchema = z.object({ a: Str(64), b: Str(64), at: Ms });
export const SyncTicketCallSchema = z.object({ ticketId: Str(64), callId: Str(64), at: Ms });

/** An attachment's record; the file itself stays on the console that attached it (path is that console's). */
export const SyncAttachmentSchema = z.object({
  id: Str(64),
  ticketId: Str(64),
  name: Str(255),
  path: Str(4096),
  size: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  addedAt: Ms,
  addedBy: Str(200),
});

export const SyncVisitSchema = z.object({
  id: Str(64),
  ticketId: Str(64),
  callId: Str(64).nullable(),
  contractNo: Str(32).nullable(),
  holderName: Str(300).nullable(),
  address: Str(500),
  responsible: Str(200),
  phone: Str(32),
  intercom: Str(100),
  problemLocation: Str(500),
  notes: Str(4000),
  desiredAt: Ms.nullable(),
  priority: z.number().int().min(1).max(4),
  slotStart: Ms,
  slotEnd: Ms,
  etaFrom: Ms,
  etaTo: Ms,
  status: z.enum(VISIT_STATUSES),
  statusReason: Str(1000).nullable(),
  cancelledAt: Ms.nullable(),
  cancelBillable: z.boolean(),
  actStatus: z.enum(ACT_STATUSES),
  actSignedBy: Str(200).nullable(),
  actAt: Ms.nullable(),
  createdAt: Ms,
  createdBy: Str(200),
  /** tech:<userId>: the technician the visit is assigned to (null: not assigned yet). */
  technicianId: Str(64).nullable().default(null),
});

export const SyncClaimSchema = z.object({
  ticketId: Str(64),
  holderName: Str(300),
  contractNo: Str(32),
  phone: Str(32),
  incident: Str(4000),
  incidentFrom: Str(40),
  incidentTo: Str(40).nullable(),
  specialist: Str(200),
  answerVia: z.enum(ANSWER_VIA),
  answerAddress: Str(500),
  signed: z.boolean(),
  receivedOn: Str(10),
  deadline: Str(10).nullable(),
  missingYear: z.number().int().nullable(),
  answeredAt: Ms.nullable(),
  answer: Str(10_000).nullable(),
});

export const SyncCallSchema = z.object({
  id: Str(64),
  sipCallId: Str(256).nullable(),
  direction: z.enum(['inbound', 'outbound']),
  remoteNumber: Str(128),
  remoteName: Str(128).nullable(),
  line: Str(128).nullable(),
  offeredAt: Iso,
  answeredAt: Iso.nullable(),
  endedAt: Iso.nullable(),
  waitMs: z.number().int().nullable(),
  talkMs: z.number().int().nullable(),
  operator: Str(200).nullable(),
  contractNo: Str(32).nullable(),
  verified: z.boolean(),
  outcome: CallOutcomeSchema.nullable(),
  wrapUpCode: Str(64).nullable(),
  note: Str(4000).nullable(),
  ticketId: Str(64).nullable(),
  escalatedAt: Iso.nullable(),
  callerStaff: z.boolean().nullable(),
  decisions: z
    .array(
      z.object({
        at: Iso,
        what: z.enum(['ticket', 'visit']),
        ticketId: Str(64),
        visitId: Str(64).nullable(),
        contractNo: Str(32).nullable(),
        verified: z.boolean(),
        callerStaff: z.boolean().nullable(),
        level: z.enum(['ok', 'warn', 'block']).nullable(),
        checks: z.array(VerdictCheckSchema).max(20),
        reason: Str(1000).nullable(),
      }),
    )
    .max(100),
});

export const SyncVisitRequestSchema = z.object({
  id: Str(64),
  callId: Str(64).nullable(),
  contractNo: Str(32).nullable(),
  holderName: Str(300).nullable(),
  phone: Str(32).nullable(),
  address: Str(500).nullable(),
  notes: Str(4000),
  createdAt: Iso,
  status: z.enum(['new', 'booked', 'cancelled']),
});

export const SyncRedirectSchema = z.object({
  id: Str(64),
  contractNo: Str(32).nullable(),
  phone: Str(32).nullable(),
  reason: Str(1000),
  redirectLabel: Str(300),
  redirectPhone: Str(32).nullable(),
  recordedAt: Iso,
});

/** `ref`: queues and the desk's people (display name and role only: never logins or anything else). */
export const SyncQueueSchema = z.object({ id: Str(64), name: Str(200), department: Str(200) });
export const SyncUserSchema = z.object({ id: Str(64), displayName: Str(200), role: RoleSchema, disabled: z.boolean() });

/** Every kind of row that syncs, with its schema. */
export const SYNC_ROW_SCHEMAS = {
  ticket: SyncTicketSchema,
  ticketEvent: SyncTicketEventSchema,
  ticketLink: SyncTicketLinkSchema,
  ticketCall: SyncTicketCallSchema,
  attachment: SyncAttachmentSchema,
  visit: SyncVisitSchema,
  claim: SyncClaimSchema,
  call: SyncCallSchema,
  visitRequest: SyncVisitRequestSchema,
  redirect: SyncRedirectSchema,
  queue: SyncQueueSchema,
  user: SyncUserSchema,
} as const;
export type SyncRowKind = keyof typeof SYNC_ROW_SCHEMAS;
export const SYNC_ROW_KINDS = Object.keys(SYNC_ROW_SCHEMAS) as [SyncRowKind, ...SyncRowKind[]];
export type SyncRowData<K extends SyncRowKind> = z.infer<(typeof SYNC_ROW_SCHEMAS)[K]>;

/**
 * One change: the row's newest version (its server `row_version`) or `data: null` when it left
 * the user's buckets or was deleted. The console applies a row only when `version` is newer than
 * the one it has, and never over a row with pending local mutations (ARCHITECTURE.md).
 */
export const SyncChangeSchema = z
  .object({
    kind: z.enum(SYNC_ROW_KINDS),
    id: Str(200),
    version: z.number().int().min(1),
    data: z.unknown().nullable(),
  })
  .superRefine((c, ctx) => {
    if (c.data === null) return;
    const r = SYNC_ROW_SCHEMAS[c.kind].safeParse(c.data);
    if (!r.success) ctx.addIssue({ code: 'custom', message: `${c.kind} ${c.id}: ${r.error.issues[0]?.message ?? 'bad row'}`, path: ['data'] });
  });
export type SyncChange = z.infer<typeof SyncChangeSchema>;

export const PullResponseSchema = z.object({
  /** Where the next pull starts (also after `reset`). */
  cursor: CursorSchema,
  /** The console must drop its synced rows and take this (and the following pages) as a snapshot. */
  reset: z.boolean(),
  /** More changes are waiting now: pull again at once. */
  more: z.boolean(),
  changes: z.array(SyncChangeSchema).max(PULL_PAGE_MAX),
  /** The server's last seq for this client (what push acknowledged), so a console learns it even after a crash between push and answer. */
  lastSeq: z.number().int().min(0),
});
export type PullResponse = z.infer<typeof PullResponseSchema>;

/** Messages on the live WebSocket (server → console). */
export const LiveMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), serverTime: Iso }),
  z.object({ type: z.literal('poke') }),
  /** The session ended (revoked, expired): the console signs out and says so. */
  z.object({ type: z.literal('bye'), reason: z.enum(['revoked', 'expired', 'shutdown']) }),
]);
export type LiveMessage = z.infer<typeof LiveMessageSchema>;

/**
 * A console asks once for its seat code: ticket numbers are `<seat>-<seq>` (TICKET_NUMBER_RE), and
 * the server hands out each seat once desk-wide, so numbers never clash between consoles. Asking
 * again with the same client id returns the same seat.
 */
export const RegisterRequestSchema = z.object({ clientId: ClientIdSchema }).strict();
export const RegisterResponseSchema = z.object({ seat: z.string().regex(/^\d{2}$/) });

/** The sync routes; the server adds them to its router next to SERVER_API (auth: a session, then the role per mutation/bucket). */
export const SYNC_API = {
  register: { method: 'POST', path: `${API_PREFIX}/sync/register`, input: RegisterRequestSchema, output: RegisterResponseSchema },
  push: { method: 'POST', path: `${API_PREFIX}/sync/push`, input: PushRequestSchema, output: PushResponseSchema },
  pull: { method: 'POST', path: `${API_PREFIX}/sync/pull`, input: PullRequestSchema, output: PullResponseSchema },
  /** WebSocket upgrade; the token travels in `Authorization: Bearer` (the console's host opens it, never the renderer). */
  live: { method: 'GET', path: `${API_PREFIX}/live` },
} as const;
