import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Input } from '../../../src-shared/ipc/contract';
import { call } from '../../api/client';
import { callKeys } from '../../shared/queryKeys';
import type { BookingSource } from './bookingUi';
import { useBookingUi } from './bookingUi';

export const visitKeys = {
  all: ['visits'] as const,
  /** Visit requests stored by the R-CALL-15 escalation (`visits:requests`). */
  requests: ['visits', 'requests'] as const,
  prefill: (s: BookingSource) => ['visits', 'prefill', s.kind, s.kind === 'call' ? s.callId : s.ticketId] as const,
  slots: (i: Input<'visits:slots'>) => ['visits', 'slots', i] as const,
  /** The escalation record of a call (calls:escalate): what the call knew when the offer was taken. */
  request: (callId: string) => ['visits', 'request', callId] as const,
  /** The desk's active technicians and whether this console may assign them (`visits:technicians`). */
  technicians: ['visits', 'technicians'] as const,
};

/** Refreshed with the people a pull brings (the ticket views refetch on `tickets:changed`; this is cheap). */
export function useTechnicians() {
  return useQuery({ queryKey: visitKeys.technicians, queryFn: () => call('visits:technicians', {}), staleTime: 30_000 });
}

export function useVisitRequests() {
  return useQuery({ queryKey: visitKeys.requests, queryFn: () => call('visits:requests', {}), staleTime: 5_000 });
}

export function prefillInput(s: BookingSource): Input<'visits:prefill'> {
  return s.kind === 'call' ? { callId: s.callId } : { ticketId: s.ticketId };
}

/**
 * Opens the visit form with the prefill and slots already fetched (UX.md: "the slot list is
 * ready"). From a call the escalation is recorded first (calls:escalate, R-CALL-15). A failed
 * prefill still opens the form: it shows the error and what the call already knows. From a call
 * not yet escalated, `notes` are what the operator typed during the talk (recorded with the request).
 */
export function useStartBooking() {
  const qc = useQueryClient();
  const open = useBookingUi((s) => s.open);
  return useMutation({
    mutationFn: async (
      from:
        | { readonly callId: string; readonly escalated: false; readonly notes: string }
        | { readonly callId: string; readonly escalated: true }
        | { readonly ticketId: string },
    ) => {
      let source: BookingSource;
      if ('callId' in from) {
        let requestId: string | null = null;
        if (!from.escalated) {
          const req = await call('calls:escalate', { callId: from.callId, notes: from.notes });
          requestId = req.id;
          qc.setQueryData(visitKeys.request(from.callId), req);
          void qc.invalidateQueries({ queryKey: visitKeys.requests });
          void qc.invalidateQueries({ queryKey: callKeys.calls });
        }
        source = { kind: 'call', callId: from.callId, requestId };
      } else {
        source = { kind: 'ticket', ticketId: from.ticketId };
      }
      qc.removeQueries({ queryKey: visitKeys.prefill(source) });
      try {
        await qc.fetchQuery({ queryKey: visitKeys.prefill(source), queryFn: () => call('visits:prefill', prefillInput(source)), staleTime: Infinity });
      } catch (err) {
        console.warn('visit prefill failed; the form opens with the error shown', err);
      }
      open(source);
      return source;
    },
  });
}
