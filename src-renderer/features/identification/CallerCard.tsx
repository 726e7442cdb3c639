import { useTranslation } from 'react-i18next';
import type { Contract } from '../../../src-shared/ipc/contract';
import { useAppUi } from '../../shared/appUi';
import { VerifyForm } from './VerifyForm';
import { ClickToCall } from '../calls/ClickToCall';

/** Who is calling: the contract as the directory has it, and the R-ID-CONTRACT check. */
export function CallerCard({ contract: c }: { readonly contract: Contract }) {
  const { t } = useTranslation();
  const close = useAppUi((s) => s.selectContract);
  const none = <span className="muted">{t('card.none')}</span>;
  return (
    <article className="card caller-card" aria-labelledby="caller-title" data-testid="caller-card" data-contract-no={c.contractNo}>
      <header className="card-head">
        <h2 id="caller-title" className="card-title">
          <span className="card-kicker">{t('card.contractNo')}</span> <span data-testid="card-contract-no">{c.contractNo}</span>
        </h2>
        <span className={`badge badge-status status-${c.status}`}>{t(`card.status_${c.status}`)}</span>
        <button type="button" className="btn btn-ghost btn-small card-close" onClick={() => close(null)} aria-label={t('card.close')} title={t('card.close')}>
          ✕
        </button>
      </header>
      <dl className="facts facts-card">
        <dt>{t('card.holder')}</dt>
        <dd className="facts-strong" data-testid="card-holder">
          {c.holderName}
        </dd>
        <dt>{t('card.address')}</dt>
        <dd>{c.address || none}</dd>
        <dt>{t('card.phones')}</dt>
        <dd data-testid="card-phones">{c.phones.length ? <ClickToCall phones={c.phones} contractNo={c.contractNo} /> : none}</dd>
        <dt>{t('card.devices')}</dt>
        <dd className="mono" data-testid="card-devices">
          {c.devices.length ? c.devices.join(', ') : none}
        </dd>
        <dt>{t('card.tariff')}</dt>
        <dd>{c.tariff || none}</dd>
        <dt>{t('card.status')}</dt>
        <dd>{t(`card.status_${c.status}`)}</dd>
      </dl>
      <VerifyForm contractId={c.id} />
    </article>
  );
}
