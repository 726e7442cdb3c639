import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { call, useEvent } from '../../api/client';
import { SEARCH_LIMIT } from '../../shared/contracts';
import { directoryKeys } from '../../shared/queryKeys';

export const identificationKeys = {
  redirectsAll: ['identification', 'redirects'] as const,
  redirects: (contractId: number) => ['identification', 'redirects', contractId] as const,
};

export function useSearch(query: string) {
  const q = query.trim();
  return useQuery({
    queryKey: directoryKeys.search(q),
    queryFn: () => call('directory:search', { query: q, limit: SEARCH_LIMIT }),
    enabled: q !== '',
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

export function useRedirects(contractId: number) {
  const qc = useQueryClient();
  // Redirects another console recorded (a pull) join the history on screen.
  useEvent('identification:redirectsChanged', () => void qc.invalidateQueries({ queryKey: identificationKeys.redirectsAll }));
  return useQuery({
    queryKey: identificationKeys.redirects(contractId),
    queryFn: () => call('identification:redirects', { contractId }),
  });
}
