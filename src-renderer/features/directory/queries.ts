import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client';
import { directoryKeys } from '../../shared/queryKeys';

export function useDirectoryStatus() {
  return useQuery({ queryKey: directoryKeys.status, queryFn: () => call('directory:status', {}) });
}
