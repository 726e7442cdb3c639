/**
 * The slot list of the visit form (R-VIS-WINDOW, R-VIS-ETA, R-VIS-QUEUE): slots grouped by Moscow
 * day, the slot preselected for the two-click booking, labels. Pure; unit-tested.
 */
import type { VisitSlot } from '../../../src-shared/ipc/ticketSchemas';
import { MOSCOW_OFFSET, moscowParts } from '../../../src-shared/worktime/moscow';
import { parseDay } from '../../lib/dayInput';

export type SlotDay = { readonly date: string; readonly isoWeekday: number; readonly slots: readonly { readonly slot: VisitSlot; readonly index: number }[] };

/** Slots by Moscow calendar day, in the order given (the host sends them in time order). */
export function groupByDay(slots: readonly VisitSlot[]): SlotDay[] {
  const out: { date: string; isoWeekday: number; slots: { slot: VisitSlot; index: number }[] }[] = [];
  slots.forEach((slot, index) => {
    const p = moscowParts(Date.parse(slot.start));
    let day = out[out.length - 1];
    if (!day || day.date !== p.date) {
      day = { date: p.date, isoWeekday: p.isoWeekday, slots: [] };
      out.push(day);
    }
    day.slots.push({ slot, index });
  });
  return out;
}

/** A slot can be booked when it has room, or when this priority moves someone out of it. */
export function bookable(s: VisitSlot): boolean {
  return s.free > 0 || s.moves.length > 0;
}

/**
 * The slot preselected in the form: the first bookable one that meets the reaction time, else the
 * first bookable one; -1 when there is none.
 */
export function defaultSlotIndex(slots: readonly VisitSlot[]): number {
  const inTime = slots.findIndex((s) => bookable(s) && s.meetsReaction);
  return inTime >= 0 ? inTime : slots.findIndex(bookable);
}

const hhmm = (iso: string) => {
  const p = moscowParts(Date.parse(iso));
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
};

/** "13:00–15:00" (Moscow time); a slot that ends at midnight ends at "24:00" of its own day. */
export function slotLabel(s: { readonly start: string; readonly end: string }): string {
  const b = slotBounds(s);
  return `${b.from}–${b.to}`;
}

/** "12:30" and "14:30" of a slot or an ETA window (for «между 12:30 и 14:30», as the script says it). */
export function slotBounds(s: { readonly start: string; readonly end: string }): { readonly from: string; readonly to: string } {
  const start = moscowParts(Date.parse(s.start));
  const end = moscowParts(Date.parse(s.end));
  // A slot ending at midnight ends at 24:00 of its own day, not 00:00.
  const to = end.date !== start.date && end.minuteOfDay === 0 ? '24:00' : hhmm(s.end);
  return { from: hhmm(s.start), to };
}

/** "24.11" of an ISO date. */
export function dayLabel(date: string): string {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}`;
}

/** The next slot index in a direction among bookable slots (arrow keys in the list); stays put at the ends. */
export function stepSlot(slots: readonly VisitSlot[], from: number, dir: 1 | -1): number {
  for (let i = from + dir; i >= 0 && i < slots.length; i += dir) {
    const s = slots[i];
    if (s && bookable(s)) return i;
  }
  return from;
}

/**
 * A desired time as typed, Moscow time: «24.11.2026 13:30» (or «2026-11-24 13:30») → ISO instant;
 * null when empty or not a real date and time.
 */
export function desiredAtIso(text: string): string | null {
  const m = /^(\S+)\s+(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const day = parseDay(m[1] ?? '');
  const h = Number(m[2]),
    min = Number(m[3]);
  if (day === null || h > 23 || min > 59) return null;
  return `${day}T${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}:00${MOSCOW_OFFSET}`;
}
