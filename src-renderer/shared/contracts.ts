/**
 * Directory contracts as the features read them: the card open beside a call, a screen pop's
 * contract, a shared phone's candidates. One cache entry per search text, shared with the search
 * column (features/identification).
 */
import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { Contract } from '../../src-shared/ipc/contract';
import { call } from '../api/client';
import { directoryKeys } from './queryKeys';

export const SEARCH_LIMIT = 50;

export function useContract(id: number | null) {
  return useQuery({
    queryKey: directoryKeys.contract(id ?? -1),
    queryFn: () => call('directory:get', { id: id ?? -1 }),
    enabled: id !== null,
  });
}

/** The directory's contract with this number (shares the search column's cache entry). */
export async function findContract(qc: QueryClient, contractNo: string): Promise<Contract | null> {
  const r = await qc.fetchQuery({
    queryKey: directoryKeys.search(contractNo),
    queryFn: () => call('directory:search', { query: contractNo, limit: SEARCH_LIMIT }),
    staleTime: 10_000,
  });
  return r.results.find((c) => c.contractNo === contractNo) ?? null;
}
