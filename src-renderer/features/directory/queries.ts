import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client';
import { directoryKeys } from '../../shared/queryKeys';

// Declared in shared/queryKeys.ts (identification, screen pop and the caller context read the
// directory too); re-exported only for api/hostEvents.ts, which another branch of issue 10 owns.
// Point that import at shared/queryKeys.ts and drop this line.
export { directoryKeys };

export function useDirectoryStatus() {
  return useQuery({ queryKey: directoryKeys.status, queryFn: () => call('directory:status', {}) });
}
