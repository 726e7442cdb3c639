/**
 * `write(name, args)`: runMutation (one transaction: mutator + outbox row) and then
 * `tickets:changed` with the tickets it touched, so the renderer refetches exactly those. The one
 * write path of the tickets, visits and claims handlers.
 */
import type { MutationArgs, MutationResult, MutatorName } from '../../src-shared/mutators/index';
import type { EventBus } from '../ipc/events';
import type { RunMutation } from '../mutations/runner';

export function createTicketWriter(deps: { runMutation: RunMutation; events: Pick<EventBus, 'emit'>; now: () => Date }) {
  function emitChanged(ids: readonly string[]): void {
    if (ids.length === 0) return;
    deps.events.emit('tickets:changed', { ids: [...new Set(ids)], at: deps.now().toISOString() });
  }

  return function write<N extends MutatorName>(name: N, args: MutationArgs<N>): MutationResult<N> {
    const { result, mutationId } = deps.runMutation(name, args);
    // No mutation id: nothing changed (an idempotent retry), so nothing to refetch.
    if (mutationId !== null) emitChanged((result as { touched: readonly string[] }).touched);
    return result;
  };
}
export type TicketWrite = ReturnType<typeof createTicketWriter>;
