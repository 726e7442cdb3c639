/**
 * Issue 11 «the verdict travels», enforced where every create runs (the console now, the desk
 * server later), so a renderer that skips its form cannot skip it: a ticket or a visit for a
 * contract that failed verification or eligibility needs the operator's reason, or is refused where
 * the desk profile says so; the call it was made on keeps what the operator saw.
 */
import { assessEligibility } from '../domain/eligibility';
import { normalizeContractNo } from '../domain/identification';
import { verdictChecks, verdictDemand, verdictRefusal, type VerdictCheck } from '../domain/verdict';
import { trimOrNull, type EventWriter } from './common';
import { MutationError, type CallRecord, type MutationContext, type MutationStore, type VerdictDecisionRecord } from './types';
import { errorReason } from '../text/errors';

export type VerdictGate = {
  readonly checks: readonly VerdictCheck[];
  /** Writes the override into the ticket's history and the decision into the call record. */
  record(ev: EventWriter, ticketId: string, visitId: string | null): void;
};

const sameContract = (a: string | null, b: string): boolean => a !== null && trimOrNull(normalizeContractNo(a)) === b;

/**
 * Runs before anything is written: throws VALIDATION (a reason is needed) or CONFLICT (refused) in
 * the operator's language. `contractNo` is the canonical number the ticket will carry.
 */
export function verdictGate(
  store: MutationStore,
  ctx: MutationContext,
  a: { readonly what: 'ticket' | 'visit'; readonly contractNo: string | null; readonly callId: string | null; readonly reason: string | null },
): VerdictGate | null {
  if (a.contractNo === null) return null; // nothing was identified: nothing to verify
  const call: CallRecord | null = a.callId === null ? null : store.getCallRecord(a.callId);
  const verified = call !== null && call.verified && sameContract(call.contractNo, a.contractNo);
  const standing = ctx.contract(a.contractNo)?.standing;
  const eligibility = standing === undefined ? null : assessEligibility(standing, ctx.profile.balance, new Date(ctx.now), ctx.calendar);
  const checks = verdictChecks({
    onCall: a.callId !== null,
    verified,
    callerStaff: call?.callerStaff ?? null,
    staffOnly: ctx.profile.staffOnly,
    eligibility,
  });
  const demand = verdictDemand(checks, ctx.profile.unverifiedPolicy);
  const reason = trimOrNull(a.reason);
  if (demand === 'refuse') throw new MutationError('CONFLICT', verdictRefusal(checks, 'refuse', ctx.locale), undefined, errorReason('verdictRefused'));
  if (demand === 'reason' && reason === null)
    throw new MutationError('VALIDATION', verdictRefusal(checks, 'reason', ctx.locale), undefined, errorReason('verdictReason'));
  return {
    checks,
    record(ev, ticketId, visitId) {
      const kept = checks.length > 0 ? reason : null;
      if (checks.length > 0) ev(ticketId, 'verdict-override', { what: a.what, checks, reason: kept, callId: a.callId, visitId });
      if (call === null) return;
      const decision: VerdictDecisionRecord = {
        at: new Date(ctx.now).toISOString(),
        what: a.what,
        ticketId,
        visitId,
        contractNo: a.contractNo,
        verified,
        callerStaff: call.callerStaff,
        level: eligibility?.level ?? null,
        checks,
        reason: kept,
      };
      // Re-read: the create may have changed the call (linkCall sets its first ticket).
      const now = store.getCallRecord(call.id) ?? call;
      store.patchCall(call.id, { decisions: [...now.decisions, decision] });
    },
  };
}
