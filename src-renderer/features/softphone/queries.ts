/**
 * Softphone data through the contract (react-query owns it; STYLE.md): registration status,
 * account, agent state, the live calls and the call log. Host events (`softphone:status`,
 * `calls:state`, `agent:state`) replace the cached copies as they come.
 */
import { useEffect, useRef } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallLogRow, CallsSnapshotSchema } from '../../../src-shared/ipc/calls';
import type { z } from 'zod';
import { call, useEvent } from '../../api/client';
import { endedBetween, hostOffsetMs } from '../calls/lines';
import { useCallsUi } from '../calls/store';

type Snapshot = z.infer<typeof CallsSnapshotSchema>;
/** A calls snapshot with the host-minus-local clock offset measured when it arrived. */
export type CallsView = Snapshot & { readonly offsetMs: number };

export type LogFilter = { readonly number?: string; readonly contractNo?: string; readonly from?: string; readonly to?: string; readonly operator?: string };

export const softphoneKeys = {
  status: ['softphone', 'status'] as const,
  account: ['softphone', 'account'] as const,
  agent: ['agent', 'status'] as const,
  calls: ['calls', 'list'] as const,
  logAll: ['calls', 'log'] as const,
  log: (f: LogFilter) => ['calls', 'log', f] as const,
  /** Under logAll, so a finished call refreshes it too. */
  repeat: (number: string) => ['calls', 'log', 'repeat', number] as const,
  visits: ['visits', 'requests'] as const,
};

const view = (s: Snapshot): CallsView => ({ ...s, offsetMs: hostOffsetMs(s.now, Date.now()) });

export function useSipStatus() {
  return useQuery({ queryKey: softphoneKeys.status, queryFn: () => call('softphone:status', {}), staleTime: Infinity });
}
export function useAccount() {
  return useQuery({ queryKey: softphoneKeys.account, queryFn: () => call('softphone:account', {}), staleTime: Infinity });
}
export function useAgentState() {
  return useQuery({ queryKey: softphoneKeys.agent, queryFn: () => call('agent:status', {}), staleTime: Infinity });
}
export function useCalls() {
  return useQuery({ queryKey: softphoneKeys.calls, queryFn: async () => view(await call('calls:list', {})), staleTime: Infinity });
}
export function useCallLog(f: LogFilter, limit = 200) {
  return useQuery({ queryKey: softphoneKeys.log(f), queryFn: () => call('calls:log', { ...f, limit }), staleTime: 5_000 });
}
export function useVisitRequests() {
  return useQuery({ queryKey: softphoneKeys.visits, queryFn: () => call('visits:requests', {}), staleTime: 5_000 });
}
/** R-CALL-REPEAT: earlier calls from the same number (not the call itself). */
export function useRepeatCalls(number: string | null, exceptId: string | null) {
  return useQuery({
    queryKey: softphoneKeys.repeat(number ?? ''),
    queryFn: () => call('calls:log', { number: number ?? '', limit: 20 }),
    enabled: number !== null && number !== '',
    staleTime: 30_000,
    select: (rows: CallLogRow[]) => rows.filter((r) => r.id !== exceptId),
  });
}

/** Mount once (App): host events → the cache; a call that ended asks for wrap-up and refreshes the log. */
export function useSoftphoneEvents(): void {
  const qc = useQueryClient();
  const addWrapUp = useCallsUi((s) => s.addWrapUp);
  const last = useRef<Snapshot['calls']>([]);
  // After a reload the host still holds the ended calls that were not wrapped up: offer them again.
  const initial = useCalls().data;
  const seeded = useRef(false);
  useEffect(() => {
    if (!initial || seeded.current) return;
    seeded.current = true;
    for (const c of initial.calls) if (c.state === 'ended' && c.answeredAt !== null) addWrapUp({ callId: c.id, remoteNumber: c.remoteNumber, contractNo: c.contractNo, notes: null });
  }, [initial, addWrapUp]);
  useEvent('softphone:status', (s) => qc.setQueryData(softphoneKeys.status, s));
  useEvent('agent:state', (s) => qc.setQueryData(softphoneKeys.agent, s));
  useEvent('calls:state', (s) => {
    const prev = qc.getQueryData<CallsView>(softphoneKeys.calls)?.calls ?? last.current;
    const ended = endedBetween(prev, s.calls);
    last.current = s.calls;
    qc.setQueryData(softphoneKeys.calls, view(s));
    if (ended.length === 0) return;
    for (const c of ended) if (c.answeredAt !== null) addWrapUp({ callId: c.id, remoteNumber: c.remoteNumber, contractNo: c.contractNo, notes: null });
    void qc.invalidateQueries({ queryKey: softphoneKeys.logAll });
    void qc.invalidateQueries({ queryKey: softphoneKeys.visits });
  });
}
