/**
 * Tickets part of the contract: tickets with their history, queues and SLA clocks (DOMAIN.md
 * "Tickets", "Working time and SLAs"). Every write goes through a named mutator
 * (src-shared/mutators) whose local effect and outbox row are one SQLite transaction. Create
 * requests carry a client-generated id so a retry is idempotent. The schemas are in
 * ./ticketSchemas.ts; visits and claims have their own parts (./visits.ts, ./claims.ts).
 */
import { z } from 'zod';
import { IsoInstantSchema as IsoInstant } from '../domain/values';
import { FileIdSchema } from './files';
import { Empty, Free, Id as SafeId, Line, StoredId as Id } from './fields';
import {
  PrioritySchema,
  ProblemFormSchema,
  QueueSchema,
  TicketChannelSchema,
  TicketCommon,
  TicketListInputSchema,
  TicketSchema,
  TicketStatusSchema,
  TicketSummarySchema,
} from './ticketSchemas';

const QueueId = Line(64);

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
    input: z
      .object({
        ...TicketCommon,
        type: z.enum(['question', 'problem', 'maintenance']),
        form: ProblemFormSchema.nullable().default(null),
        /** Why the ticket is made although the contract is not verified or not eligible (src-shared/domain/verdict.ts). */
        verdictReason: Free(1000).nullable().default(null),
      })
      .strict(),
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
    input: z
      .object({
        id: SafeId,
        text: Free(8000).min(1, 'text must not be empty'),
        followUp: z.boolean().default(false),
        channel: TicketChannelSchema.nullable().default(null),
        callId: SafeId.nullable().default(null),
      })
      .strict(),
    output: TicketSchema,
  },
  /**
   * R-TKT-ASSIGN: `self: true` takes the ticket for the acting operator (by id; `assignee` is then
   * ignored); otherwise `assignee` is a display name of someone else, or null to unassign.
   */
  'tickets:assign': { input: z.object({ id: SafeId, assignee: Line(64).nullable(), self: z.boolean().default(false) }).strict(), output: TicketSchema },
  /** R-TKT-HANDOFF, optionally with an SLA extension and its reason (R-SLA-EXT). */
  'tickets:handoff': {
    input: z
      .object({
        id: SafeId,
        queueId: QueueId.min(1),
        reason: Free(1000).min(1, 'reason must say why the ticket moves'),
        extendMinutes: z.number().int().min(0).max(100_000).default(0),
      })
      .strict(),
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
} as const;

export const ticketsEvents = {
  /**
   * Tickets changed locally (ids) — the renderer invalidates its queries. An empty `ids` means
   * "many tickets changed" (SLA recomputation after a desk-profile change): refetch the lists.
   */
  'tickets:changed': z.object({ ids: z.array(Id), at: IsoInstant }),
} as const;
