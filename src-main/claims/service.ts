/**
 * Handlers of the claims channels: a written claim is a ticket of type `claim` with its
 * 14-working-day answer deadline (R-CLAIM), created and answered through the claim mutators.
 * The claim's rows live in the tickets tables; the answer is the full ticket, as for tickets.
 */
import type { ChannelsOf, Handlers } from '../ipc/dispatch';
import type { TicketViews } from '../tickets/views';
import type { TicketWrite } from '../tickets/write';

type ClaimsChannel = ChannelsOf<'claims'>;

export function createClaimsService(deps: { write: TicketWrite; views: Pick<TicketViews, 'ticket'>; now: () => Date }): Pick<Handlers, ClaimsChannel> {
  const { write, views } = deps;
  const full = (id: string) => views.ticket(id, deps.now().getTime());
  return {
    'claims:create': (input) => full(write('claim.create', input).ticketId),
    'claims:answer': (input) => full(write('claim.answer', input).ticketId),
  };
}
