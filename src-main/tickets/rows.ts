/**
 * Rows of migration 0040 ↔ the mutators' records (src-shared/mutators/types.ts). Instants are ISO
 * text where people read them in the table (created_at, updated_at) and epoch ms where the SLA
 * and slot engines compute with them.
 */
import type { Priority, TicketChannel, TicketStatus, TicketType } from '../../src-shared/domain/tickets';
import type { AnswerVia } from '../../src-shared/domain/claims';
import type { ActStatus, VisitStatus } from '../../src-shared/domain/visits';
import type { AttachmentRecord, ClaimRecord, ProblemFormRecord, TicketRecord, VisitRecord } from '../../src-shared/mutators/index';
import type { ScheduleKind } from '../../src-shared/worktime/schedule';
import type { SlaClock } from '../../src-shared/worktime/sla';

/** The clock columns (what recomputeSla reads) and the derived ones. */
export type SlaColumns = {
  sla_kind: ScheduleKind;
  sla_target_min: number | null;
  sla_ext_min: number;
  sla_budget_ms: number | null;
  sla_anchor_ms: number | null;
  sla_met_ms: number | null;
  sla_due_met_ms: number | null;
  sla_deadline_ms: number | null;
  sla_due_ms: number | null;
  sla_sort_ms: number | null;
  sla_rank: 0 | 1 | 2;
  sla_missing_year: number | null;
};

export type TicketRow = SlaColumns & {
  id: string;
  number: string;
  type: TicketType;
  priority: Priority;
  status: TicketStatus;
  channel: TicketChannel;
  queue_id: string;
  assignee_id: string | null;
  assignee: string | null;
  contract_no: string | null;
  holder_name: string | null;
  phone: string | null;
  phone_rev: string | null;
  serial: string | null;
  subject: string;
  description: string;
  form: string | null;
  tariff: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  version: number;
};

/** The columns a list row needs (no description / form). */
export const SUMMARY_COLUMNS = [
  'id',
  'number',
  'type',
  'priority',
  'status',
  'channel',
  'queue_id',
  'assignee_id',
  'assignee',
  'contract_no',
  'holder_name',
  'phone',
  'serial',
  'subject',
  'created_at',
  'created_by',
  'updated_at',
  'version',
  'tariff',
  'sla_kind',
  'sla_target_min',
  'sla_ext_min',
  'sla_budget_ms',
  'sla_anchor_ms',
  'sla_met_ms',
  'sla_due_met_ms',
  'sla_deadline_ms',
  'sla_due_ms',
  'sla_sort_ms',
  'sla_rank',
  'sla_missing_year',
].join(', ');
export type SummaryRow = Omit<TicketRow, 'description' | 'form' | 'phone_rev'>;

export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

/** The engine's clock from the row, or null when the ticket runs on a deadline (claims). */
export function clockOf(r: SlaColumns): SlaClock | null {
  if (r.sla_budget_ms === null) return null;
  return {
    kind: r.sla_kind,
    targetMinutes: r.sla_target_min,
    extendedMinutes: r.sla_ext_min,
    budgetMs: r.sla_budget_ms,
    anchorAt: r.sla_anchor_ms,
    metAt: r.sla_met_ms,
    dueAtMet: r.sla_due_met_ms,
  };
}

export function toTicketRecord(r: TicketRow): TicketRecord {
  const sla = clockOf(r);
  return {
    id: r.id,
    number: r.number,
    type: r.type,
    priority: r.priority,
    status: r.status,
    channel: r.channel,
    queueId: r.queue_id,
    assigneeId: r.assignee_id,
    assignee: r.assignee,
    contractNo: r.contract_no,
    holderName: r.holder_name,
    phone: r.phone,
    serial: r.serial,
    subject: r.subject,
    description: r.description,
    form: r.form === null ? null : (JSON.parse(r.form) as ProblemFormRecord),
    tariff: r.tariff,
    createdAt: Date.parse(r.created_at),
    createdBy: r.created_by,
    updatedAt: Date.parse(r.updated_at),
    version: r.version,
    sla,
    deadline: sla === null ? { dueMs: r.sla_deadline_ms, missingYear: r.sla_missing_year, metAt: r.sla_met_ms } : null,
  };
}

/** The stored clock columns of a record (the derived ones come from src-main/tickets/sla.ts). */
export function clockColumns(t: Pick<TicketRecord, 'sla' | 'deadline'>): Omit<SlaColumns, 'sla_due_ms' | 'sla_sort_ms' | 'sla_rank' | 'sla_missing_year'> {
  const c = t.sla;
  if (c !== null) {
    return {
      sla_kind: c.kind,
      sla_target_min: c.targetMinutes,
      sla_ext_min: c.extendedMinutes,
      sla_budget_ms: c.budgetMs,
      sla_anchor_ms: c.anchorAt,
      sla_met_ms: c.metAt,
      sla_due_met_ms: c.dueAtMet,
      sla_deadline_ms: null,
    };
  }
  // A deadline is counted in the desk's working time (R-CLAIM: working days).
  return {
    sla_kind: 'desk',
    sla_target_min: null,
    sla_ext_min: 0,
    sla_budget_ms: null,
    sla_anchor_ms: null,
    sla_met_ms: t.deadline?.metAt ?? null,
    sla_due_met_ms: null,
    sla_deadline_ms: t.deadline?.dueMs ?? null,
  };
}

export type VisitRow = {
  id: string;
  ticket_id: string;
  call_id: string | null;
  contract_no: string | null;
  holder_name: string | null;
  address: string;
  responsible: string;
  phone: string;
  intercom: string;
  problem_location: string;
  notes: string;
  desired_at_ms: number | null;
  priority: Priority;
  slot_start_ms: number;
  slot_end_ms: number;
  eta_from_ms: number;
  eta_to_ms: number;
  status: VisitStatus;
  status_reason: string | null;
  cancelled_at_ms: number | null;
  cancel_billable: 0 | 1;
  act_status: ActStatus;
  act_signed_by: string | null;
  act_at_ms: number | null;
  created_at_ms: number;
  created_by: string;
  technician_id: string | null;
};

export function toVisitRecord(r: VisitRow): VisitRecord {
  return {
    id: r.id,
    ticketId: r.ticket_id,
    callId: r.call_id,
    contractNo: r.contract_no,
    holderName: r.holder_name,
    address: r.address,
    responsible: r.responsible,
    phone: r.phone,
    intercom: r.intercom,
    problemLocation: r.problem_location,
    notes: r.notes,
    desiredAt: r.desired_at_ms,
    priority: r.priority,
    slotStart: r.slot_start_ms,
    slotEnd: r.slot_end_ms,
    etaFrom: r.eta_from_ms,
    etaTo: r.eta_to_ms,
    status: r.status,
    statusReason: r.status_reason,
    cancelledAt: r.cancelled_at_ms,
    cancelBillable: r.cancel_billable === 1,
    actStatus: r.act_status,
    actSignedBy: r.act_signed_by,
    actAt: r.act_at_ms,
    createdAt: r.created_at_ms,
    createdBy: r.created_by,
    technicianId: r.technician_id,
  };
}

export function toVisitRow(v: VisitRecord): VisitRow {
  return {
    id: v.id,
    ticket_id: v.ticketId,
    call_id: v.callId,
    contract_no: v.contractNo,
    holder_name: v.holderName,
    address: v.address,
    responsible: v.responsible,
    phone: v.phone,
    intercom: v.intercom,
    problem_location: v.problemLocation,
    notes: v.notes,
    desired_at_ms: v.desiredAt,
    priority: v.priority,
    slot_start_ms: v.slotStart,
    slot_end_ms: v.slotEnd,
    eta_from_ms: v.etaFrom,
    eta_to_ms: v.etaTo,
    status: v.status,
    status_reason: v.statusReason,
    cancelled_at_ms: v.cancelledAt,
    cancel_billable: v.cancelBillable ? 1 : 0,
    act_status: v.actStatus,
    act_signed_by: v.actSignedBy,
    act_at_ms: v.actAt,
    created_at_ms: v.createdAt,
    created_by: v.createdBy,
    technician_id: v.technicianId,
  };
}

export type ClaimRow = {
  ticket_id: string;
  holder_name: string;
  contract_no: string;
  phone: string;
  incident: string;
  incident_from: string;
  incident_to: string | null;
  specialist: string;
  answer_via: AnswerVia;
  answer_address: string;
  signed: 0 | 1;
  received_on: string;
  deadline: string | null;
  missing_year: number | null;
  answered_at: string | null;
  answer: string | null;
};

export function toClaimRecord(r: ClaimRow): ClaimRecord {
  return {
    ticketId: r.ticket_id,
    holderName: r.holder_name,
    contractNo: r.contract_no,
    phone: r.phone,
    incident: r.incident,
    incidentFrom: r.incident_from,
    incidentTo: r.incident_to,
    specialist: r.specialist,
    answerVia: r.answer_via,
    answerAddress: r.answer_address,
    signed: r.signed === 1,
    receivedOn: r.received_on,
    deadline: r.deadline,
    missingYear: r.missing_year,
    answeredAt: r.answered_at === null ? null : Date.parse(r.answered_at),
    answer: r.answer,
  };
}

export function toClaimRow(c: ClaimRecord): ClaimRow {
  return {
    ticket_id: c.ticketId,
    holder_name: c.holderName,
    contract_no: c.contractNo,
    phone: c.phone,
    incident: c.incident,
    incident_from: c.incidentFrom,
    incident_to: c.incidentTo,
    specialist: c.specialist,
    answer_via: c.answerVia,
    answer_address: c.answerAddress,
    signed: c.signed ? 1 : 0,
    received_on: c.receivedOn,
    deadline: c.deadline,
    missing_year: c.missingYear,
    answered_at: isoOrNull(c.answeredAt),
    answer: c.answer,
  };
}

export type AttachmentRow = { id: string; ticket_id: string; name: string; path: string; size: number; sha256: string; added_at: string; added_by: string };

export function toAttachmentRow(a: AttachmentRecord): AttachmentRow {
  return { id: a.id, ticket_id: a.ticketId, name: a.name, path: a.path, size: a.size, sha256: a.sha256, added_at: iso(a.addedAt), added_by: a.addedBy };
}
