import { useTranslation } from 'react-i18next';
import type { VerdictOutcome } from '../../src-shared/domain/verdict';

/**
 * The verdict travels (issue 11): why the caller card's check failed, in the operator's words, and
 * the reason the operator types to make the ticket or visit anyway (kept in its history); or the
 * desk's refusal. Its own small component so the forms around it can change independently.
 */
export function VerdictReason({
  verdict,
  value,
  onChange,
  testId = 'verdict',
}: {
  readonly verdict: VerdictOutcome;
  readonly value: string;
  readonly onChange: (v: string) => void;
  readonly testId?: string;
}) {
  const { t } = useTranslation();
  if (verdict.demand === 'none') return null;
  return (
    <div
      className={`msg ${verdict.demand === 'refuse' ? 'msg-error' : 'msg-warn'} verdict-reason`}
      role="group"
      aria-labelledby={`${testId}-title`}
      data-testid={testId}
    >
      <p id={`${testId}-title`} className="verdict-title">
        ⚠ {t('verdict.title')}
      </p>
      <ul className="verdict-checks">
        {verdict.checks.map((c) => (
          <li key={c} data-check={c}>
            {t(`verdict.check.${c}`)}
          </li>
        ))}
      </ul>
      {verdict.demand === 'refuse' ? (
        <p data-testid={`${testId}-refused`}>{t('verdict.refused')}</p>
      ) : (
        <label className="field">
          <span className="field-label">
            {t('verdict.reason')} <span aria-hidden="true">*</span>
          </span>
          <textarea
            className="input"
            rows={2}
            maxLength={1000}
            required
            aria-required="true"
            aria-invalid={value.trim() === ''}
            placeholder={t('verdict.reasonPlaceholder')}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            data-testid={`${testId}-reason`}
          />
          {value.trim() === '' ? <span className="hint">{t('verdict.reasonNeeded')}</span> : null}
        </label>
      )}
    </div>
  );
}
