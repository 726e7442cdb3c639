/**
 * Technician visits: slots inside the desk's visit windows on working days (R-VIS-WINDOW), the
 * ±1 hour ETA told to the customer (R-VIS-ETA), cancellation at least one hour before (R-VIS-CANCEL),
 * priority queueing that moves lower-priority visits and lists whom to notify (R-VIS-QUEUE).
 * Pure; instants are epoch ms; dates and times are Moscow time.
 *
 * A slot is a 2-hour arrival window: the customer hears "between 13:00 and 15:00", i.e. the
 * centre (14:00) ± one hour. Slots start at the window's start and every hour after while the
 * slot still ends inside the window; when that last hourly slot does not end exactly at the
 * window's end, one more slot ends exactly there (10:30–17:00 → 10:30, 11:30, 12:30, 13:30,
 * 14:30, 15:00). Capacity per slot is profile.visitCrews (visits that can start in one slot).
 */
import { addDays, isWorkingDay, type IsoDate, type ProductionCalendar } from '../worktime/calendar';
import { moscowDate, moscowMidnight, moscowParts } from '../worktime/moscow';
import { hhmmToMinutes, type DeskProfile } from './deskProfile';
import type { Locale } from './values';

export const VISIT_STATUSES = ['booked', 'en_route', 'arrived', 'done', 'not_done', 'cancelled'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];
// R-VIS-ACT: the act of work done, signed or refused by the customer.
export const ACT_STATUSES = ['none', 'signed', 'refused'] as const;
export type ActStatus = (typeof ACT_STATUSES)[number];

export const SLOT_MS = 2 * 3_600_000;
export const CANCEL_NOTICE_MS = 3_600_000;
/** proposeSlots offers nothing starting sooner than this after `now` (a crew needs time to get there). */
export const BOOKING_LEAD_MS = 3_600_000;

const MINUTE_MS = 60_000;
const SLOT_MINUTES = SLOT_MS / MINUTE_MS;
const SLOT_STEP_MINUTES = 60;
/** The id planQueue sees for the visit being proposed (proposeSlots has no id for it yet). */
const PROPOSED_ID = '(proposed)';

export type BookedVisit = { readonly id: string; readonly slotStart: number; readonly priority: number; readonly createdAt: number };
export type SlotMove = { readonly id: string; readonly from: number; readonly to: number };
export type ProposedSlot = {
  readonly start: number;
  readonly end: number;
  readonly etaFrom: number;
  readonly etaTo: number;
  readonly meetsReaction: boolean;
  readonly free: number;
  readonly moves: readonly SlotMove[];
};

/** The visit window for a tariff: 10:30–17:00, or to extendedEnd for the listed tariffs. */
export function visitWindowFor(profile: DeskProfile, tariff: string | null): { start: string; end: string } {
  const w = profile.visitWindows;
  const extended = tariff !== null && w.extendedEnd !== null && w.extendedTariffs.includes(tariff);
  return { start: w.start, end: extended && w.extendedEnd !== null ? w.extendedEnd : w.end };
}

/** Slot starts as minutes of the day; [] when the window is shorter than one slot. */
function slotMinutes(window: { start: string; end: string }): number[] {
  const start = hhmmToMinutes(window.start),
    end = hhmmToMinutes(window.end);
  const out: number[] = [];
  for (let t = start; t + SLOT_MINUTES <= end; t += SLOT_STEP_MINUTES) out.push(t);
  const last = out[out.length - 1];
  if (last !== undefined && last + SLOT_MINUTES < end) out.push(end - SLOT_MINUTES);
  return out;
}

/**
 * All slot starts (epoch ms) of a date in Moscow time; [] on days off. Working days are those of
 * the calendar, working Saturdays included; the window is not shortened on pre-holiday days.
 * Throws CalendarMissingError for a year without data.
 */
export function slotStartsOn(cal: ProductionCalendar, profile: DeskProfile, tariff: string | null, date: string): number[] {
  if (!isWorkingDay(cal, date)) return [];
  const midnight = moscowMidnight(date);
  return slotMinutes(visitWindowFor(profile, tariff)).map((m) => midnight + m * MINUTE_MS);
}

/**
 * Slots to offer, chronological, starting no sooner than max(now + 1 h, the start of fromDate),
 * over the first `days` working days (from that instant's date) that still have a slot to offer.
 * free = visitCrews − visits booked at that exact start (never below 0). A full slot is offered
 * only when the new visit's priority can displace someone (R-VIS-QUEUE), with the moves it
 * causes; otherwise it is left out. meetsReaction: the slot starts by the reaction due instant.
 * Throws CalendarMissingError when the days run into a year without data.
 */
export function proposeSlots(
  cal: ProductionCalendar,
  profile: DeskProfile,
  opts: {
    readonly tariff: string | null;
    readonly now: number;
    readonly fromDate?: string;
    readonly days: number;
    readonly dueAt: number | null;
    readonly priority: number;
    readonly booked: readonly BookedVisit[];
  },
): ProposedSlot[] {
  if (!Number.isSafeInteger(opts.days) || opts.days < 0) throw new RangeError(`days must be a non-negative integer, got ${opts.days}`);
  if (!Number.isFinite(opts.now)) throw new RangeError(`now must be finite epoch ms, got ${opts.now}`);
  const window = visitWindowFor(profile, opts.tariff);
  if (opts.days === 0 || slotMinutes(window).length === 0) return [];

  const earliest = Math.max(opts.now + BOOKING_LEAD_MS, opts.fromDate === undefined ? -Infinity : moscowMidnight(opts.fromDate));
  const starts: number[] = [];
  for (let date: IsoDate = moscowDate(earliest), found = 0; found < opts.days; date = addDays(date, 1)) {
    const day = slotStartsOn(cal, profile, opts.tariff, date).filter((s) => s >= earliest);
    if (day.length > 0) found++;
    starts.push(...day);
  }

  const bookedAt = new Map<number, number>();
  for (const v of opts.booked) bookedAt.set(v.slotStart, (bookedAt.get(v.slotStart) ?? 0) + 1);
  const out: ProposedSlot[] = [];
  for (const start of starts) {
    const free = profile.visitCrews - (bookedAt.get(start) ?? 0);
    let moves: readonly SlotMove[] = [];
    if (free <= 0) {
      const plan = planQueue(opts.booked, { id: PROPOSED_ID, slotStart: start, priority: opts.priority, createdAt: opts.now }, starts, profile.visitCrews);
      if (!plan.accepted) continue;
      moves = plan.moves;
    }
    const eta = etaWindow(start);
    out.push({
      start,
      end: start + SLOT_MS,
      etaFrom: eta.from,
      etaTo: eta.to,
      meetsReaction: opts.dueAt === null || start <= opts.dueAt,
      free: Math.max(0, free),
      moves,
    });
  }
  return out;
}

/** R-VIS-ETA: "between 13:00 and 15:00" = the slot's centre ± one hour. */
export function etaWindow(slotStart: number): { from: number; to: number } {
  return { from: slotStart, to: slotStart + SLOT_MS };
}

/** R-VIS-CANCEL: free until one hour before the slot (that instant included), billable after. */
export function cancellationTerms(slotStart: number, at: number): { billable: boolean; freeUntil: number } {
  const freeUntil = slotStart - CANCEL_NOTICE_MS;
  return { billable: at > freeUntil, freeUntil };
}

/** Lowest priority first (highest number), then the latest booked, then the larger id (determinism). */
function lowerFirst(a: BookedVisit, b: BookedVisit): number {
  return b.priority - a.priority || b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * Where every visit ends up when `incoming` is booked into its slotStart (R-VIS-QUEUE).
 * The incoming visit takes its slot. When that slot is full, the lowest-priority visit there
 * (highest number; among equals the latest createdAt) with strictly LOWER priority than the
 * incoming one moves to the next slot of `slotStarts`; there the same rule applies with the moved
 * visit as the one arriving, and so on. A moved visit that cannot displace anyone where it arrives
 * tries the following slot. Never moves a visit of equal or higher priority than the one arriving,
 * and never moves a visit earlier. accepted=false (and no moves) when nobody in the incoming slot
 * can be displaced, or when a moved visit finds no room before `slotStarts` runs out.
 * A booked visit with the incoming id is the same visit being rebooked: it leaves its old slot.
 * Visits at starts not in `slotStarts` are not touched. A slot already over capacity is not repaired.
 */
export function planQueue(
  booked: readonly BookedVisit[],
  incoming: BookedVisit,
  slotStarts: readonly number[],
  capacity: number,
): { readonly accepted: boolean; readonly moves: readonly SlotMove[] } {
  if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  const starts = [...new Set([...slotStarts, incoming.slotStart])].filter((s) => s >= incoming.slotStart).sort((a, b) => a - b);
  const residents = new Map<number, BookedVisit[]>();
  for (const v of booked) {
    if (v.id === incoming.id) continue;
    const list = residents.get(v.slotStart);
    if (list) list.push(v);
    else residents.set(v.slotStart, [v]);
  }
  const rejected = { accepted: false, moves: [] } as const;
  const moves: SlotMove[] = [];
  let arriving = incoming;
  for (const slot of starts) {
    const here = residents.get(slot) ?? [];
    const settle = () => {
      if (arriving !== incoming) moves.push({ id: arriving.id, from: arriving.slotStart, to: slot });
    };
    if (here.length < capacity) {
      settle();
      return { accepted: true, moves };
    }
    const victim = here.filter((v) => v.priority > arriving.priority).sort(lowerFirst)[0];
    if (victim) {
      settle();
      here.splice(here.indexOf(victim), 1, arriving);
      arriving = victim;
    } else if (arriving === incoming) {
      return rejected;
    }
    // else: the moved visit displaces nobody here and tries the next slot.
  }
  return rejected;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function hhmmOf(at: number): string {
  const p = moscowParts(at);
  return `${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** The script line read to the customer (UX.md): date, ETA window, cancellation notice. */
export function visitScript(locale: Locale, slotStart: number): string {
  const p = moscowParts(slotStart);
  const date = `${pad2(p.day)}.${pad2(p.month)}.${p.year}`;
  const eta = etaWindow(slotStart);
  const from = hhmmOf(eta.from);
  // A slot ending at midnight ends at 24:00 of its own day, not 00:00.
  const to = moscowDate(eta.to) !== p.date && moscowParts(eta.to).minuteOfDay === 0 ? '24:00' : hhmmOf(eta.to);
  const cancelBy = hhmmOf(cancellationTerms(slotStart, slotStart).freeUntil);
  return locale === 'ru'
    ? `Мастер приедет ${date} между ${from} и ${to} (МСК). Отменить выезд можно не позднее чем за час — до ${cancelBy}.`
    : `The technician will arrive on ${date} between ${from} and ${to} (Moscow time). You can cancel up to one hour before — until ${cancelBy}.`;
}
