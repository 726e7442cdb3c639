/**
 * The agent state through the contract (available / on call / wrap-up / break); the
 * host's `agent:state` event replaces the cached copy as it comes.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { call, useEvent } from '../../api/client';

export const agentKeys = {
  status: ['agent', 'status'] as const,
};

export function useAgentState() {
  return useQuery({ queryKey: agentKeys.status, queryFn: () => call('agent:status', {}), staleTime: Infinity });
}

/** Mount once (App): host events → the cache. */
export function useAgentEvents(): void {
  const qc = useQueryClient();
  useEvent('agent:state', (s) => qc.setQueryData(agentKeys.status, s));
}
