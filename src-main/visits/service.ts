/**
 * Handlers of the visits channels: the one-round-trip prefill of the visit form with its slots
 * (R-VIS-FORM, R-CALL-15 from a call, or from a ticket), slots, booking with the queue moves to
 * notify (R-VIS-QUEUE) and the script line, cancellation (R-VIS-CANCEL), the technician's steps,
 * the act (R-VIS-ACT) and the list by Moscow dates.
 */
import type { Locale } from '../../src-shared/domain/values';
import { uuidv7 } from '../../src-shared/ids';
import { normalizeContractNo } from '../../src-shared/domain/identification';
import { normalizePhone } from '../../src-shared/domain/phone';
import { etaWindow, proposeSlots, visitScript, type ProposedSlot } from '../../src-shared/domain/visits';
import type { Priority } from '../../src-shared/domain/tickets';
import { AppError } from '../../src-shared/ipc/envelope';
import type { VisitDraft, VisitMove, VisitSlot } from '../../src-shared/ipc/ticketSchemas';
import { calendared, trimOrNull } from '../../src-shared/mutators/common';
import { planClock } from '../../src-shared/mutators/clock';
import { MutationError, type MutationContext } from '../../src-shared/mutators/index';
import type { ProductionCalendar } from '../../src-shared/worktime/calendar';
import { endOfMoscowDay, moscowMidnight } from '../../src-shared/worktime/moscow';
import { dueAt, startClock } from '../../src-shared/worktime/sla';
import type { CallLogRepo } from '../calls/repo';
import type { DirectoryLookup } from '../calls/service';
import type { VisitRequestsRepo } from './requests';
import type { DeskPeople } from './people';
import type { ServerStatus } from '../../src-shared/ipc/server';
import type { ChannelsOf, Handlers } from '../ipc/dispatch';
import type { ContractLookup } from '../mutations/index';
import { iso, type VisitRow } from '../tickets/rows';
import type { SlaCache } from '../sla/cache';
import type { TicketsRepo } from '../tickets/repo';
import type { TicketViews } from '../tickets/views';
import type { TicketWrite } from '../tickets/write';
import { errorReason } from '../../src-shared/text/errors';

/** The channels this module serves: the contract's visits part (src-shared/ipc/visits.ts) and the visit requests of calls. */
export type VisitsChannel = ChannelsOf<'visits'>;

const DAY_MS = 86_400_000;
/** How far ahead booked visits are read for slot proposals (5 working days can span the New Year holidays). */
const LOOKAHEAD_MS = 40 * DAY_MS;

/** R-VIS-FORM: a mobile number preferred (+79…), else the first usable one. */
export function pickContactPhone(candidates: readonly (string | null | undefined)[]): string {
  const normalized = candidates.flatMap((c) => {
    const t = trimOrNull(c);
    if (t === null) return [];
    const p = normalizePhone(t);
    return [p.ok ? p.e164 : t];
  });
  return normalized.find((p) => /^\+79\d{9}$/.test(p)) ?? normalized.find((p) => p.startsWith('+')) ?? normalized[0] ?? '';
}

function formNotes(form: string | null, description: string): string {
  if (form !== null) {
    const f = JSON.parse(form) as { doing: string; expected: string; actual: string };
    const lines = [f.doing && `Что делаю: ${f.doing}`, f.expected && `Что ожидаю: ${f.expected}`, f.actual && `Что получаю: ${f.actual}`].filter(Boolean);
    if (lines.length > 0) return lines.join('\n');
  }
  return description;
}

export function createVisitsService(deps: {
  repo: TicketsRepo;
  views: TicketViews;
  write: TicketWrite;
  sla: Pick<SlaCache, 'profile' | 'view' | 'workingTime'>;
  calendar: ProductionCalendar;
  now: () => Date;
  locale: () => Locale;
  /** The mutators' context (the reaction clock a visit from a call would get, R-SLA-REACT). */
  context: (at: number, mutationId: string) => MutationContext;
  contract: ContractLookup;
  /** Contract numbers on an E.164 phone (R-ID-PHONE; several on a shared phone). */
  contractsByPhone: DirectoryLookup['contractsByPhone'];
  calls: Pick<CallLogRepo, 'get'>;
  requests: Pick<VisitRequestsRepo, 'forCall' | 'list'>;
  people: Pick<DeskPeople, 'technicians'>;
  /** The signed-in desk-server user (null: no server, or signed out). */
  deskUser: () => ServerStatus['user'];
}): Pick<Handlers, VisitsChannel> {
  const { repo, views, sla, calls, requests, write } = deps;
  const nowMs = () => deps.now().getTime();

  /** The reaction due of a ticket created now (R-SLA-REACT, R-SLA-DUTY) for a visit from a call. */
  function dueIfCreatedNow(tariff: string | null, priority: Priority, now: number): { due: number | null; missingYear: number | null } {
    const ctx = deps.context(now, 'prefill');
    let plan;
    try {
      plan = planClock(ctx, 'visit', tariff, priority);
    } catch (err) {
      if (err instanceof MutationError) return { due: null, missingYear: null };
      throw err;
    }
    if (plan.targetMinutes === null) return { due: null, missingYear: null };
    const r = calendared(() => dueAt(sla.workingTime(plan.kind), startClock(now, plan.targetMinutes, plan.kind)));
    return r.ok ? { due: r.value, missingYear: null } : { due: null, missingYear: r.missingYear };
  }

  function dueOfTicket(ticketId: string, now: number): { due: number | null; missingYear: number | null } {
    const r = repo.row(ticketId);
    if (!r) throw new AppError('NOT_FOUND', `no ticket ${ticketId}`, undefined, errorReason('ticketNotFound'));
    const v = sla.view(r, now);
    if (v.state === 'no-calendar') return { due: null, missingYear: v.missingYear };
    return { due: (v.state === 'running' || v.state === 'breached') && v.dueAt !== null ? Date.parse(v.dueAt) : null, missingYear: null };
  }

  function slots(opts: { tariff: string | null; now: number; fromDate?: string | undefined; days: number; dueAt: number | null; priority: Priority }): {
    slots: VisitSlot[];
    missingYear: number | null;
  } {
    const booked = repo.visitsBetween(
      opts.now - DAY_MS,
      opts.now + LOOKAHEAD_MS + (opts.fromDate ? Math.max(0, moscowMidnight(opts.fromDate) - opts.now) : 0),
      false,
    );
    const byId = new Map(booked.map((v) => [v.id, v]));
    const numbers = new Map(repo.numbersOf([...new Set(booked.map((v) => v.ticket_id))]).map((t) => [t.id, t.number]));
    const propose = (days: number) =>
      calendared(() =>
        proposeSlots(deps.calendar, sla.profile(), {
          tariff: opts.tariff,
          now: opts.now,
          ...(opts.fromDate ? { fromDate: opts.fromDate } : {}),
          days,
          dueAt: opts.dueAt,
          priority: opts.priority,
          booked: booked.map((v) => ({ id: v.id, slotStart: v.slot_start_ms, priority: v.priority, createdAt: v.created_at_ms })),
        }),
      );
    // Near the end of the calendar data the days run into a missing year: offer the days that
    // exist, and say which year is missing (never guess working days).
    let r = propose(opts.days);
    let missingYear: number | null = null;
    for (let days = opts.days - 1; !r.ok && days > 0; days--) {
      missingYear ??= r.missingYear;
      r = propose(days);
    }
    if (!r.ok) return { slots: [], missingYear: missingYear ?? r.missingYear };
    const toSlot = (s: ProposedSlot): VisitSlot => ({
      start: iso(s.start),
      end: iso(s.end),
      etaFrom: iso(s.etaFrom),
      etaTo: iso(s.etaTo),
      meetsReaction: s.meetsReaction,
      free: s.free,
      moves: s.moves.flatMap((m) => {
        const v = byId.get(m.id);
        return v ? [move(v, m.to, numbers.get(v.ticket_id) ?? '', m.from)] : [];
      }),
    });
    return { slots: r.value.map(toSlot), missingYear };
  }

  function move(v: VisitRow, to: number, ticketNumber: string, from = v.slot_start_ms): VisitMove {
    const eta = etaWindow(to);
    return {
      visitId: v.id,
      ticketNumber,
      holderName: v.holder_name,
      phone: v.phone,
      fromStart: iso(from),
      toStart: iso(to),
      toEtaFrom: iso(eta.from),
      toEtaTo: iso(eta.to),
    };
  }

  function mustVisitRow(id: string): VisitRow {
    const v = repo.visit(id);
    if (!v) throw new AppError('NOT_FOUND', `no visit ${id}`, undefined, errorReason('visitNotFound'));
    return v;
  }

  return {
    'visits:prefill': ({ callId, ticketId, priority }) => {
      if (callId === null && ticketId === null) throw new AppError('VALIDATION', 'give a callId (R-CALL-15) or a ticketId to prefill the visit');
      const now = nowMs();
      let draft: VisitDraft;
      let due: { due: number | null; missingYear: number | null };
      if (ticketId !== null) {
        const t = repo.row(ticketId);
        if (!t) throw new AppError('NOT_FOUND', `no ticket ${ticketId}`, undefined, errorReason('ticketNotFound'));
        const contract = t.contract_no === null ? null : deps.contract(t.contract_no);
        const holder = t.holder_name ?? contract?.holderName ?? null;
        draft = {
          ticketId,
          callId,
          contractNo: t.contract_no,
          holderName: holder,
          tariff: t.tariff,
          address: contract?.address ?? '',
          responsible: holder ?? '',
          phone: pickContactPhone([t.phone, ...(contract?.phones ?? [])]),
          intercom: '',
          problemLocation: '',
          notes: formNotes(t.form, t.description),
          priority: priority ?? t.priority,
        };
        due = dueOfTicket(ticketId, now);
      } else {
        const id = callId as string;
        const call = calls.get(id);
        if (!call) throw new AppError('NOT_FOUND', `call ${id} is not in the call log`, undefined, errorReason('callNotFound'));
        // calls:escalate stored a request prefilled from the call (R-CALL-15): it wins.
        const request = requests.forCall(id);
        // Not identified on the call: the caller's number names the contract when it is the only one (R-ID-PHONE).
        const byPhone = call.remoteNumber.startsWith('+') ? deps.contractsByPhone(call.remoteNumber) : [];
        const contractNo = request?.contractNo ?? call.contractNo ?? (byPhone.length === 1 ? (byPhone[0] ?? null) : null);
        const contract = contractNo === null ? null : deps.contract(contractNo);
        const holder = request?.holderName ?? contract?.holderName ?? null;
        const tariff = trimOrNull(contract?.tariff);
        draft = {
          ticketId: null,
          callId: id,
          contractNo,
          holderName: holder,
          tariff,
          address: request?.address ?? contract?.address ?? '',
          responsible: holder ?? '',
          phone: pickContactPhone([request?.phone, call.remoteNumber, ...(contract?.phones ?? [])]),
          intercom: '',
          problemLocation: '',
          notes: request?.notes ?? '',
          priority: priority ?? 3,
        };
        due = dueIfCreatedNow(tariff, draft.priority, now);
      }
      const s = slots({ tariff: draft.tariff, now, days: 5, dueAt: due.due, priority: draft.priority });
      return { draft, slots: s.slots, reactionDueAt: due.due === null ? null : iso(due.due), calendarMissingYear: due.missingYear ?? s.missingYear };
    },

    'visits:slots': ({ contractNo, tariff, priority, ticketId, fromDate, days }) => {
      const now = nowMs();
      const t = ticketId === null ? null : repo.row(ticketId);
      if (ticketId !== null && !t) throw new AppError('NOT_FOUND', `no ticket ${ticketId}`, undefined, errorReason('ticketNotFound'));
      const contract = contractNo === null || contractNo.trim() === '' ? null : deps.contract(normalizeContractNo(contractNo));
      const effectiveTariff = trimOrNull(tariff) ?? t?.tariff ?? trimOrNull(contract?.tariff);
      const due = t ? dueOfTicket(t.id, now) : dueIfCreatedNow(effectiveTariff, priority, now);
      const s = slots({ tariff: effectiveTariff, now, fromDate, days, dueAt: due.due, priority });
      return { slots: s.slots, reactionDueAt: due.due === null ? null : iso(due.due), calendarMissingYear: due.missingYear ?? s.missingYear };
    },

    'visits:book': (input) => {
      const args = { ...input, newTicketId: input.newTicketId ?? (input.ticketId === null ? uuidv7(nowMs()) : undefined) };
      const r = write('visit.book', args);
      const v = mustVisitRow(r.visitId);
      const number = repo.summary(r.ticketId)?.number ?? '';
      const movedRows = r.moved.flatMap((m) => {
        const row = repo.visit(m.visitId);
        return row ? [{ row, m }] : [];
      });
      const numbers = new Map(repo.numbersOf(movedRows.map((x) => x.row.ticket_id)).map((t) => [t.id, t.number]));
      return {
        visit: views.visit(v, number),
        ticket: views.ticket(r.ticketId, nowMs()),
        moved: movedRows.map(({ row, m }) => move(row, m.to, numbers.get(row.ticket_id) ?? '', m.from)),
        script: visitScript(deps.locale(), v.slot_start_ms),
      };
    },

    'visits:cancel': (input) => {
      const r = write('visit.cancel', input);
      return { visit: views.visit(mustVisitRow(r.visitId)), billable: r.billable };
    },
    'visits:setStatus': (input) => views.visit(mustVisitRow(write('visit.setStatus', input).visitId)),
    'visits:act': (input) => views.visit(mustVisitRow(write('visit.act', input).visitId)),
    'visits:assign': (input) => views.visit(mustVisitRow(write('visit.assign', input).visitId)),
    'visits:technicians': () => {
      const user = deps.deskUser();
      if (user === null) return { synced: false, canAssign: false, technicians: [] };
      // Only what the server would accept is offered (src-server/sync/authorize.ts decides).
      const canAssign = user.role === 'shift-lead' || user.role === 'admin';
      return { synced: true, canAssign, technicians: canAssign ? deps.people.technicians() : [] };
    },

    'visits:list': ({ fromDate, toDate, includeCancelled }) => {
      if (toDate < fromDate) throw new AppError('VALIDATION', 'toDate is before fromDate');
      const rows = repo.visitsBetween(moscowMidnight(fromDate), endOfMoscowDay(toDate), includeCancelled);
      const numbers = new Map(repo.numbersOf([...new Set(rows.map((v) => v.ticket_id))]).map((t) => [t.id, t.number]));
      return rows.map((v) => views.visit(v, numbers.get(v.ticket_id) ?? ''));
    },

    // R-CALL-15: the requests stored by calls:escalate, newest first.
    'visits:requests': () => requests.list(),
  };
}
