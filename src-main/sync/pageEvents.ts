/**
 * What a pulled page means for the screens (the host emits these): the same events local writes
 * cause, so a row another console wrote refreshes every view that shows it.
 */
import type { EventName, EventPayload } from '../../src-shared/ipc/contract';
import type { SyncRowKind } from '../../src-shared/server/sync';
import type { PageEffect } from './apply';

type PageEvent = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];

/** Kinds the ticket views do not show: a page of these alone does not refetch the ticket lists. */
const NOT_TICKETS: ReadonlySet<SyncRowKind> = new Set(['call', 'visitRequest', 'redirect']);

export function pageEvents(e: PageEffect, at: string): PageEvent[] {
  const out: PageEvent[] = [];
  // Empty ids: refetch the lists (a reset, a big page, queues).
  if (e.allTickets || e.tickets.length > 0 || e.kinds.some((k) => !NOT_TICKETS.has(k)))
    out.push({ event: 'tickets:changed', payload: { ids: e.allTickets ? [] : [...e.tickets], at } });
  if (e.kinds.includes('call') || e.kinds.includes('visitRequest')) out.push({ event: 'calls:changed', payload: { at } });
  if (e.kinds.includes('redirect')) out.push({ event: 'identification:redirectsChanged', payload: { at } });
  return out;
}
