/**
 * The live calls as every feature sees them: the host's calls snapshot in react-query, with the
 * host-minus-local clock offset measured when it arrived. The calls feature keeps it current
 * (`calls:state`, its actions); tickets, visits, the agent menu and the softphone only read it.
 */
import { useCallback, useSyncExternalStore } from 'react';
import { hashKey, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
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

const CALLS_HASH = hashKey(callKeys.calls);

/**
 * The live calls snapshot for rendering. React Query owns it (the first load, the refetch after a
 * reconnect, `calls:state` written into it), but a component is told of a new snapshot by the query
 * cache at once, not through the query observer: the observer's notice waits for a timer task, and
 * whatever is queued by then (the media engine preparing the answer, other frames) ran before a
 * ringing call's Answer button could render (issue 11 item 5). So the render comes in the same task
 * as the `calls:state` frame. Only `data` is offered: the observer itself never re-renders.
 */
export function useCalls(): { readonly data: CallsView | undefined } {
  const qc = useQueryClient();
  useQuery({
    queryKey: callKeys.calls,
    queryFn: async () => callsView(await call('calls:list', {})),
    staleTime: Infinity,
    notifyOnChangeProps: [],
  });
  const subscribe = useCallback(
    (onChange: () => void) =>
      qc.getQueryCache().subscribe((e) => {
        if (e.query.queryHash === CALLS_HASH) onChange();
      }),
    [qc],
  );
  const data = useSyncExternalStore(subscribe, () => qc.getQueryData<CallsView>(callKeys.calls));
  return { data };
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
