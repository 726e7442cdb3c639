/**
 * SLA decisions inside mutations: which schedule a new ticket's reaction clock runs on (R-SLA-DUTY,
 * R-SLA-REACT) and what a status change does to it (pauses while waiting on the customer, met when
 * the ticket is taken into work). The arithmetic itself is the pure engine in src-shared/worktime.
 */
import { FAULT_TYPES, type TicketStatus, type TicketType } from '../domain/tickets';
import type { ScheduleKind } from '../worktime/schedule';
import { meetClock, pauseClock, reactionFor, resumeClock, scheduleKindFor, startClock, type SlaClock } from '../worktime/sla';
import { formatMoscow } from '../worktime/moscow';
import { calendared } from './common';
import { MutationError, type MutationContext } from './types';
import type { Locale } from '../domain/values';
import type { Priority } from '../domain/tickets';
import { errorReason } from '../text/errors';

export type ClockPlan = { readonly kind: ScheduleKind; readonly targetMinutes: number | null; readonly duty: boolean };

/**
 * The clock a ticket created now starts with. R-SLA-DUTY: while the desk is closed and its duty
 * mode takes only faults, other types are refused (CONFLICT naming when the desk opens); the
 * tickets duty mode takes run round the clock. Otherwise the tariff's reaction row decides
 * (weekends included → the desk's hours on every day), with the minutes of the ticket's priority
 * (R-TKT-PRIO).
 */
export function planClock(ctx: MutationContext, type: TicketType, tariff: string | null, priority: Priority): ClockPlan {
  const reaction = reactionFor(ctx.profile, tariff, priority);
  const targetMinutes = reaction?.minutes ?? null;
  const { dutyMode } = ctx.profile;
  if (dutyMode.enabled) {
    // A year without calendar data cannot say whether the desk is open: the ticket is accepted on
    // the desk schedule, and its clock shows the missing year (never a guess either way).
    const open = calendared(() => ctx.workingTime('desk').isOpen(ctx.now));
    if (open.ok && !open.value) {
      if (dutyMode.acceptsOnly === 'faults' && !FAULT_TYPES.includes(type)) {
        const next = calendared(() => ctx.workingTime('desk').nextOpen(ctx.now));
        const from = next.ok ? next.value : null;
        const reason = from === null ? errorReason('dutyModeWorkingHours') : errorReason('dutyMode', { from: formatMoscow(from) });
        throw new MutationError('CONFLICT', dutyRefusal(ctx.locale, from), undefined, reason);
      }
      return { kind: 'round-the-clock', targetMinutes, duty: true };
    }
  }
  return { kind: scheduleKindFor(reaction), targetMinutes, duty: false };
}

export function dutyRefusal(locale: Locale, nextOpen: number | null): string {
  if (locale === 'en') {
    return `Duty mode: only fault tickets are accepted; others ${nextOpen === null ? 'in working hours' : `from ${formatMoscow(nextOpen)} MSK`}`;
  }
  return `Дежурный режим: принимаются только аварийные заявки; остальные — ${nextOpen === null ? 'в рабочее время' : `с ${formatMoscow(nextOpen)} МСК`}`;
}

export function newClock(ctx: MutationContext, plan: ClockPlan): SlaClock {
  return startClock(ctx.now, plan.targetMinutes, plan.kind);
}

export type ClockEffect = 'met' | 'paused' | 'resumed' | 'resumed-met';
export type ClockChange = {
  readonly clock: SlaClock | null;
  readonly effect: ClockEffect | null;
  /** The clock could not be moved: the calendar lacks this year (the status still changes). */
  readonly missingYear: number | null;
};

/**
 * R-SLA-REACT with pauses: `waiting` (on the customer) pauses the reaction clock and leaving it
 * resumes; taking the ticket into work or resolving it is the reaction (met). Reaching
 * in_progress from waiting resumes and meets at the same instant, so a ticket that went
 * new → waiting → in_progress does not keep a running clock after the reaction.
 */
export function clockOnTransition(ctx: MutationContext, clock: SlaClock | null, from: TicketStatus, to: TicketStatus): ClockChange {
  if (clock === null || clock.targetMinutes === null || clock.metAt !== null) return { clock, effect: null, missingYear: null };
  const r = calendared((): { clock: SlaClock; effect: ClockEffect | null } => {
    let c = clock;
    let resumed = false;
    if (from === 'waiting' && to !== 'waiting' && c.anchorAt === null) {
      c = resumeClock(c, ctx.now);
      resumed = true;
    }
    if (to === 'in_progress' || to === 'resolved') return { clock: meetClock(ctx.workingTime(c.kind), c, ctx.now), effect: resumed ? 'resumed-met' : 'met' };
    if (to === 'waiting' && c.anchorAt !== null) return { clock: pauseClock(ctx.workingTime(c.kind), c, ctx.now), effect: 'paused' };
    return { clock: c, effect: resumed ? 'resumed' : null };
  });
  return r.ok ? { ...r.value, missingYear: null } : { clock, effect: null, missingYear: r.missingYear };
}
