/**
 * Tickets through the contract (react-query owns them; STYLE.md). Keys per feature; the host's
 * `tickets:changed` event invalidates everything under ['tickets'] (lists, details, the caller
 * context), so a change made here, in another window or by sync shows up everywhere.
 */
import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Output } from '../../../src-shared/ipc/contract';
import type { Ticket } from '../../../src-shared/ipc/ticketSchemas';
import { call, useEvent } from '../../api/client';
import { noteHostTime } from '../../lib/hostClock';
import { PAGE_SIZE } from './listModel';

export type ListView = 'mine' | 'open' | 'all';
export type ListParams = { readonly view: ListView; readonly queueId: string | null; readonly query: string };

export type TicketPage = Output<'tickets:list'>;

export const ticketKeys = {
  all: ['tickets'] as const,
  lists: ['tickets', 'list'] as const,
  page: (p: ListParams, page: number) => ['tickets', 'list', p.view, p.queueId ?? '', p.query, page] as const,
  contract: (contractNo: string) => ['tickets', 'list', 'contract', contractNo] as const,
  detail: (id: string) => ['tickets', 'detail', id] as const,
  queues: ['tickets', 'queues'] as const,
};

function fetchPage(p: ListParams, page: number): Promise<TicketPage> {
  const query = p.query.trim();
  return call('tickets:list', {
    view: p.view,
    ...(p.queueId ? { queueId: p.queueId } : {}),
    ...(query !== '' ? { query } : {}),
    offset: page * PAGE_SIZE,
    limit: PAGE_SIZE,
  }).then((r) => {
    noteHostTime(r.asOf);
    return r;
  });
}

/** The pages covering the rows on screen; page 0 is always fetched (it carries `total` first). */
export function useTicketPages(p: ListParams, pages: readonly number[]) {
  const wanted = pages.includes(0) ? pages : [0, ...pages];
  const results = useQueries({
    queries: wanted.map((page) => ({
      queryKey: ticketKeys.page(p, page),
      queryFn: () => fetchPage(p, page),
      staleTime: 5_000,
      placeholderData: page === 0 ? keepPreviousData : undefined,
    })),
  });
  const byPage = new Map<number, TicketPage>();
  wanted.forEach((page, i) => {
    const d = results[i]?.data;
    if (d) byPage.set(page, d);
  });
  const first = results[0];
  return {
    byPage,
    first: first?.data ?? null,
    firstIsPlaceholder: first?.isPlaceholderData ?? false,
    error: results.find((r) => r.isError)?.error ?? null,
    loading: results.some((r) => r.isFetching),
  };
}

export function useTicket(id: string | null) {
  return useQuery({
    queryKey: ticketKeys.detail(id ?? ''),
    queryFn: () =>
      call('tickets:get', { id: id ?? '' }).then((tk) => {
        noteHostTime(tk.sla.asOf);
        return tk;
      }),
    enabled: id !== null,
    staleTime: 5_000,
  });
}

export function useQueues() {
  return useQuery({ queryKey: ticketKeys.queues, queryFn: () => call('queues:list', {}), staleTime: 60_000 });
}

/** R-CALL-REPEAT in the caller context: the open tickets of a contract, with their SLA. */
export function useContractTickets(contractNo: string | null) {
  return useQuery({
    queryKey: ticketKeys.contract(contractNo ?? ''),
    queryFn: () =>
      call('tickets:list', { view: 'open', query: contractNo ?? '', limit: 20 }).then((r) => {
        noteHostTime(r.asOf);
        return r;
      }),
    enabled: contractNo !== null && contractNo !== '',
    staleTime: 10_000,
  });
}

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

/** Mount once (App): the host says which tickets changed; everything ticket-shaped refetches. */
export function useTicketEvents(): void {
  const qc = useQueryClient();
  useEvent('tickets:changed', () => {
    void qc.invalidateQueries({ queryKey: ticketKeys.all });
  });
}
