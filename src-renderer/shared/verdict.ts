/**
 * The verdict travels (issue 11): what the host will demand for a ticket or a visit of this
 * contract, computed beforehand with the host's own pure rule (src-shared/domain/verdict.ts) from
 * what the caller card shows: the live call's verification and the directory's eligibility.
 * The host decides again on create; this only lets the form ask for the reason up front.
 */
import { useQuery } from '@tanstack/react-query';
import type { DeskProfile } from '../../src-shared/domain/deskProfile';
import { normalizeContractNo } from '../../src-shared/domain/identification';
import { verdictChecks, verdictDemand, type VerdictOutcome } from '../../src-shared/domain/verdict';
import { call } from '../api/client';
import { useCalls } from './liveCall';
import { SEARCH_LIMIT } from './contracts';
import { directoryKeys } from './queryKeys';

const NONE: VerdictOutcome = { checks: [], demand: 'none' };

export function useVerdict(contractNo: string, callId: string | null, profile: Pick<DeskProfile, 'staffOnly' | 'unverifiedPolicy'> | null): VerdictOutcome {
  const no = normalizeContractNo(contractNo.trim());
  const live = (useCalls().data?.calls ?? []).find((c) => c.id === callId) ?? null;
  const found = useQuery({
    queryKey: directoryKeys.search(no),
    queryFn: () => call('directory:search', { query: no, limit: SEARCH_LIMIT }),
    enabled: no !== '',
    staleTime: 10_000,
  });
  if (no === '' || !profile) return NONE;
  const contract = found.data?.results.find((c) => c.contractNo === no) ?? null;
  const verified = live !== null && live.verified && live.contractNo !== null && normalizeContractNo(live.contractNo) === no;
  const checks = verdictChecks({
    onCall: callId !== null,
    verified,
    // The live call does not carry the staff answer; a partner is not verified, and the host names it.
    callerStaff: null,
    staffOnly: profile.staffOnly,
    eligibility: contract ? contract.eligibility : null,
  });
  return { checks, demand: verdictDemand(checks, profile.unverifiedPolicy) };
}
