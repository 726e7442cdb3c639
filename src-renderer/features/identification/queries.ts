import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { call } from '../../api/client';
import { SEARCH_LIMIT } from '../../shared/contracts';
import { directoryKeys } from '../../shared/queryKeys';

export const identificationKeys = {
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
  return useQuery({
    queryKey: identificationKeys.redirects(contractId),
    queryFn: () => call('identification:redirects', { contractId }),
  });
}
