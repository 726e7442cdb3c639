/**
 * The call log: one row per call from the moment it is offered (inbound INVITE) or dialed, updated
 * through its life. Every write is a named mutation (`call.offered`, `call.answered`, `call.ended`,
 * `call.identify`, `call.wrapUp`, `call.escalate`, `call.interrupted`, src-shared/mutators/calls.ts)
 * run by the host's runner: the row and its outbox entry commit in one transaction
 * (src-main/mutations). This file only reads the table.
 */
import { CALL_ROW_LIMITS } from '../../src-shared/mutators/calls';
import { stripUnsafeChars } from '../../src-shared/text/safe';
import type { Call } from '../../src-shared/domain/call';
import type { CallLogRow, VisitRequest } from '../../src-shared/ipc/calls';
import { talkMs, waitMs } from '../../src-shared/domain/call';
import { normalizePhone } from '../../src-shared/domain/phone';
import type { Db } from '../db/open';
import type { RunMutation } from '../mutations/index';
import { toCallRecord, type CallRow } from './rows';

function fromNetwork(s: string | null, max: number): string | null {
  return s === null ? null : stripUnsafeChars(s).slice(0, max);
}

export type CallLogQuery = {
  readonly number?: string | undefined;
  readonly contractNo?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly operator?: string | undefined;
  readonly limit: number;
};

/** Digits of a number, reversed: the key of the suffix search (see migration 0030). */
export function reversedDigits(number: string): string {
  return [...number.replace(/\D/g, '')].reverse().join('');
}

// Optional filters are `(?n IS NULL OR …)`, so one prepared statement per driving index serves
// every combination; INDEXED BY pins the plan the EXPLAIN tests check (no planner surprises on
// a log of millions of rows with no ANALYZE statistics).
const FILTERS = `(:contract IS NULL OR contract_no = :contract)
  AND (:operator IS NULL OR operator = :operator)
  AND (:from IS NULL OR offered_at >= :from)
  AND (:to IS NULL OR offered_at <= :to)`;
export const CALL_LOG_SQL = {
  byNumber: `SELECT * FROM calls INDEXED BY ix_calls_remote_rev WHERE remote_rev >= :rev AND remote_rev < :revEnd AND ${FILTERS} ORDER BY offered_at DESC LIMIT :limit`,
  byContract: `SELECT * FROM calls INDEXED BY ix_calls_contract WHERE contract_no = :contract AND ${FILTERS} ORDER BY offered_at DESC LIMIT :limit`,
  byOperator: `SELECT * FROM calls INDEXED BY ix_calls_operator WHERE operator = :operator AND ${FILTERS} ORDER BY offered_at DESC LIMIT :limit`,
  byDate: `SELECT * FROM calls INDEXED BY ix_calls_offered WHERE ${FILTERS} ORDER BY offered_at DESC LIMIT :limit`,
  open: `SELECT * FROM calls INDEXED BY ix_calls_open WHERE ended_at IS NULL ORDER BY offered_at`,
} as const;

type SearchParams = {
  rev: string | null;
  revEnd: string | null;
  contract: string | null;
  operator: string | null;
  from: string | null;
  to: string | null;
  limit: number;
};

export function createCallLogRepo(deps: { db: Db; runMutation: RunMutation }) {
  const { db, runMutation } = deps;
  const byId = db.prepare<[string], CallRow>('SELECT * FROM calls WHERE id = ?');
  const open = db.prepare<[], CallRow>(CALL_LOG_SQL.open);
  const search = {
    byNumber: db.prepare<[SearchParams], CallRow>(CALL_LOG_SQL.byNumber),
    byContract: db.prepare<[SearchParams], CallRow>(CALL_LOG_SQL.byContract),
    byOperator: db.prepare<[SearchParams], CallRow>(CALL_LOG_SQL.byOperator),
    byDate: db.prepare<[SearchParams], CallRow>(CALL_LOG_SQL.byDate),
  };

  // What was made during the call (ix_ticket_calls_call): the call record lists it (issue 11).
  const createdOn = db.prepare<[string], CreatedRow>(
    `SELECT t.id AS ticketId, t.number AS number, t.type AS type FROM ticket_calls tc JOIN tickets t ON t.id = tc.ticket_id
     WHERE tc.call_id = ? ORDER BY tc.linked_at, t.number`,
  );
  const get = (id: string): CallLogRow | null => {
    const r = byId.get(id);
    return r ? toLogRow(r, createdOn.all(r.id)) : null;
  };

  return {
    get,

    /** Written before the phone rings at the operator (R-CALL-WAIT starts here). */
    offered(call: Call, extra: { sipCallId: string | null; operator: string | null }): void {
      // What the PBX sent is kept, but as text a row may hold (the call.offered schema's limits):
      // a hostile INVITE must still leave its row, never fail the write.
      runMutation('call.offered', {
        id: call.id,
        sipCallId: fromNetwork(extra.sipCallId, CALL_ROW_LIMITS.sipCallId),
        direction: call.direction,
        remoteNumber: fromNetwork(call.remoteNumber, CALL_ROW_LIMITS.remote) ?? '',
        remoteName: fromNetwork(call.remoteName, CALL_ROW_LIMITS.remote),
        line: fromNetwork(call.line, CALL_ROW_LIMITS.line),
        offeredAt: call.offeredAt,
        operator: extra.operator,
        contractNo: call.contractNo,
        verified: call.verified,
      });
    },

    answered(call: Call): void {
      if (call.answeredAt === null) return;
      runMutation('call.answered', { id: call.id, answeredAt: call.answeredAt, waitMs: waitMs(call) });
    },

    ended(call: Call): void {
      if (call.endedAt === null || call.outcome === null) return;
      runMutation('call.ended', { id: call.id, endedAt: call.endedAt, outcome: call.outcome, waitMs: waitMs(call), talkMs: talkMs(call) });
    },

    identify(id: string, contractNo: string | null, verified: boolean, callerStaff: boolean | null = null): void {
      runMutation('call.identify', { id, contractNo, verified, callerStaff });
    },

    /** Throws NOT_FOUND when the call is not in the log. */
    wrapUp(id: string, code: string | null, note: string | null): CallLogRow | null {
      runMutation('call.wrapUp', { id, code, note });
      return get(id);
    },

    /** R-CALL-15: the escalation on the call and its visit request, in one transaction. */
    escalate(id: string, at: string, visit: VisitRequest): VisitRequest {
      return runMutation('call.escalate', { id, at, visit }).result;
    },

    /** Rows left open by a run that died: closed as `interrupted` at the new start (not at the
     *  crash, which is unknown); talk time is counted to that moment for answered ones. */
    closeInterrupted(at: string): number {
      const rows = open.all();
      for (const r of rows) {
        const call = { offeredAt: r.offered_at, answeredAt: r.answered_at, endedAt: at };
        runMutation('call.interrupted', { id: r.id, endedAt: at, outcome: 'interrupted', waitMs: waitMs(call), talkMs: talkMs(call) });
      }
      return rows.length;
    },

    /** R-CALL-REPEAT: by number (suffix), contract, operator, date range; newest first. */
    search(q: CallLogQuery): CallLogRow[] {
      const digits = q.number === undefined ? '' : reversedDigits(searchDigits(q.number));
      const p: SearchParams = {
        rev: digits === '' ? null : digits,
        // '\u007f' sorts after every digit: [rev, rev+DEL) is "starts with rev".
        revEnd: digits === '' ? null : `${digits}\u007f`,
        contract: q.contractNo?.trim() || null,
        operator: q.operator?.trim() || null,
        from: q.from === undefined ? null : new Date(q.from).toISOString(),
        to: q.to === undefined ? null : new Date(q.to).toISOString(),
        limit: q.limit,
      };
      const stmt = p.rev !== null ? search.byNumber : p.contract !== null ? search.byContract : p.operator !== null ? search.byOperator : search.byDate;
      return stmt.all(p).map((r) => toLogRow(r, createdOn.all(r.id)));
    },
  };
}
export type CallLogRepo = ReturnType<typeof createCallLogRepo>;

/**
 * The digits a number search matches as a suffix: for a Russian number in any form ("8 903…",
 * "+7 903…", "903…") its ten national digits, so the trunk prefix 8 or 7 does not matter; a short
 * fragment ("969-14-45") or an extension as typed.
 */
export function searchDigits(number: string): string {
  const p = normalizePhone(number);
  if (p.ok && p.e164.startsWith('+7')) return p.e164.slice(2);
  return p.ok ? p.e164.slice(1) : number.replace(/\D/g, '');
}

type CreatedRow = { ticketId: string; number: string; type: CallLogRow['created'][number]['type'] };

function toLogRow(r: CallRow, created: readonly CreatedRow[]): CallLogRow {
  const { sipCallId: _sipCallId, remoteName: _remoteName, ...row } = toCallRecord(r);
  return { ...row, decisions: row.decisions.map((d) => ({ ...d, checks: [...d.checks] })), created: [...created] };
}
