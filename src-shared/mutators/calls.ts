/**
 * The call log's and the money-question redirects' mutations, declared by name and args schema.
 * The host applies them with its own statements (src-main/calls/repo.ts,
 * src-main/identification/redirects.ts); the outbox checks every row against these schemas, so
 * what the sync will push is defined here. They get an `apply` when the server replays calls.
 */
import { z } from 'zod';
import { CallOutcomeSchema } from '../domain/call';
import { VisitRequestSchema } from '../ipc/calls';
import { safeLine, safeText } from '../text/safe';
import { declareMutation } from './types';

const Iso = z.string().datetime({ offset: true });
const Id = safeLine(64).min(1);
// What the operator typed (contract number, wrap-up code and note, a money question's reason)
// is checked like the contract's fields; the SIP-derived columns of call.offered are sanitised
// where the caller ID is parsed, so a hostile INVITE still leaves its row.
const ContractNo = safeLine(64);
const Ms = z.number().int().min(0).nullable();
/** How much of what the PBX sent a call row keeps (the host cuts to these before writing). */
export const CALL_ROW_LIMITS = { sipCallId: 256, remote: 160, line: 64 } as const;

/** The whole row as written when a call is offered or dialed (snake_case: it is the row). */
export const callOffered = declareMutation(
  'call.offered',
  z
    .object({
      id: Id,
      sip_call_id: safeLine(CALL_ROW_LIMITS.sipCallId).nullable(),
      direction: z.enum(['inbound', 'outbound']),
      remote_number: safeLine(CALL_ROW_LIMITS.remote),
      remote_name: safeLine(CALL_ROW_LIMITS.remote).nullable(),
      line: safeLine(CALL_ROW_LIMITS.line).nullable(),
      offered_at: Iso,
      answered_at: Iso.nullable(),
      ended_at: Iso.nullable(),
      wait_ms: Ms,
      talk_ms: Ms,
      operator: safeLine(128).nullable(),
      contract_no: ContractNo.nullable(),
      verified: z.union([z.literal(0), z.literal(1)]),
      outcome: CallOutcomeSchema.nullable(),
      wrap_up_code: safeLine(64).nullable(),
      note: safeText(4000).nullable(),
      ticket_id: Id.nullable(),
      escalated_at: Iso.nullable(),
    })
    .strict(),
);
export const callAnswered = declareMutation('call.answered', z.object({ id: Id, answeredAt: Iso, waitMs: Ms }).strict());
const Ended = z.object({ id: Id, endedAt: Iso, outcome: CallOutcomeSchema, waitMs: Ms, talkMs: Ms }).strict();
export const callEnded = declareMutation('call.ended', Ended);
/** A call the previous run left open, closed at the next start. */
export const callInterrupted = declareMutation('call.interrupted', Ended.extend({ outcome: z.literal('interrupted') }));
export const callIdentify = declareMutation('call.identify', z.object({ id: Id, contractNo: ContractNo.nullable(), verified: z.boolean() }).strict());
export const callWrapUp = declareMutation('call.wrapUp', z.object({ id: Id, code: safeLine(64).nullable(), note: safeText(4000).nullable() }).strict());
/** R-CALL-15: the escalation and the visit request stored with it. */
export const callEscalate = declareMutation(
  'call.escalate',
  z
    .object({
      id: Id,
      at: Iso,
      visit: VisitRequestSchema.extend({
        id: Id,
        callId: Id.nullable(),
        contractNo: ContractNo.nullable(),
        holderName: safeLine(300).nullable(),
        phone: safeLine(32).nullable(),
        address: safeLine(500).nullable(),
        notes: safeText(4000),
      }).strict(),
    })
    .strict(),
);
/** R-BAL-SCOPE: a money question routed away, with its reason. */
export const redirectRecord = declareMutation(
  'redirect.record',
  z
    .object({
      contractNo: ContractNo.nullable(),
      phone: safeLine(32).nullable(),
      reason: safeLine(500).min(1),
      redirectLabel: safeLine(200),
      redirectPhone: safeLine(32).nullable(),
      recordedAt: Iso,
    })
    .strict(),
);
