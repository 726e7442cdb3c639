/**
 * Calls part of the contract: the calls that are up (answer, hold, transfer…), their wrap-up and
 * escalation to a visit request (R-CALL-15), and the call log. The call itself and its state
 * machine are the pure domain's (src-shared/domain/call.ts).
 */
import { z } from 'zod';
import { CallOutcomeSchema, CallSchema, CallDirectionSchema } from '../domain/call';
import { IsoInstantSchema as IsoInstant } from '../domain/values';
import { TICKET_TYPES } from '../domain/tickets';
import { VerdictCheckSchema } from '../domain/verdict';
import { patternKind } from '../text/issues';
import { Empty, Free, Id as SafeId, Line, StoredId as Id } from './fields';

export const CallsSnapshotSchema = z.object({ calls: z.array(CallSchema), now: IsoInstant });

/** What the operator saw when a ticket or visit was made during the call (src-shared/mutators/verdict.ts). */
export const VerdictDecisionSchema = z.object({
  at: IsoInstant,
  what: z.enum(['ticket', 'visit']),
  ticketId: Id,
  visitId: Id.nullable(),
  contractNo: z.string().nullable(),
  verified: z.boolean(),
  callerStaff: z.boolean().nullable(),
  level: z.enum(['ok', 'warn', 'block']).nullable(),
  checks: z.array(VerdictCheckSchema),
  reason: z.string().nullable(),
});

export const CallLogRowSchema = z.object({
  id: Id,
  direction: CallDirectionSchema,
  remoteNumber: z.string(),
  line: z.string().nullable(),
  offeredAt: IsoInstant,
  answeredAt: IsoInstant.nullable(),
  endedAt: IsoInstant.nullable(),
  /** R-CALL-WAIT: from offered to answered (or to the end of an unanswered call). */
  waitMs: z.number().int().nullable(),
  talkMs: z.number().int().nullable(),
  operator: z.string().nullable(),
  contractNo: z.string().nullable(),
  verified: z.boolean(),
  outcome: CallOutcomeSchema.nullable(),
  wrapUpCode: z.string().nullable(),
  note: z.string().nullable(),
  ticketId: z.string().nullable(),
  escalatedAt: IsoInstant.nullable(),
  /** R-ID-STAFF: what the caller said (staff-only desks); null = not asked. */
  callerStaff: z.boolean().nullable(),
  decisions: z.array(VerdictDecisionSchema),
  /** Tickets, visits and claims made during (or linked to) the call, oldest first. */
  created: z.array(z.object({ ticketId: Id, number: z.string(), type: z.enum(TICKET_TYPES) })),
});
export type CallLogRow = z.infer<typeof CallLogRowSchema>;

export const VisitRequestSchema = z.object({
  id: Id,
  callId: Id.nullable(),
  contractNo: z.string().nullable(),
  holderName: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  notes: z.string(),
  createdAt: IsoInstant,
  status: z.enum(['new', 'booked', 'cancelled']),
});
export type VisitRequest = z.infer<typeof VisitRequestSchema>;

const CallRef = z.object({ callId: SafeId }).strict();
const Dtmf = z.string().regex(/^[0-9*#A-D]{1,32}$/, 'DTMF tones are 0-9, *, #, A-D');
const Target = Line(64)
  .min(1)
  .regex(patternKind(/^[+\d*#()\s-]+$|^sips?:\S+$/, 'dialTarget'), 'a phone number, an extension or a sip: URI');

export const callsRequests = {
  'calls:list': { input: Empty, output: CallsSnapshotSchema },
  'calls:answer': { input: CallRef, output: CallSchema },
  'calls:decline': { input: CallRef, output: CallSchema },
  'calls:hangup': { input: CallRef, output: CallSchema },
  'calls:dial': { input: z.object({ target: Target, contractNo: Line(64).nullable().default(null) }).strict(), output: CallSchema },
  'calls:hold': { input: z.object({ callId: SafeId, on: z.boolean() }).strict(), output: CallSchema },
  'calls:mute': { input: z.object({ callId: SafeId, on: z.boolean() }).strict(), output: CallSchema },
  'calls:dtmf': { input: z.object({ callId: SafeId, tones: Dtmf }).strict(), output: CallSchema },
  'calls:transfer': { input: z.object({ callId: SafeId, target: Target }).strict(), output: CallSchema },
  'calls:attendedTransfer': { input: z.object({ callId: SafeId, consultCallId: SafeId }).strict(), output: CallSchema },
  'calls:identify': {
    input: z
      .object({
        callId: SafeId,
        contractNo: Line(64).nullable(),
        verified: z.boolean(),
        /** R-ID-STAFF: the caller is (true) or is not (false) the customer's own staff; null = not asked. */
        callerStaff: z.boolean().nullable().default(null),
      })
      .strict(),
    output: CallSchema,
  },
  'calls:wrapUp': {
    input: z.object({ callId: SafeId, code: Line(64).nullable(), note: Free(4000).nullable() }).strict(),
    output: CallLogRowSchema,
  },
  'calls:escalate': { input: z.object({ callId: SafeId, notes: Free(4000).default('') }).strict(), output: VisitRequestSchema },
  'calls:log': {
    input: z
      .object({
        number: Line(32).optional(),
        contractNo: Line(64).optional(),
        from: IsoInstant.optional(),
        to: IsoInstant.optional(),
        operator: Line(64).optional(),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    output: z.array(CallLogRowSchema),
  },
  'visits:requests': { input: Empty, output: z.array(VisitRequestSchema) },
} as const;

export const callsEvents = {
  'calls:state': CallsSnapshotSchema,
  /** Call-log rows or visit requests changed outside a call here (a pull brought another console's): the log and the requests refetch. */
  'calls:changed': z.object({ at: IsoInstant }),
} as const;
