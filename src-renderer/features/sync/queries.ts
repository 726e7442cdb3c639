import { useQuery, useQueryClient } from '@tanstack/react-query';
import { call, useEvent } from '../../api/client';

const keys = {
  state: ['sync', 'state'] as const,
  rejections: ['sync', 'rejections'] as const,
};

/** The host's sync state (`sync:state`), kept current by the host's `sync:state` event. */
export function useSyncState() {
  const qc = useQueryClient();
  useEvent('sync:state', (s) => {
    const before = qc.getQueryData<typeof s>(keys.state);
    qc.setQueryData(keys.state, s);
    // A new refusal (or one dismissed elsewhere): the panel's list follows.
    if (before?.rejected !== s.rejected) void qc.invalidateQueries({ queryKey: keys.rejections });
  });
  return useQuery({ queryKey: keys.state, queryFn: () => call('sync:state', {}) });
}

export function useSyncRejections() {
  return useQuery({ queryKey: keys.rejections, queryFn: () => call('sync:rejections', {}) });
}

export const syncKeys = keys;
