/**
 * R-ID-CONTRACT: the caller is verified by the contract number and the holder's surname, both
 * matching the local directory. Only a verified caller gets the card (with its eligibility).
 */
import type { DeskProfile } from '../../src-shared/domain/deskProfile';
import { verifyAmong } from '../../src-shared/domain/identification';
import type { Contract } from '../../src-shared/ipc/contract';
import type { ProductionCalendar } from '../../src-shared/worktime/calendar';
import { createContractCards } from '../directory/cards';
import type { DirectoryRepo } from '../directory/repo';

export type VerifyResult = {
  verified: boolean;
  reason: 'missing-input' | 'contract-not-found' | 'surname-mismatch' | 'staff-unknown' | 'not-staff' | null;
  contract: Contract | null;
};

export function createVerificationService(deps: {
  repo: Pick<DirectoryRepo, 'findByTypedNumber'>;
  profile: () => DeskProfile;
  now: () => Date;
  calendar: ProductionCalendar;
}) {
  const { repo } = deps;
  const withEligibility = createContractCards(deps);
  return {
    verify(input: { contractNo: string; surname: string; callerStaff?: boolean | null }): VerifyResult {
      // The number as dictated («6», «д6», «D-000006»): the same key as the search box.
      const candidates = input.contractNo.trim() === '' ? [] : repo.findByTypedNumber(input.contractNo);
      const v = verifyAmong(candidates, input);
      // R-ID-STAFF: a staff-only desk asks whether the caller is the customer's own staff; a partner
      // (or an unanswered question) is not verified and gets no card.
      const staff = input.callerStaff ?? null;
      if (v.verified && deps.profile().staffOnly && staff !== true) {
        return { verified: false, reason: staff === false ? 'not-staff' : 'staff-unknown', contract: null };
      }
      if (v.verified) return { verified: true, reason: null, contract: withEligibility([v.contract])[0] ?? null };
      // The card is only shown for a verified caller; on a surname mismatch it would disclose the
      // holder's data to whoever knows a contract number.
      return { verified: false, reason: v.reason, contract: null };
    },
  };
}
export type VerificationService = ReturnType<typeof createVerificationService>;
