/**
 * The entity schemas of the ticket family as the contract carries them: tickets with their
 * history and SLA clock, technician visits, claims (DOMAIN.md "Tickets", "Technician visits",
 * "Claims"). One file because a full ticket carries its visits and claim while visit and claim
 * requests answer with the ticket; the requests themselves are per capability (./tickets.ts,
 * ./visits.ts, ./claims.ts), so no two contract files import each other.
 */
import { z } from 'zod';
import { ANSWER_VIA } from '../domain/claims';
import { CHANNELS, TICKET_EVENT_KINDS, TICKET_STATUSES, TICKET_TYPES } from '../domain/tickets';
import { ACT_STATUSES, VISIT_STATUSES } from '../domain/visits';
import { CallDirectionSchema } from '../domain/call';
import { IsoDateSchema as IsoDate, IsoInstantSchema as IsoInstant } from '../domain/values';
import { issueParams, type FieldIssue } from '../text/issues';
import { Free, Id as SafeId, Line, OptionalPhone, RequiredPhone, StoredId as Id, Uuid } from './fields';

const QueueId = Line(64);
/** One address, no spaces, a dot in the domain: enough to catch a phone typed into the e-mail field. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

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
  /** R-TKT-ASSIGN: an opaque user id (null: unassigned, or a name-only assignee). */
  assigneeId: z.string().nullable(),
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

// R-TKT-HISTORY: every change, comment, linked call, handoff, SLA pause/extension, visit and claim step.
export const TicketEventKindSchema = z.enum(TICKET_EVENT_KINDS);
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

// ---------------------------------------------------------------------------------------------
// Visits (R-VIS-*)

export const VisitStatusSchema = z.enum(VISIT_STATUSES);
export const ActStatusSchema = z.enum(ACT_STATUSES);
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
  /** The assigned technician (a desk user id) and their name from the synced people; null: not assigned. */
  technicianId: z.string().nullable(),
  technicianName: z.string().nullable(),
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

export const AnswerViaSchema = z.enum(ANSWER_VIA);
/** The claim's fields; ClaimSchema adds the rules across fields (the view extends these). */
const ClaimFieldsSchema = z.object({
  holderName: Line(200).min(1, "holderName: the contract holder's full name is required"),
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
/**
 * R-CLAIM: the period must not end before it starts, and an answer by e-mail needs an address to
 * send it to. The receipt date not being in the future needs a clock: claimReceivedIssue below,
 * checked by the mutator and the form.
 */
export const ClaimSchema = ClaimFieldsSchema.superRefine((c, ctx) => {
  if (c.incidentTo !== null && c.incidentTo < c.incidentFrom) {
    ctx.addIssue({ code: 'custom', path: ['incidentTo'], message: 'incidentTo: the period ends before it starts', params: issueParams('dateOrder') });
  }
  if (c.answerVia === 'email') {
    if (c.answerAddress === '') {
      ctx.addIssue({
        code: 'custom',
        path: ['answerAddress'],
        message: 'answerAddress: an answer by e-mail needs an address',
        params: issueParams('required'),
      });
    } else if (!EMAIL.test(c.answerAddress)) {
      ctx.addIssue({ code: 'custom', path: ['answerAddress'], message: 'answerAddress: not an e-mail address', params: issueParams('email') });
    }
  }
});
export type ClaimInput = z.infer<typeof ClaimSchema>;

/** The issue of a receipt date after today (Moscow date of the console's clock), or null. */
export function claimReceivedIssue(receivedOn: string, today: string): FieldIssue | null {
  return receivedOn > today ? { path: 'receivedOn', kind: 'futureDate', params: { today } } : null;
}
// What the host answers is checked by shape only: a row written by an older version (a phone kept as
// typed, a name with a control character) must still be shown, not turned into INTERNAL.
export const ProblemFormViewSchema = z.object({ doing: z.string(), expected: z.string(), actual: z.string() });
export const ClaimViewSchema = ClaimFieldsSchema.extend({
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
  direction: CallDirectionSchema,
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

export const TicketCommon = {
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
