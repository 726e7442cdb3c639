/**
 * Caller identification over the local directory: one search box (classifyQuery decides what
 * was typed), the caller card, and the contract + surname check. Every returned contract carries
 * its eligibility under the active desk profile's balance rules.
 */
import { assessEligibility } from '../../src-shared/domain/eligibility';
import type { DeskProfile } from '../../src-shared/domain/deskProfile';
import { classifyQuery, normalizeContractNo, verifyContract, type SearchQuery } from '../../src-shared/domain/identification';
import type { Contract } from '../../src-shared/ipc/contract';
import { AppError } from '../../src-shared/ipc/envelope';
import type { ProductionCalendar } from '../../src-shared/worktime/calendar';
import type { ContractRecord, DirectoryRepo } from './repo';

export type SearchResult = { query: SearchQuery; results: Contract[]; truncated: boolean };
export type VerifyResult = {
  verified: boolean;
  reason: 'missing-input' | 'contract-not-found' | 'surname-mismatch' | null;
  contract: Contract | null;
};

export function createDirectoryService(deps: { repo: DirectoryRepo; profile: () => DeskProfile; now: () => Date; calendar: ProductionCalendar }) {
  const { repo } = deps;

  /** Eligibility is computed per request: it depends on "now" and on the active profile. */
  function withEligibility(records: readonly ContractRecord[]): Contract[] {
    if (records.length === 0) return [];
    const rules = deps.profile().balance;
    const now = deps.now();
    return records.map((r) => {
      const e = assessEligibility(r, rules, now, deps.calendar);
      return { ...r, eligibility: { ...e, reasons: e.reasons.map((x) => ({ ...x })) } };
    });
  }

  /** limit+1 rows tell whether there are more than `limit`. */
  function page(records: readonly ContractRecord[], limit: number): { results: Contract[]; truncated: boolean } {
    return { results: withEligibility(records.slice(0, limit)), truncated: records.length > limit };
  }

  return {
    search(text: string, limit: number): SearchResult {
      const query = classifyQuery(text);
      switch (query.kind) {
        case 'empty':
        case 'serial-invalid': // R-ID-SERIAL: the UI says how many digits were typed; no guessing
          return { query, results: [], truncated: false };
        case 'phone': // R-ID-PHONE: all contracts sharing the caller's number
          return { query, ...page(repo.findByPhone(query.e164, limit + 1), limit) };
        case 'serial':
          return { query, ...page(repo.findBySerial(query.serial, limit + 1), limit) };
        case 'contract': {
          // An exact number or nothing: a near miss must not show somebody else's contract.
          const found = repo.findByContractNo(query.contractNo);
          return { query, results: withEligibility(found ? [found] : []), truncated: false };
        }
        case 'surname': {
          const { records, truncated } = repo.findBySurnamePrefix(query.prefix, limit);
          return { query, results: withEligibility(records), truncated };
        }
        default:
          return assertNever(query);
      }
    },

    get(id: number): Contract {
      const found = repo.getById(id);
      if (!found) throw new AppError('NOT_FOUND', `contract ${id} is not in the directory (it may have been replaced by an import)`);
      return withEligibility([found])[0] as Contract;
    },

    /** R-ID-CONTRACT: the contract number and the holder's surname must both match. */
    verify(input: { contractNo: string; surname: string }): VerifyResult {
      const no = normalizeContractNo(input.contractNo);
      const found = no === '' ? null : repo.findByContractNo(no);
      const v = verifyContract(found, input);
      if (v.verified) return { verified: true, reason: null, contract: withEligibility([found as ContractRecord])[0] ?? null };
      // The card is only shown for a verified caller; on a surname mismatch it would disclose the
      // holder's data to whoever knows a contract number.
      return { verified: false, reason: v.reason, contract: null };
    },
  };
}
export type DirectoryService = ReturnType<typeof createDirectoryService>;

function assertNever(x: never): never {
  throw new Error(`unexpected search query ${JSON.stringify(x)}`);
}
