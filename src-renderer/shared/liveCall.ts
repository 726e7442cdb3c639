/**
 * The live calls as every feature sees them: the host's calls snapshot in react-query, with the
 * host-minus-local clock offset measured when it arrived. The calls feature keeps it current
 * (`calls:state`, its actions); tickets, visits, the agent menu and the softphone only read it.
 */
import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Call } from '../../src-shared/domain/call';
import type { CallsSnapshotSchema } from '../../src-shared/ipc/calls';
import { call } from '../api/client';
import { hostOffsetMs, splitLines } from './callLines';
import { callKeys } from './queryKeys';

type Snapshot = z.infer<typeof CallsSnapshotSchema>;
/** A calls snapshot with the host-minus-local clock offset measured when it arrived. */
export type CallsView = Snapshot & { readonly offsetMs: number };

export const callsView = (s: Snapshot): CallsView => ({ ...s, offsetMs: hostOffsetMs(s.now, Date.now()) });

export function useCalls() {
  return useQuery({ queryKey: callKeys.calls, queryFn: async () => callsView(await call('calls:list', {})), staleTime: Infinity });
}

/** The calls in the cache right now (event handlers and mutations, outside render). */
export function cachedCalls(qc: QueryClient): readonly Call[] {
  return qc.getQueryData<CallsView>(callKeys.calls)?.calls ?? [];
}

/** The line being talked on (or dialled) right now, from the cache. */
export function cachedActiveCall(qc: QueryClient): Call | null {
  return splitLines(cachedCalls(qc)).active;
}

/** An updated call (an action's answer) merged into the cached snapshot, so the UI reacts before the event. */
export function mergeCall(qc: QueryClient, c: Call): void {
  qc.setQueryData<CallsView>(callKeys.calls, (v) => {
    if (!v) return v;
    const known = v.calls.find((x) => x.id === c.id);
    // An ended call is final: an action's answer showing it live was overtaken by the end event.
    if (known?.state === 'ended' && c.state !== 'ended') return v;
    return { ...v, calls: known ? v.calls.map((x) => (x.id === c.id ? c : x)) : [...v.calls, c] };
  });
}
