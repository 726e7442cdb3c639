import { useTranslation } from 'react-i18next';
import type { Contract } from '../../../src-shared/ipc/contract';
import { formatRub } from '../../../src-shared/domain/money';
import { formatIsoDate } from '../../../src-shared/worktime/moscow';
import { formatDateTimeMsk } from '../../lib/format';
import { levelIcon, verdictOf } from '../../lib/verdict';
import { MoneyQuestion } from './MoneyQuestion';
import { PaidScope } from './PaidScope';

/**
 * R-BAL-POSITIVE / R-BAL-SUSPEND: the balance with its date, a warning when it may be stale, and
 * the one-line verdict in colour *and* words with an icon (never colour alone).
 */
export function EligibilityCard({ contract: c, viaPhone }: { readonly contract: Contract; readonly viaPhone: string | null }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'ru';
  const e = c.eligibility;
  const verdict = verdictOf(e);
  const stale = e.reasons.find((r) => r.code === 'balance-stale');
  const amount = c.balanceKopecks === null ? null : formatRub(c.balanceKopecks, locale);
  return (
    <article className="card eligibility-card" aria-labelledby="elig-title" data-testid="eligibility-card">
      <h2 id="elig-title" className="card-title">
        {t('eligibility.title')}
      </h2>
      <p className={`verdict level-${verdict.level}`} role="status" data-testid="eligibility-verdict" data-level={verdict.level}>
        <span className="verdict-icon" aria-hidden="true">
          {levelIcon(verdict.level)}
        </span>
        <span className="sr-only">{t(`eligibility.level.${verdict.level}`)}: </span>
        <span className="verdict-text">{t(verdict.primary.key, verdict.primary.params)}</span>
      </p>
      {verdict.details.length > 0 ? (
        <ul className="verdict-details">
          {verdict.details.map((d, i) => (
            <li key={`${i}-${d.key}`}>{t(d.key, d.params)}</li>
          ))}
        </ul>
      ) : null}
      <dl className="facts">
        <dt>{t('eligibility.balance')}</dt>
        <dd data-testid="balance" className={c.balanceKopecks !== null && c.balanceKopecks <= 0 ? 'balance-negative' : 'balance'}>
          {amount === null
            ? t('eligibility.balanceUnknown')
            : c.balanceAt
              ? t('eligibility.balanceAt', { amount, at: `${formatDateTimeMsk(c.balanceAt)} ${t('topbar.zone')}` })
              : t('eligibility.balanceNoDate', { amount })}
        </dd>
        <dt>{t('eligibility.debt')}</dt>
        <dd data-testid="debt">
          {c.debtSince === null
            ? t('eligibility.noDebt')
            : e.debtWorkingDays !== null
              ? t('eligibility.debtDays', { date: formatIsoDate(c.debtSince), count: e.debtWorkingDays })
              : t('eligibility.debtSince', { date: formatIsoDate(c.debtSince) })}
        </dd>
      </dl>
      {e.balanceStale ? (
        <p className="msg msg-warn" data-testid="balance-stale">
          ⚠ {stale ? t('eligibility.stale', { hours: Number(stale['hours']) }) : t('eligibility.verdict.timeUnknown')}
        </p>
      ) : null}
      <MoneyQuestion contractId={c.id} phone={viaPhone} />
      <PaidScope contractId={c.id} phone={viaPhone} />
    </article>
  );
}
