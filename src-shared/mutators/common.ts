/**
 * Helpers shared by the mutators: event ids, "must exist" reads, calendar-safe calls and the
 * Moscow time format used in messages.
 */
import { CalendarMissingError, moscowParts } from '../worktime/calendar';
import {
  MutationError,
  type MutationContext,
  type MutationStore,
  type TicketEventKind,
  type TicketRecord,
  type VisitRecord,
} from './types';

/** Appends events with ids `<mutationId>.<n>`, deterministic per mutation (replays write the same ids). */
export function eventWriter(store: MutationStore, ctx: MutationContext) {
  let n = 0;
  return (ticketId: string, kind: TicketEventKind, data: Record<string, unknown> = {}): void => {
    store.appendEvent({ id: `${ctx.mutationId}.${n++}`, ticketId, at: ctx.now, actor: ctx.actor, kind, data });
  };
}
export type EventWriter = ReturnType<typeof eventWriter>;

export function mustTicket(store: MutationStore, id: string): TicketRecord {
  const t = store.getTicket(id);
  if (!t) throw new MutationError('NOT_FOUND', `no ticket ${id}`);
  return t;
}

export function mustVisit(store: MutationStore, id: string): VisitRecord {
  const v = store.getVisit(id);
  if (!v) throw new MutationError('NOT_FOUND', `no visit ${id}`);
  return v;
}

export type Calendared<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly missingYear: number };

/** Runs working-time arithmetic; a year without calendar data is reported, never guessed. */
export function calendared<T>(f: () => T): Calendared<T> {
  try {
    return { ok: true, value: f() };
  } catch (err) {
    if (err instanceof CalendarMissingError) return { ok: false, missingYear: err.year };
    throw err;
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "24.11.2026 14:00" in Moscow time (UX.md: Russian date format, Moscow time). */
export function formatMoscow(ms: number): string {
  const p = moscowParts(ms);
  return `${pad(p.day)}.${pad(p.month)}.${p.year} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** "2026-11-24" → "24.11.2026". */
export function formatIsoDate(date: string): string {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
}

export function trimOrNull(s: string | null | undefined): string | null {
  const t = s?.trim() ?? '';
  return t === '' ? null : t;
}
