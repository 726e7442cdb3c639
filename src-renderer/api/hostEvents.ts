import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { initTransport, useEvent } from './client';
import { refetchAfterReconnect } from './transport';
import { directoryKeys, profileKeys } from '../shared/queryKeys';

/**
 * Host events keep react-query's copy of host data current: a new directory or another desk
 * profile changes search results and every eligibility verdict, so those are refetched.
 */
export function useHostEventsToQueries(): void {
  const qc = useQueryClient();
  useEvent('directory:changed', (status) => {
    qc.setQueryData(directoryKeys.status, status);
    void qc.invalidateQueries({ queryKey: directoryKeys.all, predicate: (q) => q.queryKey[1] !== 'status' });
  });
  useEvent('profiles:changed', (snapshot) => {
    qc.setQueryData(profileKeys.all, snapshot);
    void qc.invalidateQueries({ queryKey: directoryKeys.all, predicate: (q) => q.queryKey[1] !== 'status' });
  });
  // Events sent while the socket was down are lost: after a reconnect, refetch everything.
  useEffect(() => {
    const setup = initTransport();
    if (!setup.ok) return undefined;
    return setup.transport.onState(refetchAfterReconnect(() => void qc.invalidateQueries()));
  }, [qc]);
}
