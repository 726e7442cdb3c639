/**
 * Tickets part of the contract: tickets with their history, queues, technician visits, claims and
 * SLA clocks (DOMAIN.md "Tickets", "Working time and SLAs", "Technician visits", "Claims").
 * Every write goes through a named mutator (src-shared/mutators) whose local effect and outbox row
 * are one SQLite transaction. Create requests carry a client-generated id so a retry is idempotent.
 */
import { z } from 'zod';
import { CHANNELS, TICKET_STATUSES, TICKET_TYPES } from '../domain/tickets';
import { FileIdSchema } from './files';
import { Free, Id as SafeId, Line, OptionalPhone, RequiredPhone } from './fields';

const IsoInstant = z.string().datetime({ offset: true });
// Ids in answers and events: a shape check only (what the host wrote). Requests use SafeId.
const Id = z.string().min(1).max(64);
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const Uuid = z.string().uuid('expected a UUID (the client generates ids: uuidv7)');
const QueueId = Line(64);
const Empty = z.object({}).strict();

export const TicketTypeSchema = z.enum(TICKET_TYPES);
export const TicketStatusSchema = z.enum(TICKET_STATUSES);
export const TicketChannelSchema = z.enum(CHANNELS);
export const PrioritySchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
export const ScheduleKindSchema = z.enum(['desk', 'desk-all-days', 'round-the-clock']);

/**
 * An SLA clock as the list shows it (R-SLA-REACT, R-SLA-EXT). `remainingMs` is working time left at
 * `asOf` (negative once breached); the renderer keeps it live with the same pure engine from
 * `dueAt` and `schedule`. `none`: the desk has no reaction time for this tariff. `no-calendar`:
 * the clock needs a year the production calendar has no data for (shown as a warning, never guessed).
 */
export const SlaViewSchema = z.object({
  state: z.enum(['running', 'paused', 'met', 'met-late', 'breached', 'none', 'no-calendar']),
  schedule: ScheduleKindSchema,
  targetMinutes: z.number().int().nullable(),
  extendedMinutes: z.number().int(),
  dueAt: IsoInstant.nullable(),
  remainingMs: z.number().nullable(),
  breached: z.boolean(),
  missingYear: z.number().int().nullable(),
  asOf: IsoInstant,
});
export type SlaView = z.infer<typeof SlaViewSchema>;

export const TicketSummarySchema = z.object({
  id: Id,
  number: z.string(),
  type: TicketTypeSchema,
  priority: PrioritySchema,
  status: TicketStatusSchema,
  channel: TicketChannelSchema,
  queueId: z.string(),
  assignee: z.string().nullable(),
  contractNo: z.string().nullable(),
  holderName: z.string().nullable(),
  phone: z.string().nullable(),
  serial: z.string().nullable(),
  subject: z.string(),
  createdAt: IsoInstant,
  createdBy: z.string(),
  updatedAt: IsoInstant,
  sla: SlaViewSchema,
});
export type TicketSummary = z.infer<typeof TicketSummarySchema>;

// R-TKT-FORM: what I do / what I expect / what I get.
export const ProblemFormSchema = z.object({ doing: Free(4000), expected: Free(4000), actual: Free(4000) });
export type ProblemForm = z.infer<typeof ProblemFormSchema>;

export const AttachmentSchema = z.object({
  id: Id,
  name: z.string(),
  /** The file reference: where the console keeps it (its content is not in the database). */
  path: z.string(),
  size: z.number().int(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  addedAt: IsoInstant,
  addedBy: z.string(),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

// R-TKT-HISTORY: every change, comment, linked call, handoff, SLA pause/extension, visit and claim step.
export const TicketEventKindSchema = z.enum([
  'created',
  'status',
  'field',
  'comment',
  'follow-up',
  'call-linked',
  'assigned',
  'handoff',
  'sla-extended',
  'attachment',
  'notified',
  'duplicate-linked',
  'visit-booked',
  'visit-moved',
  'visit-status',
  'visit-cancelled',
  'act',
  'claim-answered',
]);
export const TicketEventSchema = z.object({
  id: Id,
  ticketId: Id,
  at: IsoInstant,
  actor: z.string(),
  kind: TicketEventKindSchema,
  /** Kind-specific details, e.g. {from, to} for status, {field, from, to} for field, {text} for comment. */
  data: z.record(z.string(), z.unknown()),
});
export type TicketEvent = z.infer<typeof TicketEventSchema>;

export const QueueSchema = z.object({ id: z.string(), name: z.string(), department: z.string() });
export type Queue = z.infer<typeof QueueSchema>;

// ---------------------------------------------------------------------------------------------
// Visits (R-VIS-*)

export const VisitStatusSchema = z.enum(['booked', 'en_route', 'arrived', 'done', 'not_done', 'cancelled']);
export const ActStatusSchema = z.enum(['none', 'signed', 'refused']);
export const VisitSchema = z.object({
  id: Id,
  ticketId: Id,
  ticketNumber: z.string(),
  callId: Id.nullable(),
  contractNo: z.string().nullable(),
  holderName: z.string().nullable(),
  address: z.string(),
  // R-VIS-FORM
  responsible: z.string(),
  phone: z.string(),
  intercom: z.string(),
  problemLocation: z.string(),
  notes: z.string(),
  desiredAt: IsoInstant.nullable(),
  priority: PrioritySchema,
  slotStart: IsoInstant,
  slotEnd: IsoInstant,
  // R-VIS-ETA: what the customer was told (±1 hour).
  etaFrom: IsoInstant,
  etaTo: IsoInstant,
  status: VisitStatusSchema,
  statusReason: z.string().nullable(),
  // R-VIS-CANCEL
  cancelledAt: IsoInstant.nullable(),
  cancelBillable: z.boolean(),
  // R-VIS-ACT
  act: z.object({ status: ActStatusSchema, signedBy: z.string().nullable(), at: IsoInstant.nullable() }),
  createdAt: IsoInstant,
  createdBy: z.string(),
});
export type Visit = z.infer<typeof VisitSchema>;

/** R-VIS-QUEUE: a visit that moves when a higher-priority one takes its slot; its customer must be told. */
export const VisitMoveSchema = z.object({
  visitId: Id,
  ticketNumber: z.string(),
  holderName: z.string().nullable(),
  phone: z.string(),
  fromStart: IsoInstant,
  toStart: IsoInstant,
  toEtaFrom: IsoInstant,
  toEtaTo: IsoInstant,
});
export type VisitMove = z.infer<typeof VisitMoveSchema>;

export const VisitSlotSchema = z.object({
  start: IsoInstant,
  end: IsoInstant,
  etaFrom: IsoInstant,
  etaTo: IsoInstant,
  /** The slot starts before the reaction clock runs out (R-SLA-REACT); such slots are offered first. */
  meetsReaction: z.boolean(),
  free: z.number().int(),
  /** Booking this slot at the requested priority moves these visits (R-VIS-QUEUE). */
  moves: z.array(VisitMoveSchema),
});
export type VisitSlot = z.infer<typeof VisitSlotSchema>;

export const VisitDraftSchema = z.object({
  ticketId: Id.nullable(),
  callId: Id.nullable(),
  contractNo: z.string().nullable(),
  holderName: z.string().nullable(),
  tariff: z.string().nullable(),
  address: z.string(),
  responsible: z.string(),
  phone: z.string(),
  intercom: z.string(),
  problemLocation: z.string(),
  notes: z.string(),
  priority: PrioritySchema,
});
export type VisitDraft = z.infer<typeof VisitDraftSchema>;

// ---------------------------------------------------------------------------------------------
// Claims (R-CLAIM)

export const AnswerViaSchema = z.enum(['email', 'post', 'phone', 'in-person']);
export const ClaimSchema = z.object({
  holderName: Line(200).min(1, 'holderName: the contract holder\'s full name is required'),
  contractNo: Line(64).min(1, 'contractNo is required'),
  phone: RequiredPhone('phone', 'phone: a contact phone is required'),
  incident: Free(8000).min(1, 'incident: describe what happened'),
  incidentFrom: IsoDate,
  incidentTo: IsoDate.nullable(),
  specialist: Line(200),
  answerVia: AnswerViaSchema,
  answerAddress: Free(500),
  signed: z.boolean(),
  receivedOn: IsoDate,
});
export type ClaimInput = z.infer<typeof ClaimSchema>;
// What the host answers is checked by shape only: a row written before issue 9 (a phone kept as
// typed, a name with a control character) must still be shown, not turned into INTERNAL.
const ProblemFormViewSchema = z.object({ doing: z.string(), expected: z.string(), actual: z.string() });
export const ClaimViewSchema = ClaimSchema.extend({
  holderName: z.string(),
  contractNo: z.string(),
  phone: z.string(),
  incident: z.string(),
  specialist: z.string(),
  answerAddress: z.string(),
  /** 14 working days after receivedOn on the production calendar (R-CLAIM). */
  deadline: IsoDate.nullable(),
  missingYear: z.number().int().nullable(),
  answeredAt: IsoInstant.nullable(),
});
export type ClaimView = z.infer<typeof ClaimViewSchema>;

// ---------------------------------------------------------------------------------------------

export const LinkedCallSchema = z.object({
  id: Id,
  direction: z.enum(['inbound', 'outbound']),
  remoteNumber: z.string(),
  offeredAt: IsoInstant,
  talkMs: z.number().int().nullable(),
  operator: z.string().nullable(),
  outcome: z.string().nullable(),
});

export const TicketSchema = TicketSummarySchema.extend({
  department: z.string(),
  description: z.string(),
  form: ProblemFormViewSchema.nullable(),
  related: z.array(z.object({ id: Id, number: z.string() })),
  attachments: z.array(AttachmentSchema),
  history: z.array(TicketEventSchema),
  calls: z.array(LinkedCallSchema),
  visits: z.array(VisitSchema),
  claim: ClaimViewSchema.nullable(),
  /** R-TKT-NOTIFY: the ready message with the ticket number, in the UI language. */
  customerMessage: z.string(),
  version: z.number().int(),
});
export type Ticket = z.infer<typeof TicketSchema>;

export const TicketListInputSchema = z
  .object({
    view: z.enum(['mine', 'open', 'all']).default('open'),
    queueId: QueueId.optional(),
    /** R-CALL-REPEAT: contract number, phone (any form), ticket number, or operator. */
    query: Line(100).optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();

const TicketCommon = {
  id: Uuid,
  priority: PrioritySchema.default(3),
  channel: TicketChannelSchema.default('phone'),
  queueId: QueueId.optional(),
  contractNo: Line(64).nullable().default(null),
  phone: OptionalPhone().default(null),
  serial: Line(32).nullable().default(null),
  subject: Line(300).min(1, 'subject must not be empty'),
  description: Free(8000).default(''),
  callId: SafeId.nullable().default(null),
  /** R-TKT-DEDUP: the operator saw the duplicate warning and creates anyway, linked to these. */
  relatedTo: z.array(SafeId).max(20).default([]),
};

export const ticketsRequests = {
  'queues:list': { input: Empty, output: z.array(QueueSchema) },
  'tickets:list': {
    input: TicketListInputSchema,
    output: z.object({
      rows: z.array(TicketSummarySchema),
      total: z.number().int(),
      asOf: IsoInstant,
      /** Years the open tickets' clocks need but the production calendar lacks (visible warning). */
      calendarMissingYears: z.array(z.number().int()),
    }),
  },
  'tickets:get': { input: z.object({ id: SafeId }).strict(), output: TicketSchema },
  /** R-TKT-DEDUP: open tickets of the same contract or serial (from any channel). */
  'tickets:duplicates': {
    input: z.object({ contractNo: Line(64).nullable().default(null), serial: Line(32).nullable().default(null) }).strict(),
    output: z.array(TicketSummarySchema),
  },
  'tickets:create': {
    input: z.object({ ...TicketCommon, type: z.enum(['question', 'problem', 'maintenance']), form: ProblemFormSchema.nullable().default(null) }).strict(),
    output: TicketSchema,
  },
  'tickets:transition': {
    input: z.object({ id: SafeId, to: TicketStatusSchema, reason: Free(1000).default('') }).strict(),
    output: TicketSchema,
  },
  'tickets:update': {
    input: z
      .object({
        id: SafeId,
        priority: PrioritySchema.optional(),
        subject: Line(300).min(1).optional(),
        description: Free(8000).optional(),
        form: ProblemFormSchema.nullable().optional(),
      })
      .strict(),
    output: TicketSchema,
  },
  /** A comment, or a follow-up from the customer through some channel (R-TKT-NEW). */
  'tickets:comment': {
    input: z.object({ id: SafeId, text: Free(8000).min(1, 'text must not be empty'), followUp: z.boolean().default(false), channel: TicketChannelSchema.nullable().default(null), callId: SafeId.nullable().default(null) }).strict(),
    output: TicketSchema,
  },
  'tickets:assign': { input: z.object({ id: SafeId, assignee: Line(64).nullable() }).strict(), output: TicketSchema },
  /** R-TKT-HANDOFF, optionally with an SLA extension and its reason (R-SLA-EXT). */
  'tickets:handoff': {
    input: z.object({ id: SafeId, queueId: QueueId.min(1), reason: Free(1000).min(1, 'reason must say why the ticket moves'), extendMinutes: z.number().int().min(0).max(100_000).default(0) }).strict(),
    output: TicketSchema,
  },
  'tickets:extendSla': {
    input: z.object({ id: SafeId, minutes: z.number().int().min(1).max(100_000), reason: Free(1000).min(1, 'reason must be recorded (R-SLA-EXT)') }).strict(),
    output: TicketSchema,
  },
  'tickets:linkCall': { input: z.object({ id: SafeId, callId: SafeId }).strict(), output: TicketSchema },
  /** R-TKT-FORM: a file kept by reference and SHA-256, named by its handle (files:pick or POST /upload). */
  'tickets:attach': { input: z.object({ id: SafeId, fileId: FileIdSchema }).strict(), output: TicketSchema },
  /** R-TKT-NOTIFY: the customer was given the number (read out, or sent by e-mail / messenger). */
  'tickets:notified': { input: z.object({ id: SafeId, via: z.enum(['phone', 'email', 'messenger', 'sms']) }).strict(), output: TicketSchema },

  /** The prefilled visit form and its slots, in one round trip (R-CALL-15 offer, or from a ticket). */
  'visits:prefill': {
    input: z.object({ callId: SafeId.nullable().default(null), ticketId: SafeId.nullable().default(null), priority: PrioritySchema.optional() }).strict(),
    output: z.object({ draft: VisitDraftSchema, slots: z.array(VisitSlotSchema), reactionDueAt: IsoInstant.nullable(), calendarMissingYear: z.number().int().nullable() }),
  },
  'visits:slots': {
    input: z.object({ contractNo: Line(64).nullable().default(null), tariff: Line(100).nullable().default(null), priority: PrioritySchema.default(3), ticketId: SafeId.nullable().default(null), fromDate: IsoDate.optional(), days: z.number().int().min(1).max(30).default(5) }).strict(),
    output: z.object({ slots: z.array(VisitSlotSchema), reactionDueAt: IsoInstant.nullable(), calendarMissingYear: z.number().int().nullable() }),
  },
  /** Books a visit; with no ticketId a visit ticket is created in the same mutation. */
  'visits:book': {
    input: z
      .object({
        id: Uuid,
        ticketId: SafeId.nullable().default(null),
        newTicketId: Uuid.optional(),
        callId: SafeId.nullable().default(null),
        contractNo: Line(64).nullable(),
        address: Line(500).min(1, 'address is required'),
        responsible: Line(200).min(1, 'responsible: who meets the technician (R-VIS-FORM)'),
        phone: RequiredPhone('phone', 'phone: a contact phone, mobile preferred (R-VIS-FORM)'),
        intercom: Line(100).default(''),
        problemLocation: Free(2000).default(''),
        notes: Free(4000).default(''),
        desiredAt: IsoInstant.nullable().default(null),
        priority: PrioritySchema.default(3),
        slotStart: IsoInstant,
      })
      .strict(),
    output: z.object({ visit: VisitSchema, ticket: TicketSchema, moved: z.array(VisitMoveSchema), script: z.string() }),
  },
  'visits:cancel': {
    input: z.object({ id: SafeId, reason: Free(1000).min(1, 'reason must not be empty') }).strict(),
    output: z.object({ visit: VisitSchema, billable: z.boolean() }),
  },
  'visits:setStatus': {
    input: z.object({ id: SafeId, status: z.enum(['en_route', 'arrived', 'done', 'not_done']), reason: Free(1000).default('') }).strict(),
    output: VisitSchema,
  },
  'visits:act': {
    input: z.object({ id: SafeId, status: z.enum(['signed', 'refused']), signedBy: Line(200).min(1) }).strict(),
    output: VisitSchema,
  },
  'visits:list': {
    input: z.object({ fromDate: IsoDate, toDate: IsoDate, includeCancelled: z.boolean().default(false) }).strict(),
    output: z.array(VisitSchema),
  },

  'claims:create': {
    input: z.object({ id: Uuid, claim: ClaimSchema, priority: PrioritySchema.default(3), callId: SafeId.nullable().default(null), subject: Line(300).optional() }).strict(),
    output: TicketSchema,
  },
  'claims:answer': { input: z.object({ id: SafeId, answer: Free(8000).min(1, 'answer must not be empty') }).strict(), output: TicketSchema },
} as const;

export const ticketsEvents = {
  /**
   * Tickets changed locally (ids) — the renderer invalidates its queries. An empty `ids` means
   * "many tickets changed" (SLA recomputation after a desk-profile change): refetch the lists.
   */
  'tickets:changed': z.object({ ids: z.array(Id), at: IsoInstant }),
} as const;
