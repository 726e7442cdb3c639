/**
 * The operator's call actions through the contract. Each answer (the updated Call) is merged into
 * the cached snapshot at once, so the panel reacts before the `calls:state` event arrives. Taking
 * a second line (answering or dialling while talking) puts the current one on hold first: one
 * active and one held line.
 */
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Call } from '../../../src-shared/domain/call';
import { call } from '../../api/client';
import { cachedActiveCall, mergeCall as merge } from '../../shared/liveCall';

async function holdActiveFirst(qc: QueryClient, exceptId: string | null): Promise<void> {
  const active = cachedActiveCall(qc);
  if (active && active.id !== exceptId && active.state === 'active') merge(qc, await call('calls:hold', { callId: active.id, on: true }));
}

export type CallActions = ReturnType<typeof useCallActions>;

/** One mutation for all actions: the panel shows its pending state and its last error. */
export function useCallActions() {
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: async (run: () => Promise<Call | null>) => {
      const c = await run();
      if (c) merge(qc, c);
      return c;
    },
  });
  const act = (run: () => Promise<Call | null>) => m.mutate(run);
  return {
    pending: m.isPending,
    error: m.error,
    reset: m.reset,
    answer: (c: Call) =>
      act(async () => {
        await holdActiveFirst(qc, c.id);
        return call('calls:answer', { callId: c.id });
      }),
    decline: (c: Call) => act(() => call('calls:decline', { callId: c.id })),
    hangup: (c: Call) => act(() => call('calls:hangup', { callId: c.id })),
    hold: (c: Call, on: boolean) => act(() => call('calls:hold', { callId: c.id, on })),
    mute: (c: Call, on: boolean) => act(() => call('calls:mute', { callId: c.id, on })),
    dtmf: (c: Call, tones: string) => act(() => call('calls:dtmf', { callId: c.id, tones })),
    // A transfer's answer is not merged: it only says the REFER was accepted, and the far end's
    // NOTIFY (done / failed, in calls:state) can overtake it on the way to the window.
    transfer: (c: Call, target: string) =>
      act(async () => {
        await call('calls:transfer', { callId: c.id, target });
        return null;
      }),
    /** The held line (the customer) joins the active one (the consulted colleague). */
    attended: (held: Call, consult: Call) =>
      act(async () => {
        await call('calls:attendedTransfer', { callId: held.id, consultCallId: consult.id });
        return null;
      }),
    /** Swap: hold the active line, resume the held one. */
    swap: (active: Call, held: Call) =>
      act(async () => {
        if (active.state === 'active') merge(qc, await call('calls:hold', { callId: active.id, on: true }));
        return call('calls:hold', { callId: held.id, on: false });
      }),
    resume: (held: Call) =>
      act(async () => {
        await holdActiveFirst(qc, held.id);
        return call('calls:hold', { callId: held.id, on: false });
      }),
    dial: (target: string, contractNo: string | null, done?: () => void) =>
      act(async () => {
        await holdActiveFirst(qc, null);
        const c = await call('calls:dial', { target, contractNo });
        done?.();
        return c;
      }),
    identify: (c: Call, contractNo: string | null, verified: boolean) => act(() => call('calls:identify', { callId: c.id, contractNo, verified })),
  };
}
