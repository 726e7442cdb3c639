/**
 * Tickets, visits, claims and SLA clocks in the console host (issue 5). See README.md here for
 * the contract this module keeps; host.ts wires it (`...tickets.handlers`).
 */
import type { Handlers } from '../ipc/dispatch';
import { createTicketsKit, type TicketsDeps } from './kit';
import { createTicketsHandlers, type TicketsChannel } from './service';
import type { RecomputeResult } from '../sla/cache';
import { createVisitsHandlers, type VisitsChannel } from '../visits/service';

export type { RecomputeResult } from '../sla/cache';
export type { TicketsDeps } from './kit';

export function createTickets(deps: TicketsDeps) {
  const kit = createTicketsKit(deps);
  const handlers: Pick<Handlers, TicketsChannel | VisitsChannel> = { ...createTicketsHandlers(kit), ...createVisitsHandlers(kit) };

  /** Recomputes due / rank of every open ticket (one transaction); see src-main/tickets/sla.ts. */
  function recomputeSla(now: Date = deps.now()): RecomputeResult {
    const r = kit.recompute(now.getTime());
    if (r.changed > 0) {
      // An empty id list: "many tickets changed", the renderer refetches its lists.
      deps.events.emit('tickets:changed', { ids: [], at: deps.now().toISOString() });
    }
    return r;
  }

  // Clocks that waited for calendar data (a year the previous build lacked) get their due now.
  if (kit.repo.missingYears().length > 0) recomputeSla();

  return {
    handlers,
    recomputeSla,
    /** The active desk profile (or its schedules) changed: recompile the schedules and recompute. */
    profileChanged(): RecomputeResult {
      kit.sla.invalidate();
      return recomputeSla();
    },
    /** For tests and the benchmark: the runner and the read side. */
    kit,
  };
}
export type Tickets = ReturnType<typeof createTickets>;

/**
 * Standalone form of the recomputation for the benchmark and tools: opens nothing, builds the
 * SLA cache for `deps` and recomputes every open ticket of `deps.db` at `now`.
 */
export function recomputeSla(deps: TicketsDeps, now: Date = deps.now()): RecomputeResult {
  return createTicketsKit(deps).recompute(now.getTime());
}
