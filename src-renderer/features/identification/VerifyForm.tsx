import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from '@tanstack/react-query';
import { call } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { useAppUi } from '../../shared/appUi';
import { verifyMutationKey } from '../../shared/queryKeys';
import { useActiveProfile } from '../settings/queries';

/**
 * R-ID-CONTRACT: the caller names the contract number and the holder's surname; both must match
 * the directory. Inline on the card; Enter in either field checks. The card is keyed by the
 * contract, so this state starts empty for every contract opened.
 */
export function VerifyForm({ contractId }: { readonly contractId: number }) {
  const { t } = useTranslation();
  const selectContract = useAppUi((s) => s.selectContract);
  const [contractNo, setContractNo] = useState('');
  const [surname, setSurname] = useState('');
  // R-ID-STAFF: a staff-only desk asks whether the caller is the customer's own staff.
  const staffOnly = useActiveProfile().active?.staffOnly === true;
  const [staff, setStaff] = useState<boolean | null>(null);
  // Keyed so the calls feature can record a successful check on the call (features/calls/useLiveCalls.ts).
  const verify = useMutation({
    mutationKey: verifyMutationKey,
    mutationFn: (v: { contractNo: string; surname: string; callerStaff: boolean | null }) => call('identification:verify', v),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    verify.mutate({ contractNo: contractNo.trim(), surname: surname.trim(), callerStaff: staffOnly ? staff : null });
  };
  // A result belongs to what was typed; editing a field withdraws it.
  const edit =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      if (!verify.isIdle) verify.reset();
    };

  const r = verify.data;
  return (
    <form className="verify" onSubmit={submit} noValidate aria-labelledby="verify-title">
      <h3 id="verify-title" className="card-subtitle">
        {t('verify.title')}
      </h3>
      <div className="verify-row">
        <label className="field">
          <span className="field-label">{t('verify.contractNo')}</span>
          <input
            className="input"
            value={contractNo}
            onChange={(e) => edit(setContractNo)(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            maxLength={64}
            data-testid="verify-contract"
          />
        </label>
        <label className="field">
          <span className="field-label">{t('verify.surname')}</span>
          <input
            className="input"
            value={surname}
            onChange={(e) => edit(setSurname)(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            maxLength={100}
            data-testid="verify-surname"
          />
        </label>
        {staffOnly ? (
          <fieldset className="field verify-staff" data-testid="verify-staff">
            <legend className="field-label">{t('verify.staffQuestion')}</legend>
            <label>
              <input type="radio" name="verify-staff" checked={staff === true} onChange={() => edit(setStaff)(true)} data-testid="verify-staff-yes" />{' '}
              {t('verify.staffYes')}
            </label>
            <label>
              <input type="radio" name="verify-staff" checked={staff === false} onChange={() => edit(setStaff)(false)} data-testid="verify-staff-no" />{' '}
              {t('verify.staffNo')}
            </label>
          </fieldset>
        ) : null}
        <button type="submit" className="btn" disabled={verify.isPending} data-testid="verify-submit">
          {verify.isPending ? t('verify.checking') : t('verify.submit')}
        </button>
      </div>
      <div aria-live="polite">
        {verify.isError ? <ErrorText error={verify.error} testId="verify-result" /> : null}
        {r ? (
          r.verified && r.contract && r.contract.id !== contractId ? (
            <p className="msg msg-warn" data-testid="verify-result" data-verified="other">
              {t('verify.okOther', { no: r.contract.contractNo })}{' '}
              <button type="button" className="btn btn-small" onClick={() => r.contract && selectContract(r.contract.id)}>
                {t('verify.openOther')}
              </button>
            </p>
          ) : r.verified ? (
            <p className="msg msg-ok" data-testid="verify-result" data-verified="true">
              {t('verify.ok')}
            </p>
          ) : (
            <p className="msg msg-error" data-testid="verify-result" data-verified="false">
              {t('verify.failed', { reason: t(`verify.reason_${r.reason ?? 'missing-input'}`) })}
            </p>
          )
        ) : null}
      </div>
    </form>
  );
}
