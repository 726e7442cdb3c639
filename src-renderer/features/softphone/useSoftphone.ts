/**
 * Everything the softphone runs for the whole window (App mounts it once): host events into the
 * cache, the media engine with a warm microphone, ring tone and notification, screen pop, and the
 * verification result recorded on the call.
 */
import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { call } from '../../api/client';
import { useMediaEngine } from '../../media/useMediaEngine';
import { splitLines } from '../../shared/callLines';
import { useScreenPop } from '../calls/screenPop';
import { softphoneKeys, useAccount, useCalls, useSoftphoneEvents, type CallsView } from './queries';
import { useIncomingAlerts } from './useIncomingAlerts';

export function useSoftphone(): void {
  useSoftphoneEvents();
  const account = useAccount().data?.account ?? null;
  useMediaEngine(account !== null && !account.nullMedia);
  const calls = useCalls().data?.calls ?? [];
  useIncomingAlerts(calls);
  useScreenPop(calls);
  useVerificationOnCall();
}

type VerifyResult = { readonly verified: boolean; readonly contract: { readonly contractNo: string } | null };

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
        if (!key || key[0] !== 'identification' || key[1] !== 'verify') return;
        const r = e.action.data as VerifyResult;
        if (!r.verified || !r.contract) return;
        const { active } = splitLines(qc.getQueryData<CallsView>(softphoneKeys.calls)?.calls ?? []);
        if (!active || (active.verified && active.contractNo === r.contract.contractNo)) return;
        call('calls:identify', { callId: active.id, contractNo: r.contract.contractNo, verified: true }).then(
          (c) => qc.setQueryData<CallsView>(softphoneKeys.calls, (v) => v && { ...v, calls: v.calls.map((x) => (x.id === c.id ? c : x)) }),
          (err: unknown) => console.warn('the verification could not be recorded on the call', err),
        );
      }),
    [qc],
  );
}
