/**
 * The call log's and the money-question redirects' mutations. Their args are the domain's shape
 * (camelCase, booleans), not the SQLite row: the console runs `apply` against its SQLite store
 * (src-main/mutations) and the desk server will replay the same `apply` against its own.
 * The call log's instants are ISO strings, as in the contract's CallLogRow.
 */
import { z } from 'zod';
import { CallOutcomeSchema } from '../domain/call';
import { staffVerified } from '../domain/verdict';
import { IsoInstantSchema } from '../domain/values';
import { VisitRequestSchema } from '../ipc/calls';
import { safeLine, safeText } from '../text/safe';
import { assertSameCreate } from './common';
import { MutationError, defineMutator, readSet, type CallRecord, type MutationStore, type VisitRequestRecord } from './types';
import { errorReason } from '../text/errors';

const Iso = IsoInstantSchema;
const Id = safeLine(64).min(1);
// What the operator typed (contract number, wrap-up code and note, a money question's reason)
// is checked like the contract's fields; the SIP-derived fields of call.offered are sanitised
// where the caller ID is parsed, so a hostile INVITE still leaves its row.
const ContractNo = safeLine(64);
const Ms = z.number().int().min(0).nullable();
/** How much of what the PBX sent a call row keeps (the host cuts to these before writing). */
export const CALL_ROW_LIMITS = { sipCallId: 256, remote: 160, line: 64 } as const;

const reads = (args: { readonly id: string }) => readSet({ calls: [args.id] });

function mustCall(store: MutationStore, id: string): CallRecord {
  const c = store.getCallRecord(id);
  if (!c) throw new MutationError('NOT_FOUND', `call ${id} is not in the call log`, undefined, errorReason('callNotFound'));
  return c;
}

/** R-CALL-WAIT: the entry exists from the offer (inbound INVITE) or the dial. */
export const callOffered = defineMutator({
  name: 'call.offered',
  args: z
    .object({
      id: Id,
      sipCallId: safeLine(CALL_ROW_LIMITS.sipCallId).nullable(),
      direction: z.enum(['inbound', 'outbound']),
      remoteNumber: safeLine(CALL_ROW_LIMITS.remote),
      remoteName: safeLine(CALL_ROW_LIMITS.remote).nullable(),
      line: safeLine(CALL_ROW_LIMITS.line).nullable(),
      offeredAt: Iso,
      operator: safeLine(128).nullable(),
      contractNo: ContractNo.nullable(),
      verified: z.boolean(),
    })
    .strict(),
  reads,
  apply(store, a): { readonly created: boolean } {
    const existing = store.getCallRecord(a.id);
    if (existing) {
      // A replay of the same offer is a no-op; another call that reused the id is refused.
      // contractNo/verified are not compared: call.identify changes them later.
      assertSameCreate('call', a.id, {
        sipCallId: [a.sipCallId, existing.sipCallId],
        direction: [a.direction, existing.direction],
        remoteNumber: [a.remoteNumber, existing.remoteNumber],
        remoteName: [a.remoteName, existing.remoteName],
        line: [a.line, existing.line],
        offeredAt: [a.offeredAt, existing.offeredAt],
        operator: [a.operator, existing.operator],
      });
      return { created: false };
    }
    store.insertCall({
      ...a,
      answeredAt: null,
      endedAt: null,
      waitMs: null,
      talkMs: null,
      outcome: null,
      wrapUpCode: null,
      note: null,
      ticketId: null,
      escalatedAt: null,
      callerStaff: null,
      decisions: [],
    });
    return { created: true };
  },
});

export const callAnswered = defineMutator({
  name: 'call.answered',
  args: z.object({ id: Id, answeredAt: Iso, waitMs: Ms }).strict(),
  reads,
  apply(store, a): { readonly changed: boolean } {
    // A call the log does not hold (its offer was refused) has nothing to update.
    if (!store.getCallRecord(a.id)) return { changed: false };
    store.patchCall(a.id, { answeredAt: a.answeredAt, waitMs: a.waitMs });
    return { changed: true };
  },
});

const Ended = z.object({ id: Id, endedAt: Iso, outcome: CallOutcomeSchema, waitMs: Ms, talkMs: Ms }).strict();

/** The first end wins: a late second end (a BYE after the CANCEL) never rewrites the outcome. */
function end(store: MutationStore, a: z.output<typeof Ended>): { readonly changed: boolean } {
  const c = store.getCallRecord(a.id);
  if (!c || c.endedAt !== null) return { changed: false };
  store.patchCall(a.id, { endedAt: a.endedAt, outcome: a.outcome, waitMs: a.waitMs, talkMs: a.talkMs });
  return { changed: true };
}

export const callEnded = defineMutator({ name: 'call.ended', args: Ended, reads, apply: (store, a) => end(store, a) });

/** A call the previous run left open, closed at the next start. */
export const callInterrupted = defineMutator({
  name: 'call.interrupted',
  args: Ended.extend({ outcome: z.literal('interrupted') }),
  reads,
  apply: (store, a) => end(store, a),
});

export const callIdentify = defineMutator({
  name: 'call.identify',
  // callerStaff (R-ID-STAFF) defaults so outbox rows written before it still parse.
  args: z.object({ id: Id, contractNo: ContractNo.nullable(), verified: z.boolean(), callerStaff: z.boolean().nullable().default(null) }).strict(),
  reads,
  apply(store, a, ctx): { readonly changed: boolean } {
    if (!store.getCallRecord(a.id)) return { changed: false };
    const verified = staffVerified(a.verified, ctx.profile.staffOnly, a.callerStaff); // R-ID-STAFF
    store.patchCall(a.id, { contractNo: a.contractNo, verified, callerStaff: a.callerStaff });
    return { changed: true };
  },
});

export const callWrapUp = defineMutator({
  name: 'call.wrapUp',
  args: z.object({ id: Id, code: safeLine(64).nullable(), note: safeText(4000).nullable() }).strict(),
  reads,
  apply(store, a): CallRecord {
    mustCall(store, a.id);
    return store.patchCall(a.id, { wrapUpCode: a.code, note: a.note });
  },
});

/** R-CALL-15: the escalation and the visit request stored with it. */
export const callEscalate = defineMutator({
  name: 'call.escalate',
  args: z
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
  reads,
  apply(store, a): VisitRequestRecord {
    const c = mustCall(store, a.id);
    // One click, one request: a second escalation of the call returns the first request.
    const existing = store.visitRequestForCall(a.id);
    if (existing) return existing;
    if (c.escalatedAt === null) store.patchCall(a.id, { escalatedAt: a.at });
    store.insertVisitRequest(a.visit);
    return a.visit;
  },
});

/** R-BAL-SCOPE: a money question routed away, with its reason. */
export const redirectRecord = defineMutator({
  name: 'redirect.record',
  args: z
    .object({
      contractNo: ContractNo.nullable(),
      phone: safeLine(32).nullable(),
      reason: safeLine(500).min(1),
      redirectLabel: safeLine(200),
      redirectPhone: safeLine(32).nullable(),
      recordedAt: Iso,
    })
    .strict(),
  reads: () => readSet({}),
  apply(store, a, ctx): { readonly id: string } {
    // The mutation id is the redirect's id: a replay of the same mutation writes the same row.
    store.insertRedirect({ id: ctx.mutationId, ...a });
    return { id: ctx.mutationId };
  },
});
