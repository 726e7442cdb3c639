/**
 * Technician visit mutations (DOMAIN.md "Technician visits"): booking into a slot of the visit
 * window with the ±1 h ETA and the priority queue that moves lower-priority visits (R-VIS-WINDOW,
 * R-VIS-ETA, R-VIS-QUEUE), cancellation terms (R-VIS-CANCEL), the technician's status steps and
 * the signed act (R-VIS-ACT). Booking without a ticket creates the visit ticket in the same mutation.
 */
import { normalizeContractNo } from '../domain/identification';
import { SLOT_MS, cancellationTerms, etaWindow, planQueue, slotStartsOn, type BookedVisit } from '../domain/visits';
import { visitsRequests } from '../ipc/visits';
import { addDays } from '../worktime/calendar';
import { formatMoscow, moscowDate, moscowMidnight } from '../worktime/moscow';
import { assertSameCreate, calendared, eventWriter, mustTicket, mustVisit, trimOrNull } from './common';
import { TicketNumberSchema, insertNewTicket } from './tickets';
import { verdictGate } from './verdict';
import { type VisitStatus } from '../domain/visits';
import { MutationError, defineMutator, readSet, type MutationContext, type VisitRecord } from './types';
import { errorReason } from '../text/errors';

/** Working days (with slots) a booking plans over, from the slot's day: the same horizon as proposeSlots. */
export const PLANNING_DAYS = 5;
/** At most this many calendar days are searched for them (5 working days can span the New Year holidays). */
export const PLANNING_RANGE_DAYS = 40;

/**
 * Slot starts from `date` over the next `days` dates that have slots (R-VIS-QUEUE: where visits a
 * booking displaces may go). Bounded by PLANNING_RANGE_DAYS, and cut short where the calendar
 * ends: a visit can still be booked on the last covered days, its queue just has fewer slots.
 */
export function planningSlots(ctx: MutationContext, tariff: string | null, date: string, days = PLANNING_DAYS): number[] {
  const out: number[] = [];
  for (let d = date, found = 0, seen = 0; found < days && seen < PLANNING_RANGE_DAYS; d = addDays(d, 1), seen++) {
    const day = calendared(() => slotStartsOn(ctx.calendar, ctx.profile, tariff, d));
    if (!day.ok) break;
    if (day.value.length > 0) found++;
    out.push(...day.value);
  }
  return out;
}

export type MovedVisit = { readonly visitId: string; readonly ticketId: string; readonly from: number; readonly to: number };
export type VisitResult = {
  readonly visitId: string;
  readonly ticketId: string;
  readonly touched: readonly string[];
  readonly moved: readonly MovedVisit[];
  readonly created: boolean;
};

const isoOf = (ms: number): string => new Date(ms).toISOString();

const toBooked = (v: VisitRecord): BookedVisit => ({ id: v.id, slotStart: v.slotStart, priority: v.priority, createdAt: v.createdAt });

const BookArgs = visitsRequests['visits:book'].input
  .extend({ number: TicketNumberSchema.optional() })
  .refine((a) => a.ticketId !== null || a.newTicketId !== undefined, {
    message: 'newTicketId: booking without a ticket needs the id of the visit ticket to create',
    path: ['newTicketId'],
  });

export const visitBook = defineMutator({
  name: 'visit.book',
  args: BookArgs,
  reads: (a) =>
    readSet({
      tickets: [a.ticketId ?? a.newTicketId ?? ''],
      visits: [a.id],
      calls: a.callId ? [a.callId] : [],
      visitSlots: {
        fromMs: moscowMidnight(moscowDate(Date.parse(a.slotStart))),
        toMs: moscowMidnight(moscowDate(Date.parse(a.slotStart))) + PLANNING_RANGE_DAYS * 86_400_000,
      },
      queues: ['field'],
      ticketNumber: a.ticketId === null && a.number === undefined,
    }),
  complete(store, a) {
    if (a.ticketId !== null || a.number !== undefined || store.getVisit(a.id)) return a;
    if (a.newTicketId !== undefined && store.getTicket(a.newTicketId)) return a;
    return { ...a, number: store.nextTicketNumber() };
  },
  apply(store, a, ctx): VisitResult {
    const contractNo = a.contractNo === null ? null : trimOrNull(normalizeContractNo(a.contractNo));
    const existing = store.getVisit(a.id);
    if (existing) {
      // A retry returns the booking; the same id with another booking is refused. The slot is not
      // compared: R-VIS-QUEUE may have moved the visit since, and the retry is still the same request.
      assertSameCreate('visit', a.id, {
        ticketId: [a.ticketId ?? a.newTicketId, existing.ticketId],
        callId: [a.callId, existing.callId],
        contractNo: [contractNo, existing.contractNo],
        address: [a.address, existing.address],
        responsible: [a.responsible, existing.responsible],
        phone: [a.phone, existing.phone],
        intercom: [a.intercom, existing.intercom],
        problemLocation: [a.problemLocation, existing.problemLocation],
        notes: [a.notes, existing.notes],
        desiredAt: [a.desiredAt === null ? null : Date.parse(a.desiredAt), existing.desiredAt],
        priority: [a.priority, existing.priority],
      });
      return { visitId: existing.id, ticketId: existing.ticketId, touched: [], moved: [], created: false };
    }
    const ev = eventWriter(store, ctx);
    const slotStart = Date.parse(a.slotStart);

    let ticket = a.ticketId !== null ? mustTicket(store, a.ticketId) : a.newTicketId !== undefined ? store.getTicket(a.newTicketId) : null;
    if (ticket && ticket.status !== 'new' && ticket.status !== 'in_progress' && ticket.status !== 'waiting') {
      throw new MutationError('CONFLICT', `ticket ${ticket.number} is ${ticket.status}: a visit needs an open ticket`, undefined, errorReason('ticketNotOpen'));
    }
    const tariff = ticket?.tariff ?? (contractNo === null ? null : trimOrNull(ctx.contract(contractNo)?.tariff));

    // R-VIS-WINDOW: the slot must be one the visit window of that working day offers.
    const date = moscowDate(slotStart);
    const starts = calendared(() => slotStartsOn(ctx.calendar, ctx.profile, tariff, date));
    if (!starts.ok) throw new MutationError('VALIDATION', `no production calendar for ${starts.missingYear}: visits cannot be planned on ${date}`);
    if (!starts.value.includes(slotStart)) {
      throw new MutationError(
        'VALIDATION',
        `slotStart: ${formatMoscow(slotStart)} is not a visit slot (R-VIS-WINDOW)${starts.value.length ? `; slots that day start at ${starts.value.map((s) => formatMoscow(s).slice(11)).join(', ')}` : '; no visits that day'}`,
      );
    }
    if (slotStart <= ctx.now) throw new MutationError('VALIDATION', `slotStart: the slot ${formatMoscow(slotStart)} has already begun`);

    // R-VIS-QUEUE: a higher-priority visit may take a full slot and move lower ones later, over
    // the same horizon the proposal used (proposeSlots: 5 working days).
    const horizon = planningSlots(ctx, tariff, date);
    const booked = store.visitsInSlots(horizon);
    const capacity = ctx.profile.visitCrews;
    const plan = planQueue(booked.map(toBooked), { id: a.id, slotStart, priority: a.priority, createdAt: ctx.now }, horizon, capacity);
    if (!plan.accepted) {
      throw new MutationError(
        'CONFLICT',
        `the slot ${formatMoscow(slotStart)}–${formatMoscow(slotStart + SLOT_MS).slice(11)} is full: ${capacity} crew(s) booked there with the same or higher priority (${a.priority}); choose another slot`,
      );
    }

    // The verdict travels: checked before anything is written, recorded with the visit.
    const gate = verdictGate(store, ctx, { what: 'visit', contractNo, callId: a.callId, reason: a.verdictReason });

    if (!ticket) {
      if (a.newTicketId === undefined) throw new MutationError('VALIDATION', 'newTicketId is required when booking without a ticket');
      ticket = insertNewTicket(store, ctx, ev, {
        id: a.newTicketId,
        number: a.number,
        type: 'visit',
        priority: a.priority,
        channel: 'phone',
        queueId: undefined,
        contractNo,
        phone: a.phone,
        serial: null,
        subject: `Выезд техника: ${a.address}`.slice(0, 300),
        description: [a.problemLocation, a.notes].filter((s) => s.trim() !== '').join('\n'),
        form: null,
        callId: a.callId,
        relatedTo: [],
      });
    } else if (a.callId !== null) {
      if (!store.getCall(a.callId)) throw new MutationError('NOT_FOUND', `call ${a.callId} is not in the call log`, undefined, errorReason('callNotFound'));
      if (store.linkCall(ticket.id, a.callId, ctx.now)) ev(ticket.id, 'call-linked', { callId: a.callId });
    }

    const eta = etaWindow(slotStart); // R-VIS-ETA: ±1 hour
    const visit: VisitRecord = {
      id: a.id,
      ticketId: ticket.id,
      callId: a.callId,
      contractNo,
      holderName: ticket.holderName ?? (contractNo === null ? null : (ctx.contract(contractNo)?.holderName ?? null)),
      address: a.address,
      responsible: a.responsible,
      phone: a.phone,
      intercom: a.intercom,
      problemLocation: a.problemLocation,
      notes: a.notes,
      desiredAt: a.desiredAt === null ? null : Date.parse(a.desiredAt),
      priority: a.priority,
      slotStart,
      slotEnd: slotStart + SLOT_MS,
      etaFrom: eta.from,
      etaTo: eta.to,
      status: 'booked',
      statusReason: null,
      cancelledAt: null,
      cancelBillable: false,
      actStatus: 'none',
      actSignedBy: null,
      actAt: null,
      createdAt: ctx.now,
      createdBy: ctx.actor,
      technicianId: null,
    };
    store.insertVisit(visit);
    if (a.callId !== null) store.markVisitRequestBooked(a.callId); // R-CALL-15 request → booked
    store.patchTicket(ticket.id, {}, ctx.now);
    ev(ticket.id, 'visit-booked', {
      visitId: visit.id,
      slotStart: isoOf(visit.slotStart),
      etaFrom: isoOf(eta.from),
      etaTo: isoOf(eta.to),
      priority: a.priority,
    });
    gate?.record(ev, ticket.id, visit.id);

    const moved: MovedVisit[] = [];
    const byId = new Map(booked.map((v) => [v.id, v]));
    for (const m of plan.moves) {
      const other = byId.get(m.id);
      if (!other || m.to === other.slotStart) continue;
      const e = etaWindow(m.to);
      store.patchVisit(other.id, { slotStart: m.to, slotEnd: m.to + SLOT_MS, etaFrom: e.from, etaTo: e.to });
      store.patchTicket(other.ticketId, {}, ctx.now);
      ev(other.ticketId, 'visit-moved', {
        visitId: other.id,
        from: isoOf(other.slotStart),
        to: isoOf(m.to),
        etaFrom: isoOf(e.from),
        etaTo: isoOf(e.to),
        byTicket: ticket.number,
      });
      moved.push({ visitId: other.id, ticketId: other.ticketId, from: other.slotStart, to: m.to });
    }
    return { visitId: visit.id, ticketId: ticket.id, touched: [ticket.id, ...moved.map((m) => m.ticketId)], moved, created: true };
  },
});

export const visitCancel = defineMutator({
  name: 'visit.cancel',
  args: visitsRequests['visits:cancel'].input,
  reads: (a) => readSet({ visits: [a.id] }),
  apply(store, a, ctx): VisitResult & { billable: boolean } {
    const v = mustVisit(store, a.id);
    if (v.status !== 'booked' && v.status !== 'en_route') throw new MutationError('CONFLICT', `the visit is ${v.status}: only a booked visit can be cancelled`);
    // R-VIS-CANCEL: free until one hour before the slot, billable after.
    const { billable } = cancellationTerms(v.slotStart, ctx.now);
    store.patchVisit(v.id, { status: 'cancelled', statusReason: a.reason, cancelledAt: ctx.now, cancelBillable: billable });
    store.patchTicket(v.ticketId, {}, ctx.now);
    eventWriter(store, ctx)(v.ticketId, 'visit-cancelled', { visitId: v.id, reason: a.reason, billable, slotStart: isoOf(v.slotStart) });
    return { visitId: v.id, ticketId: v.ticketId, touched: [v.ticketId], moved: [], created: false, billable };
  },
});

/** The technician's steps: booked → en route → arrived → done / not done (a reason required). */
export const VISIT_STEPS: Readonly<Record<VisitStatus, readonly VisitStatus[]>> = {
  booked: ['en_route', 'arrived'],
  en_route: ['arrived', 'not_done'],
  arrived: ['done', 'not_done'],
  done: [],
  not_done: [],
  cancelled: [],
};

export const visitSetStatus = defineMutator({
  name: 'visit.setStatus',
  args: visitsRequests['visits:setStatus'].input,
  reads: (a) => readSet({ visits: [a.id] }),
  apply(store, a, ctx): VisitResult {
    const v = mustVisit(store, a.id);
    if (!VISIT_STEPS[v.status].includes(a.status)) {
      throw new MutationError(
        'CONFLICT',
        `a visit cannot go from "${v.status}" to "${a.status}"; allowed: ${VISIT_STEPS[v.status].join(', ') || 'none (final status)'}`,
      );
    }
    if (a.status === 'not_done' && a.reason.trim() === '') throw new MutationError('VALIDATION', 'reason: say why the work was not done');
    store.patchVisit(v.id, { status: a.status, statusReason: a.reason.trim() === '' ? null : a.reason });
    store.patchTicket(v.ticketId, {}, ctx.now);
    eventWriter(store, ctx)(v.ticketId, 'visit-status', { visitId: v.id, from: v.status, to: a.status, reason: a.reason });
    return { visitId: v.id, ticketId: v.ticketId, touched: [v.ticketId], moved: [], created: false };
  },
});

export const visitAct = defineMutator({
  name: 'visit.act',
  args: visitsRequests['visits:act'].input,
  reads: (a) => readSet({ visits: [a.id] }),
  apply(store, a, ctx): VisitResult {
    const v = mustVisit(store, a.id);
    // R-VIS-ACT: the responsible person signs (or refuses) the act once the technician is there.
    if (v.status !== 'arrived' && v.status !== 'done' && v.status !== 'not_done') {
      throw new MutationError('CONFLICT', `the visit is ${v.status}: the act is signed on site (arrived or done)`);
    }
    if (v.actStatus !== 'none') throw new MutationError('CONFLICT', `the act was already recorded as ${v.actStatus} by ${v.actSignedBy ?? '—'}`);
    store.patchVisit(v.id, { actStatus: a.status, actSignedBy: a.signedBy, actAt: ctx.now });
    store.patchTicket(v.ticketId, {}, ctx.now);
    eventWriter(store, ctx)(v.ticketId, 'act', { visitId: v.id, status: a.status, signedBy: a.signedBy });
    return { visitId: v.id, ticketId: v.ticketId, touched: [v.ticketId], moved: [], created: false };
  },
});

/** Statuses after which a visit keeps its technician: the work is over or will not happen. */
const CLOSED_VISIT: readonly VisitStatus[] = ['done', 'not_done', 'cancelled'];

/**
 * A shift lead assigns the visit to a technician of the desk, or takes it back (null). Who may is
 * the server's decision (src-server/sync/authorize.ts); here: the visit is still ahead (not done,
 * not done-with-reason, not cancelled: R-VIS-ACT, R-VIS-CANCEL), and the technician is an active
 * desk user with that role (the console knows them from the synced people, the server from its
 * users). The ticket's history records it with the technician's name as it was then.
 */
export const visitAssign = defineMutator({
  name: 'visit.assign',
  args: visitsRequests['visits:assign'].input,
  reads: (a) => readSet({ visits: [a.id], users: a.technicianId === null ? [] : [a.technicianId] }),
  apply(store, a, ctx): VisitResult {
    const v = mustVisit(store, a.id);
    if (CLOSED_VISIT.includes(v.status)) {
      throw new MutationError('CONFLICT', `the visit is ${v.status}: only a visit still ahead is assigned`, undefined, errorReason('visitClosed'));
    }
    let name: string | null = null;
    if (a.technicianId !== null) {
      const u = store.getDeskUser(a.technicianId);
      if (!u || u.role !== 'technician' || u.disabled) {
        const what = !u ? 'is not a user of this desk' : u.disabled ? 'is disabled' : `is a ${u.role}, not a technician`;
        throw new MutationError(
          'VALIDATION',
          `technicianId: user ${a.technicianId} ${what}`,
          [{ path: 'technicianId', message: `user ${a.technicianId} ${what}` }],
          errorReason('notTechnician', u ? { name: u.displayName.slice(0, 64) } : undefined),
        );
      }
      name = u.displayName;
    }
    // Already so: nothing to write, nothing in the history (a retry or a second click).
    if (v.technicianId === a.technicianId) return { visitId: v.id, ticketId: v.ticketId, touched: [], moved: [], created: false };
    store.patchVisit(v.id, { technicianId: a.technicianId });
    store.patchTicket(v.ticketId, {}, ctx.now);
    eventWriter(store, ctx)(v.ticketId, 'visit-assigned', {
      visitId: v.id,
      slotStart: isoOf(v.slotStart),
      technicianId: a.technicianId,
      technician: name,
      fromTechnicianId: v.technicianId,
    });
    return { visitId: v.id, ticketId: v.ticketId, touched: [v.ticketId], moved: [], created: false };
  },
});
