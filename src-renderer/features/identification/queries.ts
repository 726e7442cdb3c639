import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { call } from '../../api/client';
import { directoryKeys } from '../directory/queries';

export const SEARCH_LIMIT = 50;

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

export function useContract(id: number | null) {
  return useQuery({
    queryKey: directoryKeys.contract(id ?? -1),
    queryFn: () => call('directory:get', { id: id ?? -1 }),
    enabled: id !== null,
  });
}

export function useRedirects(contractId: number) {
  return useQuery({
    queryKey: identificationKeys.redirects(contractId),
    queryFn: () => call('identification:redirects', { contractId }),
  });
}
