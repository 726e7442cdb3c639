/**
 * What the live calls run for the whole window (App mounts it once): host events into the shared
 * calls snapshot (a call that ended asks for wrap-up and refreshes the log), screen pop, and the
 * verification result recorded on the call.
 */
import { useEffect, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Call } from '../../../src-shared/domain/call';
import { call, useEvent } from '../../api/client';
import { endedBetween } from '../../shared/callLines';
import { cachedActiveCall, cachedCalls, callsView, mergeCall, useCalls } from '../../shared/liveCall';
import { callKeys, verifyMutationKey } from '../../shared/queryKeys';
import { visitKeys } from '../visits/queries';
import { useCallUi } from './callUi';
import { useScreenPop } from './screenPop';

export function useLiveCalls(): void {
  useCallEvents();
  useScreenPop(useCalls().data?.calls ?? []);
  useVerificationOnCall();
}

/** Host events → the cache; a call that ended asks for wrap-up and refreshes the log. */
function useCallEvents(): void {
  const qc = useQueryClient();
  const addWrapUp = useCallUi((s) => s.addWrapUp);
  const last = useRef<readonly Call[]>([]);
  // After a reload the host still holds the ended calls that were not wrapped up: offer them again.
  const initial = useCalls().data;
  const seeded = useRef(false);
  useEffect(() => {
    if (!initial || seeded.current) return;
    seeded.current = true;
    for (const c of initial.calls)
      if (c.state === 'ended' && c.answeredAt !== null) addWrapUp({ callId: c.id, remoteNumber: c.remoteNumber, contractNo: c.contractNo, notes: null });
  }, [initial, addWrapUp]);
  useEvent('calls:state', (s) => {
    const prev = qc.getQueryData(callKeys.calls) ? cachedCalls(qc) : last.current;
    const ended = endedBetween(prev, s.calls);
    last.current = s.calls;
    qc.setQueryData(callKeys.calls, callsView(s));
    if (ended.length === 0) return;
    for (const c of ended) if (c.answeredAt !== null) addWrapUp({ callId: c.id, remoteNumber: c.remoteNumber, contractNo: c.contractNo, notes: null });
    void qc.invalidateQueries({ queryKey: callKeys.logAll });
    void qc.invalidateQueries({ queryKey: visitKeys.requests });
  });
  // Calls and visit requests another console wrote (a pull): the log and the requests refetch.
  useEvent('calls:changed', () => {
    void qc.invalidateQueries({ queryKey: callKeys.logAll });
    void qc.invalidateQueries({ queryKey: visitKeys.requests });
  });
}

type VerifyResult = { readonly verified: boolean; readonly reason: string | null; readonly contract: { readonly contractNo: string } | null };

/**
 * R-ID-CONTRACT on the call record (UX.md: "the result stays on the call record"): a successful
 * check on the card while a call is up identifies the call with the verified contract.
 */
function useVerificationOnCall(): void {
  const qc = useQueryClient();
  useEffect(
    () =>
      qc.getMutationCache().subscribe((e) => {
        if (e.type !== 'updated' || e.action.type !== 'success') return;
        const key = e.mutation.options.mutationKey;
        if (!key || key[0] !== verifyMutationKey[0] || key[1] !== verifyMutationKey[1]) return;
        const r = e.action.data as VerifyResult;
        // R-ID-STAFF: what the caller answered travels with the result onto the call record.
        const asked = e.mutation.state.variables as { readonly callerStaff?: boolean | null } | undefined;
        const callerStaff = asked?.callerStaff ?? null;
        const active = cachedActiveCall(qc);
        if (!active) return;
        const merge = (c: Call) => cachedCalls(qc).some((x) => x.id === c.id) && mergeCall(qc, c);
        if (r.reason === 'not-staff') {
          // A partner of a staff-only desk: the call keeps that it was asked and the answer.
          call('calls:identify', { callId: active.id, contractNo: active.contractNo, verified: false, callerStaff: false }).then(merge, (err: unknown) =>
            console.warn('the staff answer could not be recorded on the call', err),
          );
          return;
        }
        if (!r.verified || !r.contract) return;
        if (active.verified && active.contractNo === r.contract.contractNo) return;
        call('calls:identify', { callId: active.id, contractNo: r.contract.contractNo, verified: true, callerStaff }).then(
          // Only a call still in the snapshot is replaced (an answer never adds one here).
          (c) => cachedCalls(qc).some((x) => x.id === c.id) && mergeCall(qc, c),
          (err: unknown) => console.warn('the verification could not be recorded on the call', err),
        );
      }),
    [qc],
  );
}
