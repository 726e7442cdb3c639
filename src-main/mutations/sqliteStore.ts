/**
 * The MutationStore of src-shared/mutators over the console's SQLite file. Every method runs
 * inside the runner's transaction (src-main/mutations/runner.ts); statements are prepared once.
 * Writing a ticket also writes its derived SLA columns (src-main/tickets/sla.ts), so the list
 * order is right the moment the transaction commits. This is the only place the host writes
 * the tables of mutated entities (tickets, visits, claims, calls, visit requests, redirects).
 */
import type { CallRecord, MutationStore, RedirectRecord, TicketRecord, VisitPatch, VisitRecord } from '../../src-shared/mutators/index';
import { formatTicketNumber } from '../../src-shared/domain/tickets';
import type { Role } from '../../src-shared/server/roles';
import { reversedDigits } from '../calls/repo';
import { toCallRecord, type CallRow } from '../calls/rows';
import { toVisitRequest, type VisitRequestRow } from '../visits/requests';
import type { Db } from '../db/open';
import type { SettingsRepo } from '../settings/repo';
import {
  clockColumns,
  iso,
  toAttachmentRow,
  toClaimRecord,
  toClaimRow,
  toTicketRecord,
  toVisitRecord,
  toVisitRow,
  type ClaimRow,
  type TicketRow,
  type VisitRow,
} from '../tickets/rows';
import type { SlaCache } from '../sla/cache';

export const SEAT_KEY = 'tickets.seat';
export const SEQ_KEY = 'tickets.seq';

export type SqliteMutationStore = MutationStore & {
  /** Entity writes so far (the runner skips the outbox row of a mutation that wrote nothing). */
  writes(): number;
};

/** A call record as its row (also used by the sync client for pulled calls). */
export function toCallRow(c: CallRecord): CallRow {
  return {
    id: c.id,
    sip_call_id: c.sipCallId,
    direction: c.direction,
    remote_number: c.remoteNumber,
    remote_rev: reversedDigits(c.remoteNumber),
    remote_name: c.remoteName,
    line: c.line,
    offered_at: c.offeredAt,
    answered_at: c.answeredAt,
    ended_at: c.endedAt,
    wait_ms: c.waitMs,
    talk_ms: c.talkMs,
    operator: c.operator,
    contract_no: c.contractNo,
    verified: c.verified ? 1 : 0,
    outcome: c.outcome,
    wrap_up_code: c.wrapUpCode,
    note: c.note,
    ticket_id: c.ticketId,
    escalated_at: c.escalatedAt,
    caller_staff: c.callerStaff === null ? null : c.callerStaff ? 1 : 0,
    decisions: JSON.stringify(c.decisions),
  };
}

/**
 * A ticket record as its row, with the derived SLA ordering columns (so the list order is right the
 * moment the transaction commits). The sync client writes pulled tickets through it too.
 */
export function toTicketRow(sla: Pick<SlaCache, 'derive'>, t: TicketRecord): TicketRow {
  const clock = clockColumns(t);
  const d = sla.derive({ ...clock, sla_missing_year: t.deadline?.missingYear ?? null });
  return {
    id: t.id,
    number: t.number,
    type: t.type,
    priority: t.priority,
    status: t.status,
    channel: t.channel,
    queue_id: t.queueId,
    assignee_id: t.assigneeId,
    assignee: t.assignee,
    contract_no: t.contractNo,
    holder_name: t.holderName,
    phone: t.phone,
    phone_rev: t.phone === null ? null : reversedDigits(t.phone) || null,
    serial: t.serial,
    subject: t.subject,
    description: t.description,
    form: t.form === null ? null : JSON.stringify(t.form),
    tariff: t.tariff,
    created_at: iso(t.createdAt),
    created_by: t.createdBy,
    updated_at: iso(t.updatedAt),
    version: t.version,
    ...clock,
    sla_due_ms: d.dueMs,
    sla_sort_ms: d.sortMs,
    sla_rank: d.rank,
    sla_missing_year: d.missingYear,
  };
}

export function createSqliteMutationStore(deps: { db: Db; settings: SettingsRepo; sla: SlaCache; random?: () => number }): SqliteMutationStore {
  const { db, settings, sla } = deps;
  const random = deps.random ?? Math.random;
  let writes = 0;

  const ticketById = db.prepare<[string], TicketRow>('SELECT * FROM tickets WHERE id = ?');
  const numberTaken = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM tickets WHERE number = ?');
  const insertTicket = db.prepare<[TicketRow]>(
    `INSERT INTO tickets (id, number, type, priority, status, channel, queue_id, assignee_id, assignee, contract_no, holder_name, phone, phone_rev, serial, subject,
       description, form, tariff, created_at, created_by, updated_at, version, sla_kind, sla_target_min, sla_ext_min, sla_budget_ms, sla_anchor_ms,
       sla_met_ms, sla_due_met_ms, sla_deadline_ms, sla_due_ms, sla_sort_ms, sla_rank, sla_missing_year)
     VALUES (:id, :number, :type, :priority, :status, :channel, :queue_id, :assignee_id, :assignee, :contract_no, :holder_name, :phone, :phone_rev, :serial, :subject,
       :description, :form, :tariff, :created_at, :created_by, :updated_at, :version, :sla_kind, :sla_target_min, :sla_ext_min, :sla_budget_ms, :sla_anchor_ms,
       :sla_met_ms, :sla_due_met_ms, :sla_deadline_ms, :sla_due_ms, :sla_sort_ms, :sla_rank, :sla_missing_year)`,
  );
  const updateTicket = db.prepare<[TicketRow]>(
    `UPDATE tickets SET priority = :priority, status = :status, queue_id = :queue_id, assignee_id = :assignee_id, assignee = :assignee, subject = :subject, description = :description,
       form = :form, updated_at = :updated_at, version = :version, sla_kind = :sla_kind, sla_target_min = :sla_target_min, sla_ext_min = :sla_ext_min,
       sla_budget_ms = :sla_budget_ms, sla_anchor_ms = :sla_anchor_ms, sla_met_ms = :sla_met_ms, sla_due_met_ms = :sla_due_met_ms,
       sla_deadline_ms = :sla_deadline_ms, sla_due_ms = :sla_due_ms, sla_sort_ms = :sla_sort_ms, sla_rank = :sla_rank, sla_missing_year = :sla_missing_year
     WHERE id = :id`,
  );
  const insertEvent = db.prepare<[string, string, string, string, string, string]>(
    'INSERT INTO ticket_events (id, ticket_id, at, actor, kind, data) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const queueById = db.prepare<[string], { id: string; name: string; department: string }>('SELECT id, name, department FROM queues WHERE id = ?');
  const insertLink = db.prepare<[string, string, string]>('INSERT OR IGNORE INTO ticket_links (ticket_id, other_id, created_at) VALUES (?, ?, ?)');
  const callById = db.prepare<[string], { id: string; contract_no: string | null; remote_number: string; ticket_id: string | null }>(
    'SELECT id, contract_no, remote_number, ticket_id FROM calls WHERE id = ?',
  );
  const insertTicketCall = db.prepare<[string, string, string]>('INSERT OR IGNORE INTO ticket_calls (ticket_id, call_id, linked_at) VALUES (?, ?, ?)');
  // The call log shows one linked ticket per call: the first one (later ones are in ticket_calls).
  const setCallTicket = db.prepare<[string, string]>('UPDATE calls SET ticket_id = coalesce(ticket_id, ?) WHERE id = ?');
  const insertAttachment = db.prepare<[ReturnType<typeof toAttachmentRow>]>(
    'INSERT INTO attachments (id, ticket_id, name, path, size, sha256, added_at, added_by) VALUES (:id, :ticket_id, :name, :path, :size, :sha256, :added_at, :added_by)',
  );
  const visitById = db.prepare<[string], VisitRow>('SELECT * FROM visits WHERE id = ?');
  const visitsInSlots = db.prepare<[string], VisitRow>(
    "SELECT * FROM visits INDEXED BY ix_visits_slot WHERE slot_start_ms IN (SELECT value FROM json_each(?)) AND status <> 'cancelled' ORDER BY slot_start_ms, created_at_ms",
  );
  const insertVisit = db.prepare<[VisitRow]>(
    `INSERT INTO visits (id, ticket_id, call_id, contract_no, holder_name, address, responsible, phone, intercom, problem_location, notes, desired_at_ms,
       priority, slot_start_ms, slot_end_ms, eta_from_ms, eta_to_ms, status, status_reason, cancelled_at_ms, cancel_billable, act_status, act_signed_by,
       act_at_ms, created_at_ms, created_by, technician_id)
     VALUES (:id, :ticket_id, :call_id, :contract_no, :holder_name, :address, :responsible, :phone, :intercom, :problem_location, :notes, :desired_at_ms,
       :priority, :slot_start_ms, :slot_end_ms, :eta_from_ms, :eta_to_ms, :status, :status_reason, :cancelled_at_ms, :cancel_billable, :act_status,
       :act_signed_by, :act_at_ms, :created_at_ms, :created_by, :technician_id)`,
  );
  const updateVisit = db.prepare<[VisitRow]>(
    `UPDATE visits SET slot_start_ms = :slot_start_ms, slot_end_ms = :slot_end_ms, eta_from_ms = :eta_from_ms, eta_to_ms = :eta_to_ms, status = :status,
       status_reason = :status_reason, cancelled_at_ms = :cancelled_at_ms, cancel_billable = :cancel_billable, act_status = :act_status,
       act_signed_by = :act_signed_by, act_at_ms = :act_at_ms, technician_id = :technician_id
     WHERE id = :id`,
  );
  const deskUserById = db.prepare<[string], { id: string; display_name: string; role: Role; disabled: 0 | 1 }>(
    'SELECT id, display_name, role, disabled FROM desk_users WHERE id = ?',
  );
  const bookRequest = db.prepare<[string]>("UPDATE visit_requests SET status = 'booked' WHERE call_id = ? AND status = 'new'");
  const claimById = db.prepare<[string], ClaimRow>('SELECT * FROM claims WHERE ticket_id = ?');
  const insertClaim = db.prepare<[ClaimRow]>(
    `INSERT INTO claims (ticket_id, holder_name, contract_no, phone, incident, incident_from, incident_to, specialist, answer_via, answer_address, signed,
       received_on, deadline, missing_year, answered_at, answer)
     VALUES (:ticket_id, :holder_name, :contract_no, :phone, :incident, :incident_from, :incident_to, :specialist, :answer_via, :answer_address, :signed,
       :received_on, :deadline, :missing_year, :answered_at, :answer)`,
  );
  const answerClaim = db.prepare<[string | null, string | null, string]>('UPDATE claims SET answered_at = ?, answer = ? WHERE ticket_id = ?');
  const callRowById = db.prepare<[string], CallRow>('SELECT * FROM calls WHERE id = ?');
  const insertCall = db.prepare<[CallRow]>(
    `INSERT INTO calls (id, sip_call_id, direction, remote_number, remote_rev, remote_name, line, offered_at, answered_at, ended_at, wait_ms, talk_ms,
       operator, contract_no, verified, outcome, wrap_up_code, note, ticket_id, escalated_at, caller_staff, decisions)
     VALUES (:id, :sip_call_id, :direction, :remote_number, :remote_rev, :remote_name, :line, :offered_at, :answered_at, :ended_at, :wait_ms, :talk_ms,
       :operator, :contract_no, :verified, :outcome, :wrap_up_code, :note, :ticket_id, :escalated_at, :caller_staff, :decisions)`,
  );
  // The fields a call's life changes (CallPatch); the offer's own fields and ticket_id stay.
  const updateCall = db.prepare<[CallRow]>(
    `UPDATE calls SET answered_at = :answered_at, ended_at = :ended_at, wait_ms = :wait_ms, talk_ms = :talk_ms, contract_no = :contract_no,
       verified = :verified, outcome = :outcome, wrap_up_code = :wrap_up_code, note = :note, escalated_at = :escalated_at,
       caller_staff = :caller_staff, decisions = :decisions
     WHERE id = :id`,
  );
  const visitRequestByCall = db.prepare<[string], VisitRequestRow>(
    'SELECT * FROM visit_requests INDEXED BY ix_visit_requests_call WHERE call_id = ? ORDER BY created_at LIMIT 1',
  );
  const insertVisitRequest = db.prepare<[VisitRequestRow]>(
    `INSERT INTO visit_requests (id, call_id, contract_no, holder_name, phone, address, notes, created_at, status)
     VALUES (:id, :call_id, :contract_no, :holder_name, :phone, :address, :notes, :created_at, :status)`,
  );
  const insertRedirect = db.prepare<[RedirectRecord]>(
    `INSERT INTO redirects (id, contract_no, phone, reason, redirect_label, redirect_phone, recorded_at)
     VALUES (:id, :contractNo, :phone, :reason, :redirectLabel, :redirectPhone, :recordedAt)`,
  );

  const toRow = (t: TicketRecord): TicketRow => toTicketRow(sla, t);

  function getTicket(id: string): TicketRecord | null {
    const r = ticketById.get(id);
    return r ? toTicketRecord(r) : null;
  }

  function getVisit(id: string): VisitRecord | null {
    const r = visitById.get(id);
    return r ? toVisitRecord(r) : null;
  }

  return {
    writes: () => writes,
    getTicket,
    insertTicket(t) {
      insertTicket.run(toRow(t));
      writes++;
    },
    patchTicket(id, patch, at) {
      const cur = getTicket(id);
      if (!cur) throw new Error(`patchTicket: no ticket ${id}`);
      const next: TicketRecord = { ...cur, ...patch, updatedAt: Math.max(at, cur.updatedAt), version: cur.version + 1 };
      updateTicket.run(toRow(next));
      writes++;
      return next;
    },
    appendEvent(e) {
      insertEvent.run(e.id, e.ticketId, iso(e.at), e.actor, e.kind, JSON.stringify(e.data));
      writes++;
    },
    nextTicketNumber() {
      // R-TKT-NOTIFY: "<seat>-<seq>"; the seat is picked once per console (10–99), the sequence
      // counts inside the transaction of the ticket that takes it.
      let seat = settings.get(SEAT_KEY);
      if (seat === null || !/^\d{2}$/.test(seat)) {
        seat = String(10 + Math.floor(random() * 90));
        settings.set(SEAT_KEY, seat);
      }
      let seq = Number(settings.get(SEQ_KEY) ?? '0');
      if (!Number.isSafeInteger(seq) || seq < 0) seq = 0;
      let number: string;
      do number = formatTicketNumber(seat, ++seq);
      while (numberTaken.get(number)); // a restored or copied database must not hand out a number twice
      settings.set(SEQ_KEY, String(seq));
      return number;
    },
    getQueue: (id) => queueById.get(id) ?? null,
    linkTickets(a, b, at) {
      const when = iso(at);
      const n = insertLink.run(a, b, when).changes + insertLink.run(b, a, when).changes;
      if (n > 0) writes++;
      return n > 0;
    },
    getCall(id) {
      const r = callById.get(id);
      return r ? { id: r.id, contractNo: r.contract_no, remoteNumber: r.remote_number, ticketId: r.ticket_id } : null;
    },
    linkCall(ticketId, callId, at) {
      if (insertTicketCall.run(ticketId, callId, iso(at)).changes === 0) return false;
      setCallTicket.run(ticketId, callId);
      writes++;
      return true;
    },
    insertAttachment(a) {
      insertAttachment.run(toAttachmentRow(a));
      writes++;
    },
    getVisit,
    visitsInSlots: (starts) => (starts.length === 0 ? [] : visitsInSlots.all(JSON.stringify(starts)).map(toVisitRecord)),
    insertVisit(v) {
      insertVisit.run(toVisitRow(v));
      writes++;
    },
    patchVisit(id, patch: VisitPatch) {
      const cur = getVisit(id);
      if (!cur) throw new Error(`patchVisit: no visit ${id}`);
      const next: VisitRecord = { ...cur, ...patch };
      updateVisit.run(toVisitRow(next));
      writes++;
      return next;
    },
    markVisitRequestBooked(callId) {
      if (bookRequest.run(callId).changes > 0) writes++;
    },
    getClaim(ticketId) {
      const r = claimById.get(ticketId);
      return r ? toClaimRecord(r) : null;
    },
    insertClaim(c) {
      insertClaim.run(toClaimRow(c));
      writes++;
    },
    patchClaim(ticketId, patch) {
      const cur = claimById.get(ticketId);
      if (!cur) throw new Error(`patchClaim: no claim ${ticketId}`);
      const answeredAt = patch.answeredAt === undefined ? cur.answered_at : patch.answeredAt === null ? null : iso(patch.answeredAt);
      answerClaim.run(answeredAt, patch.answer === undefined ? cur.answer : patch.answer, ticketId);
      writes++;
    },
    getCallRecord(id) {
      const r = callRowById.get(id);
      return r ? toCallRecord(r) : null;
    },
    insertCall(c) {
      insertCall.run(toCallRow(c));
      writes++;
    },
    patchCall(id, patch) {
      const r = callRowById.get(id);
      if (!r) throw new Error(`patchCall: no call ${id}`);
      const next: CallRecord = { ...toCallRecord(r), ...patch };
      updateCall.run(toCallRow(next));
      writes++;
      return next;
    },
    visitRequestForCall(callId) {
      const r = visitRequestByCall.get(callId);
      return r ? toVisitRequest(r) : null;
    },
    insertVisitRequest(v) {
      insertVisitRequest.run({
        id: v.id,
        call_id: v.callId,
        contract_no: v.contractNo,
        holder_name: v.holderName,
        phone: v.phone,
        address: v.address,
        notes: v.notes,
        created_at: v.createdAt,
        status: v.status,
      });
      writes++;
    },
    getDeskUser(id) {
      const u = deskUserById.get(id);
      return u ? { id: u.id, displayName: u.display_name, role: u.role, disabled: u.disabled === 1 } : null;
    },
    insertRedirect(r) {
      insertRedirect.run(r);
      writes++;
    },
  };
}
