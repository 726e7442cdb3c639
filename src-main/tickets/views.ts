/**
 * Rows → the contract's DTOs (src-shared/ipc/ticketSchemas.ts): list summaries with their live SlaView,
 * the full ticket with history, visits, claim, and the ready customer message (R-TKT-NOTIFY).
 */
import type { ClaimView, SlaView, Ticket, TicketEvent, TicketSummary, Visit } from '../../src-shared/ipc/ticketSchemas';
import { formatIsoDate, formatMoscow } from '../../src-shared/worktime/moscow';
import { AppError } from '../../src-shared/ipc/envelope';
import type { TicketsRepo } from './repo';
import { iso, isoOrNull, type ClaimRow, type SummaryRow, type VisitRow } from './rows';
import type { SlaCache } from '../sla/cache';
import type { Locale } from '../../src-shared/domain/values';
import { errorReason } from '../../src-shared/text/errors';

export function createTicketViews(deps: {
  repo: TicketsRepo;
  sla: SlaCache;
  locale: () => Locale;
  /** A desk user's display name (the synced people), for a visit's technician. */
  personName: (id: string) => string | null;
}) {
  const { repo, sla } = deps;

  function summary(r: SummaryRow, now: number): TicketSummary {
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
      createdAt: r.created_at,
      createdBy: r.created_by,
      updatedAt: r.updated_at,
      sla: sla.view(r, now),
    };
  }

  function ticket(id: string, now: number): Ticket {
    const r = repo.row(id);
    if (!r) throw new AppError('NOT_FOUND', `no ticket ${id}`, undefined, errorReason('ticketNotFound'));
    const s = summary(r, now);
    const claimRow = repo.claim(id);
    const claim = claimRow ? claimView(claimRow) : null;
    return {
      ...s,
      department: repo.queue(r.queue_id)?.department ?? '',
      description: r.description,
      form: r.form === null ? null : (JSON.parse(r.form) as Ticket['form']),
      related: repo.related(id),
      attachments: repo
        .attachments(id)
        .map((a) => ({ id: a.id, name: a.name, path: a.path, size: a.size, sha256: a.sha256, addedAt: a.added_at, addedBy: a.added_by })),
      history: repo.events(id).map((e): TicketEvent => ({
        id: e.id,
        ticketId: e.ticket_id,
        at: e.at,
        actor: e.actor,
        kind: e.kind as TicketEvent['kind'],
        data: JSON.parse(e.data) as Record<string, unknown>,
      })),
      calls: repo.calls(id).map((c) => ({
        id: c.id,
        direction: c.direction,
        remoteNumber: c.remote_number,
        offeredAt: c.offered_at,
        talkMs: c.talk_ms,
        operator: c.operator,
        outcome: c.outcome,
      })),
      visits: repo.visitsOfTicket(id).map((v) => visit(v, r.number)),
      claim,
      customerMessage: customerMessage(deps.locale(), r.number, s.sla, claim),
      version: r.version,
    };
  }

  function visit(v: VisitRow, ticketNumber?: string): Visit {
    return {
      id: v.id,
      ticketId: v.ticket_id,
      ticketNumber: ticketNumber ?? repo.summary(v.ticket_id)?.number ?? '',
      callId: v.call_id,
      contractNo: v.contract_no,
      holderName: v.holder_name,
      address: v.address,
      responsible: v.responsible,
      phone: v.phone,
      intercom: v.intercom,
      problemLocation: v.problem_location,
      notes: v.notes,
      desiredAt: isoOrNull(v.desired_at_ms),
      priority: v.priority,
      slotStart: iso(v.slot_start_ms),
      slotEnd: iso(v.slot_end_ms),
      etaFrom: iso(v.eta_from_ms),
      etaTo: iso(v.eta_to_ms),
      status: v.status,
      statusReason: v.status_reason,
      cancelledAt: isoOrNull(v.cancelled_at_ms),
      cancelBillable: v.cancel_billable === 1,
      act: { status: v.act_status, signedBy: v.act_signed_by, at: isoOrNull(v.act_at_ms) },
      createdAt: iso(v.created_at_ms),
      createdBy: v.created_by,
      technicianId: v.technician_id,
      technicianName: v.technician_id === null ? null : deps.personName(v.technician_id),
    };
  }

  return { summary, ticket, visit };
}
export type TicketViews = ReturnType<typeof createTicketViews>;

export function claimView(c: ClaimRow): ClaimView {
  return {
    holderName: c.holder_name,
    contractNo: c.contract_no,
    phone: c.phone,
    incident: c.incident,
    incidentFrom: c.incident_from,
    incidentTo: c.incident_to,
    specialist: c.specialist,
    answerVia: c.answer_via,
    answerAddress: c.answer_address,
    signed: c.signed === 1,
    receivedOn: c.received_on,
    deadline: c.deadline,
    missingYear: c.missing_year,
    answeredAt: c.answered_at,
  };
}

/**
 * R-TKT-NOTIFY: the message the operator sends (or reads out) with the number, in the UI language.
 * The reaction deadline is named only while the clock runs; a claim names its answer deadline.
 */
export function customerMessage(locale: Locale, number: string, s: SlaView, claim: ClaimView | null): string {
  if (claim) {
    if (locale === 'en') return `Your claim No. ${number} has been registered.${claim.deadline ? ` We will answer by ${formatIsoDate(claim.deadline)}.` : ''}`;
    return `Ваша претензия № ${number} принята.${claim.deadline ? ` Ответ — до ${formatIsoDate(claim.deadline)}.` : ''}`;
  }
  const due = s.state === 'running' && s.dueAt !== null ? formatMoscow(Date.parse(s.dueAt)) : null;
  if (locale === 'en') return `Your request No. ${number} has been registered.${due ? ` Response time: by ${due} (Moscow time).` : ''}`;
  return `Ваша заявка № ${number} принята.${due ? ` Срок реакции — до ${due} (МСК).` : ''}`;
}
