/**
 * Ticket writes answered with the updated ticket, for every feature that writes one (tickets,
 * visits, claims): the answer goes into the cache at once and the lists refresh, before the
 * host's `tickets:changed` arrives.
 */
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Ticket } from '../../src-shared/ipc/ticketSchemas';
import { noteHostTime } from '../lib/hostClock';
import { ticketKeys } from './queryKeys';

/** A write answered with the updated ticket: cache it and refresh the lists at once. */
export function storeTicket(qc: QueryClient, t: Ticket): void {
  noteHostTime(t.sla.asOf);
  qc.setQueryData(ticketKeys.detail(t.id), t);
  void qc.invalidateQueries({ queryKey: ticketKeys.lists });
}

/** One mutation per detail action; its error stays next to the action. */
export function useTicketWrite<I>(run: (input: I) => Promise<Ticket>, onDone?: (t: Ticket) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (t) => {
      storeTicket(qc, t);
      onDone?.(t);
    },
  });
}
