/**
 * Visits part of the contract: technician visits, their slots and the booking (DOMAIN.md
 * "Technician visits", R-VIS-*). Schemas in ./ticketSchemas.ts.
 */
import { z } from 'zod';
import { IsoDateSchema as IsoDate, IsoInstantSchema as IsoInstant } from '../domain/values';
import { Free, Id as SafeId, Line, RequiredPhone, Uuid } from './fields';
import { PrioritySchema, TicketSchema, VisitDraftSchema, VisitMoveSchema, VisitSchema, VisitSlotSchema } from './ticketSchemas';

export const visitsRequests = {
  /** The prefilled visit form and its slots, in one round trip (R-CALL-15 offer, or from a ticket). */
  'visits:prefill': {
    input: z.object({ callId: SafeId.nullable().default(null), ticketId: SafeId.nullable().default(null), priority: PrioritySchema.optional() }).strict(),
    output: z.object({
      draft: VisitDraftSchema,
      slots: z.array(VisitSlotSchema),
      reactionDueAt: IsoInstant.nullable(),
      calendarMissingYear: z.number().int().nullable(),
    }),
  },
  'visits:slots': {
    input: z
      .object({
        contractNo: Line(64).nullable().default(null),
        tariff: Line(100).nullable().default(null),
        priority: PrioritySchema.default(3),
        ticketId: SafeId.nullable().default(null),
        fromDate: IsoDate.optional(),
        days: z.number().int().min(1).max(30).default(5),
      })
      .strict(),
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
        /** Why the visit is booked although the contract is not verified or not eligible (src-shared/domain/verdict.ts). */
        verdictReason: Free(1000).nullable().default(null),
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
  /**
   * A shift lead or admin assigns the visit to a technician of the desk (null: unassigned). The
   * desk server decides who may; the console only offers it to those roles.
   */
  'visits:assign': {
    input: z.object({ id: SafeId, technicianId: Uuid.nullable() }).strict(),
    output: VisitSchema,
  },
  /** The desk's active technicians from the synced people table, and whether this console may assign. */
  'visits:technicians': {
    input: z.object({}).strict(),
    output: z.object({
      /** Signed in to a desk server: without one the console shows no technician field at all. */
      synced: z.boolean(),
      /** The signed-in user is a shift lead or an admin. */
      canAssign: z.boolean(),
      technicians: z.array(z.object({ id: z.string(), displayName: z.string() })),
    }),
  },
  'visits:list': {
    input: z.object({ fromDate: IsoDate, toDate: IsoDate, includeCancelled: z.boolean().default(false) }).strict(),
    output: z.array(VisitSchema),
  },
} as const;
