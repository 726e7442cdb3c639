/**
 * Search over the local directory: one search box (classifyQuery decides what was typed) and the
 * caller card. Every returned contract carries its eligibility under the active desk profile's
 * balance rules (./cards.ts). The contract + surname check is identification's
 * (src-main/identification/verify.ts).
 */
import type { DeskProfile } from '../../src-shared/domain/deskProfile';
import { classifyQuery, type SearchQuery } from '../../src-shared/domain/identification';
import type { Contract } from '../../src-shared/ipc/contract';
import { AppError } from '../../src-shared/ipc/envelope';
import type { ProductionCalendar } from '../../src-shared/worktime/calendar';
import { createContractCards } from './cards';
import type { ContractRecord, DirectoryRepo } from './repo';
import { errorReason } from '../../src-shared/text/errors';

export type SearchResult = { query: SearchQuery; results: Contract[]; truncated: boolean };

export function createDirectoryService(deps: { repo: DirectoryRepo; profile: () => DeskProfile; now: () => Date; calendar: ProductionCalendar }) {
  const { repo } = deps;

  const withEligibility = createContractCards(deps);

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
        case 'contract':
        case 'phone-incomplete':
          // The number as dictated (src-shared/domain/contractNo.ts), never a near miss: «7» must
          // not show contract 17. A 9-digit phone is still a possible contract number first.
          return { query, ...page(repo.findByTypedNumber(query.contractNo, limit + 1), limit) };
        case 'phone-tail': {
          // R-ID-PHONE: «454-13-60» is how people give a number they know by heart; the same
          // 7 digits may also be a contract number.
          const byNumber = repo.findByTypedNumber(query.contractNo, limit + 1);
          const seen = new Set(byNumber.map((c) => c.id));
          const byPhone = repo.findByPhoneTail(query.tail, limit + 1).filter((c) => !seen.has(c.id));
          return { query, ...page([...byNumber, ...byPhone], limit) };
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
      if (!found)
        throw new AppError(
          'NOT_FOUND',
          `contract ${id} is not in the directory (it may have been replaced by an import)`,
          undefined,
          errorReason('contractGone'),
        );
      return withEligibility([found])[0] as Contract;
    },
  };
}
export type DirectoryService = ReturnType<typeof createDirectoryService>;

function assertNever(x: never): never {
  throw new Error(`unexpected search query ${JSON.stringify(x)}`);
}
