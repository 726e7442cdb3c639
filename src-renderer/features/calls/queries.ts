/**
 * The call log through the contract (react-query owns it; STYLE.md). The live calls snapshot is
 * shared (shared/liveCall.ts); this feature keeps it current (useLiveCalls.ts).
 */
import { useQuery } from '@tanstack/react-query';
import type { CallLogRow } from '../../../src-shared/ipc/calls';
import { call } from '../../api/client';
import { callKeys, type LogFilter } from '../../shared/queryKeys';

export function useCallLog(f: LogFilter, limit = 200) {
  return useQuery({ queryKey: callKeys.log(f), queryFn: () => call('calls:log', { ...f, limit }), staleTime: 5_000 });
}
/** R-CALL-REPEAT: earlier calls from the same number (not the call itself). */
export function useRepeatCalls(number: string | null, exceptId: string | null) {
  return useQuery({
    queryKey: callKeys.repeat(number ?? ''),
    queryFn: () => call('calls:log', { number: number ?? '', limit: 20 }),
    enabled: number !== null && number !== '',
    staleTime: 30_000,
    select: (rows: CallLogRow[]) => rows.filter((r) => r.id !== exceptId),
  });
}
