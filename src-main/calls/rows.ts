/**
 * The `calls` row and its one mapper to the call record the mutators see (src-shared/mutators/types.ts);
 * the call-log repo's wire rows derive from the same record.
 */
import type { CallRecord, VerdictDecisionRecord } from '../../src-shared/mutators/types';

export type CallRow = {
  id: string;
  sip_call_id: string | null;
  direction: 'inbound' | 'outbound';
  remote_number: string;
  remote_rev: string;
  remote_name: string | null;
  line: string | null;
  offered_at: string;
  answered_at: string | null;
  ended_at: string | null;
  wait_ms: number | null;
  talk_ms: number | null;
  operator: string | null;
  contract_no: string | null;
  verified: 0 | 1;
  outcome: CallRecord['outcome'];
  wrap_up_code: string | null;
  note: string | null;
  ticket_id: string | null;
  escalated_at: string | null;
  caller_staff: 0 | 1 | null;
  /** JSON array of VerdictDecisionRecord, written only by the host's mutators (migration 0070). */
  decisions: string;
};

export function toCallRecord(r: CallRow): CallRecord {
  return {
    id: r.id,
    sipCallId: r.sip_call_id,
    direction: r.direction,
    remoteNumber: r.remote_number,
    remoteName: r.remote_name,
    line: r.line,
    offeredAt: r.offered_at,
    answeredAt: r.answered_at,
    endedAt: r.ended_at,
    waitMs: r.wait_ms,
    talkMs: r.talk_ms,
    operator: r.operator,
    contractNo: r.contract_no,
    verified: r.verified === 1,
    outcome: r.outcome,
    wrapUpCode: r.wrap_up_code,
    note: r.note,
    ticketId: r.ticket_id,
    escalatedAt: r.escalated_at,
    callerStaff: r.caller_staff === null ? null : r.caller_staff === 1,
    decisions: JSON.parse(r.decisions) as VerdictDecisionRecord[],
  };
}
