/**
 * Tickets through the contract (react-query owns them; STYLE.md). Keys per feature; the host's
 * `tickets:changed` event invalidates everything under ['tickets'] (lists, details, the caller
 * context), so a change made here, in another window or by sync shows up everywhere.
 */
import { keepPreviousData, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Output } from '../../../src-shared/ipc/contract';
import { call, useEvent } from '../../api/client';
import { noteHostTime } from '../../lib/hostClock';
import { ticketKeys } from '../../shared/queryKeys';
import { PAGE_SIZE } from './listModel';

export type ListView = 'mine' | 'open' | 'all';
export type ListParams = { readonly view: ListView; readonly queueId: string | null; readonly query: string };

export type TicketPage = Output<'tickets:list'>;

/** A page of a list view (ticketKeys for the keys other features share). */
const pageKey = (p: ListParams, page: number) => [...ticketKeys.lists, p.view, p.queueId ?? '', p.query, page] as const;

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
      queryKey: pageKey(p, page),
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

/** Mount once (App): the host says which tickets changed; everything ticket-shaped refetches. */
export function useTicketEvents(): void {
  const qc = useQueryClient();
  useEvent('tickets:changed', () => {
    void qc.invalidateQueries({ queryKey: ticketKeys.all });
  });
}
