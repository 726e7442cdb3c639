import { assessEligibility } from '../../src-shared/domain/eligibility';
import type { DeskProfile } from '../../src-shared/domain/deskProfile';
import type { Contract } from '../../src-shared/ipc/contract';
import type { ProductionCalendar } from '../../src-shared/worktime/calendar';
import type { ContractRecord } from './repo';

/**
 * Directory records → the contract's `Contract` cards with their eligibility (R-BAL-*). Computed
 * per request: it depends on "now" and on the active profile's balance rules.
 */
export function createContractCards(deps: { profile: () => DeskProfile; now: () => Date; calendar: ProductionCalendar }) {
  return (records: readonly ContractRecord[]): Contract[] => {
    if (records.length === 0) return [];
    const rules = deps.profile().balance;
    const now = deps.now();
    return records.map((r) => {
      const e = assessEligibility(r, rules, now, deps.calendar);
      return { ...r, eligibility: { ...e, reasons: e.reasons.map((x) => ({ ...x })) } };
    });
  };
}
