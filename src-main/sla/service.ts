/**
 * The SLA clocks of every open ticket: the compiled schedules of the active desk profile
 * (./cache.ts) and their recomputation, with `tickets:changed` when some due moved.
 */
import type { DeskProfile } from '../../src-shared/domain/deskProfile';
import type { ProductionCalendar } from '../../src-shared/worktime/calendar';
import type { Db } from '../db/open';
import type { EventBus } from '../ipc/events';
import { createSlaCache, createSlaRecompute, type RecomputeResult } from './cache';

export function createSlaService(deps: { db: Db; profile: () => DeskProfile; calendar: ProductionCalendar; events: Pick<EventBus, 'emit'>; now: () => Date }) {
  const cache = createSlaCache({ profile: deps.profile, calendar: deps.calendar });
  const recompute = createSlaRecompute(deps.db, cache);

  /** Recomputes due / rank of every open ticket (one transaction); see ./cache.ts. */
  function recomputeSla(now: Date = deps.now()): RecomputeResult {
    const r = recompute(now.getTime());
    if (r.changed > 0) {
      // An empty id list: "many tickets changed", the renderer refetches its lists.
      deps.events.emit('tickets:changed', { ids: [], at: deps.now().toISOString() });
    }
    return r;
  }

  return {
    cache,
    recomputeSla,
    /** The active desk profile (or its schedules) changed: recompile the schedules and recompute. */
    profileChanged(): RecomputeResult {
      cache.invalidate();
      return recomputeSla();
    },
  };
}
export type SlaService = ReturnType<typeof createSlaService>;
