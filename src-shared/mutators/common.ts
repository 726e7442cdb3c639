/**
 * Helpers shared by the mutators: event ids, "must exist" reads and calendar-safe calls.
 */
import { CalendarMissingError } from '../worktime/calendar';
import { type TicketEventKind } from '../domain/tickets';
import { MutationError, type MutationContext, type MutationStore, type TicketRecord, type VisitRecord } from './types';
import { errorReason } from '../text/errors';

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
  if (!t) throw new MutationError('NOT_FOUND', `no ticket ${id}`, undefined, errorReason('ticketNotFound'));
  return t;
}

export function mustVisit(store: MutationStore, id: string): VisitRecord {
  const v = store.getVisit(id);
  if (!v) throw new MutationError('NOT_FOUND', `no visit ${id}`, undefined, errorReason('visitNotFound'));
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

export function trimOrNull(s: string | null | undefined): string | null {
  const t = s?.trim() ?? '';
  return t === '' ? null : t;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a),
    kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * A create re-sent with an id that already exists (ids are client-generated, ARCHITECTURE.md):
 * the same body is a retry and returns the existing entity; another body is a different request
 * that reused an id, refused as CONFLICT naming the id and the fields that differ, so it is never
 * silently answered with someone else's ticket. `fields` maps a name to [given, stored].
 */
export function assertSameCreate(what: string, id: string, fields: Readonly<Record<string, readonly [unknown, unknown]>>): void {
  const differ = Object.entries(fields)
    .filter(([, [given, stored]]) => !sameValue(given, stored))
    .map(([name]) => name);
  if (differ.length > 0) {
    throw new MutationError(
      'CONFLICT',
      `${what} ${id} already exists with other content (${differ.join(', ')}): a new ${what} needs a new id`,
      undefined,
      errorReason('alreadyExists'),
    );
  }
}
