import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client';

export const directoryKeys = {
  all: ['directory'] as const,
  status: ['directory', 'status'] as const,
  search: (query: string) => ['directory', 'search', query] as const,
  contract: (id: number) => ['directory', 'contract', id] as const,
};

export function useDirectoryStatus() {
  return useQuery({ queryKey: directoryKeys.status, queryFn: () => call('directory:status', {}) });
}
