import { AppError } from '../../src-shared/ipc/envelope';
import type { Db } from '../db/open';
import type { RunMutation } from '../mutations/index';
import type { DeskProfile } from '../../src-shared/domain/deskProfile';
import { errorReason } from '../../src-shared/text/errors';

type RedirectRow = { id: string; contract_no: string | null; phone: string | null; reason: string; recorded_at: string };

/**
 * R-BAL-SCOPE: tech support does not handle money questions; the operator routes them away and
 * the console records the redirect with its reason: the `redirect.record` mutation (its row and
 * its outbox entry in one transaction); this file reads the table.
 */
export function createRedirectsService(deps: {
  db: Db;
  runMutation: RunMutation;
  now: () => Date;
  profile: () => DeskProfile;
  contractNo: (id: number) => string | null;
}) {
  const { db, runMutation, now, profile } = deps;
  const byContract = db.prepare<[string], RedirectRow>(
    'SELECT id, contract_no, phone, reason, recorded_at FROM redirects WHERE contract_no = ? ORDER BY recorded_at DESC LIMIT 50',
  );
  const recent = db.prepare<[], RedirectRow>('SELECT id, contract_no, phone, reason, recorded_at FROM redirects ORDER BY recorded_at DESC LIMIT 50');
  const toDto = (r: RedirectRow) => ({ id: r.id, contractNo: r.contract_no, phone: r.phone, reason: r.reason, recordedAt: r.recorded_at });
  const contractNoOf = (id: number | null): string | null => {
    if (id === null) return null;
    const no = deps.contractNo(id);
    if (no === null)
      throw new AppError(
        'NOT_FOUND',
        `no contract with id ${id} (the directory may have been re-imported; search again)`,
        undefined,
        errorReason('contractGone'),
      );
    return no;
  };

  return {
    record(input: { contractId: number | null; phone: string | null; reason: string }) {
      const { moneyRedirect } = profile();
      const recordedAt = now().toISOString();
      const contractNo = contractNoOf(input.contractId);
      const args = { contractNo, phone: input.phone, reason: input.reason, redirectLabel: moneyRedirect.label, redirectPhone: moneyRedirect.phone, recordedAt };
      const { result } = runMutation('redirect.record', args);
      return { id: result.id, redirectLabel: moneyRedirect.label, redirectPhone: moneyRedirect.phone, recordedAt };
    },
    list(contractId: number | null) {
      return (contractId === null ? recent.all() : byContract.all(contractNoOf(contractId) ?? '')).map(toDto);
    },
  };
}
export type RedirectsService = ReturnType<typeof createRedirectsService>;
