/**
 * Claims part of the contract: written claims and their answer within 14 working days (DOMAIN.md
 * "Claims", R-CLAIM). Schemas in ./ticketSchemas.ts.
 */
import { z } from 'zod';
import { Free, Id as SafeId, Line, Uuid } from './fields';
import { ClaimSchema, PrioritySchema, TicketSchema } from './ticketSchemas';

export const claimsRequests = {
  'claims:create': {
    input: z
      .object({ id: Uuid, claim: ClaimSchema, priority: PrioritySchema.default(3), callId: SafeId.nullable().default(null), subject: Line(300).optional() })
      .strict(),
    output: TicketSchema,
  },
  'claims:answer': { input: z.object({ id: SafeId, answer: Free(8000).min(1, 'answer must not be empty') }).strict(), output: TicketSchema },
} as const;
