import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { call, isApiError } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { FeatureBoundary } from '../../components/ErrorBoundary';
import { useAppUi } from '../../shared/appUi';
import { CallPanel } from '../calls/CallPanel';
import { ContractTickets } from '../tickets/ContractTickets';
import { CallerCard } from './CallerCard';
import { EligibilityCard } from './EligibilityCard';
import { useContract } from '../../shared/contracts';
import { SearchColumn } from './SearchColumn';

/** «Идентификация»: the call panel and the search on the left, the caller card and the eligibility card beside it. */
export function IdentificationPanel() {
  const { t } = useTranslation();
  const id = useAppUi((s) => s.selectedContractId);
  const viaPhone = useAppUi((s) => s.selectedViaPhone);
  const contract = useContract(id);
  const select = useAppUi((s) => s.selectContract);
  useReopenAfterReimport(contract.data?.contractNo ?? null, contract.error, select);
  return (
    <div className="ident">
      {/* The call panel sits above the search (UX.md main screen): the screen pop fills the card beside it. */}
      <div className="ident-left">
        <FeatureBoundary feature="calls">
          <CallPanel />
        </FeatureBoundary>
        <SearchColumn />
      </div>
      {id === null ? (
        <div className="ident-empty">
          <p className="hint">{t('search.pick')}</p>
        </div>
      ) : contract.isError ? (
        <div className="ident-empty">
          <ErrorText error={contract.error} />
        </div>
      ) : !contract.data ? (
        <div className="ident-empty">
          <p className="hint">{t('card.loading')}</p>
        </div>
      ) : (
        <>
          {/* keyed by contract: verification and the money form start fresh for each contract */}
          <CallerCard key={`card-${contract.data.id}`} contract={contract.data} />
          {/* The context column (UX.md): eligibility, then the contract's open tickets with their SLA. */}
          <div className="ident-context">
            <EligibilityCard key={`elig-${contract.data.id}`} contract={contract.data} viaPhone={viaPhone} />
            <FeatureBoundary feature="contract-tickets">
              <ContractTickets contractNo={contract.data.contractNo} />
            </FeatureBoundary>
          </div>
        </>
      )}
    </div>
  );
}

/**
 * A new directory import replaces the contract ids: the open card's id is then NOT_FOUND. Find the
 * same contract number in the new directory and reopen it (or close the card if it is gone).
 */
function useReopenAfterReimport(contractNo: string | null, error: unknown, select: (id: number | null) => void): void {
  const lastNo = useRef<string | null>(null);
  useEffect(() => {
    if (contractNo !== null) lastNo.current = contractNo;
  }, [contractNo]);
  const notFound = isApiError(error) && error.code === 'NOT_FOUND';
  useEffect(() => {
    const no = lastNo.current;
    if (!notFound || no === null) return;
    let cancelled = false;
    void call('directory:search', { query: no, limit: 1 }).then(
      (r) => {
        if (cancelled) return;
        const again = r.results.find((c) => c.contractNo === no);
        select(again ? again.id : null);
      },
      (err: unknown) => console.warn('could not reopen the contract after a new import; the card shows NOT_FOUND', err),
    );
    return () => {
      cancelled = true;
    };
  }, [notFound, select]);
}
