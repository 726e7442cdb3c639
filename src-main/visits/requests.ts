/**
 * R-CALL-15: visit requests stored from the one-click escalation (written by the `call.escalate`
 * mutation, src-shared/mutators/calls.ts) and listed here; booking one marks it `booked`.
 */
import type { VisitRequest } from '../../src-shared/ipc/calls';
import type { Db } from '../db/open';

export type VisitRequestRow = {
  id: string;
  call_id: string | null;
  contract_no: string | null;
  holder_name: string | null;
  phone: string | null;
  address: string | null;
  notes: string;
  created_at: string;
  status: VisitRequest['status'];
};

export function createVisitRequestsRepo(db: Db) {
  const byCall = db.prepare<[string], VisitRequestRow>('SELECT * FROM visit_requests WHERE call_id = ? ORDER BY created_at LIMIT 1');
  const list = db.prepare<[number], VisitRequestRow>('SELECT * FROM visit_requests INDEXED BY ix_visit_requests_created ORDER BY created_at DESC LIMIT ?');
  return {
    forCall: (callId: string): VisitRequest | null => {
      const r = byCall.get(callId);
      return r ? toVisitRequest(r) : null;
    },
    list: (limit = 200): VisitRequest[] => list.all(limit).map(toVisitRequest),
  };
}
export type VisitRequestsRepo = ReturnType<typeof createVisitRequestsRepo>;

export function toVisitRequest(r: VisitRequestRow): VisitRequest {
  return {
    id: r.id,
    callId: r.call_id,
    contractNo: r.contract_no,
    holderName: r.holder_name,
    phone: r.phone,
    address: r.address,
    notes: r.notes,
    createdAt: r.created_at,
    status: r.status,
  };
}
