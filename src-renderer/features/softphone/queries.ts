/**
 * Softphone data through the contract (react-query owns it; STYLE.md): registration status and
 * the SIP account. The host's `softphone:status` event replaces the cached status as it comes.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { call, useEvent } from '../../api/client';

export const softphoneKeys = {
  status: ['softphone', 'status'] as const,
  account: ['softphone', 'account'] as const,
};

export function useSipStatus() {
  return useQuery({ queryKey: softphoneKeys.status, queryFn: () => call('softphone:status', {}), staleTime: Infinity });
}
export function useAccount() {
  return useQuery({ queryKey: softphoneKeys.account, queryFn: () => call('softphone:account', {}), staleTime: Infinity });
}

/** Mount once (App, through useSoftphone): host events → the cache. */
export function useSoftphoneEvents(): void {
  const qc = useQueryClient();
  useEvent('softphone:status', (s) => qc.setQueryData(softphoneKeys.status, s));
}
