import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from '@tanstack/react-query';
import { contract } from '../../../src-shared/ipc/contract';
import { call } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { FormField, fieldA11y } from '../../components/FormField';
import { useSchemaForm } from '../../lib/useSchemaForm';
import { useAppUi } from '../../shared/appUi';
import { verifyMutationKey } from '../../shared/queryKeys';
import { useActiveProfile } from '../settings/queries';

type VerifyFields = { contractNo: string; surname: string; callerStaff: 'yes' | 'no' | '' };
const staffAnswer = (v: VerifyFields['callerStaff']): boolean | null => (v === 'yes' ? true : v === 'no' ? false : null);

/**
 * R-ID-CONTRACT: the caller names the contract number and the holder's surname; both must match
 * the directory. Inline on the card; Enter in either field checks (with the host's own
 * `identification:verify` schema first: an empty field is named under it, in the operator's
 * language). The card is keyed by the contract, so this state starts empty for every contract opened.
 */
export function VerifyForm({ contractId }: { readonly contractId: number }) {
  const { t } = useTranslation();
  const selectContract = useAppUi((s) => s.selectContract);
  // R-ID-STAFF: a staff-only desk asks whether the caller is the customer's own staff.
  const staffOnly = useActiveProfile().active?.staffOnly === true;
  // Keyed so the calls feature can record a successful check on the call (features/calls/useLiveCalls.ts).
  const verify = useMutation({
    mutationKey: verifyMutationKey,
    mutationFn: (v: { contractNo: string; surname: string; callerStaff: boolean | null }) => call('identification:verify', v),
  });
  const toInput = (v: VerifyFields) => ({ contractNo: v.contractNo, surname: v.surname, callerStaff: staffOnly ? staffAnswer(v.callerStaff) : null });
  const { register, handleSubmit, formState, formRef, focusFirstInvalid } = useSchemaForm<VerifyFields>({
    schema: contract.requests['identification:verify'].input,
    toInput,
    fields: ['contractNo', 'surname', 'callerStaff'],
    // The schema lets other callers leave the question out; on a staff-only desk the host answers
    // «укажите, звонит ли сотрудник клиента» after the check. Asked here first, as a required field.
    extra: (v) => (staffOnly && v.callerStaff === '' ? [{ path: 'callerStaff', kind: 'required', params: {} }] : []),
    defaultValues: { contractNo: '', surname: '', callerStaff: '' },
  });
  const formId = useId();
  const submit = handleSubmit((v) => {
    const input = toInput(v);
    verify.mutate({ contractNo: input.contractNo.trim(), surname: input.surname.trim(), callerStaff: input.callerStaff });
  }, focusFirstInvalid);
  // A result belongs to what was typed; editing a field withdraws it.
  const withdraw = () => {
    if (!verify.isIdle) verify.reset();
  };
  const errorsOf = (name: keyof VerifyFields): string[] => {
    const m = formState.errors[name]?.message;
    return m ? [m] : [];
  };

  const r = verify.data;
  return (
    <form ref={formRef} className="verify" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="verify-title" data-testid="verify-form">
      <h3 id="verify-title" className="card-subtitle">
        {t('verify.title')}
      </h3>
      <div className="verify-row">
        <FormField name="contractNo" label={t('verify.contractNo')} errors={errorsOf('contractNo')} formId={formId} required>
          <input
            className="input"
            {...register('contractNo', { onChange: withdraw })}
            {...fieldA11y(formId, 'contractNo', errorsOf('contractNo'), true)}
            autoComplete="off"
            spellCheck={false}
            maxLength={64}
            data-testid="verify-contract"
          />
        </FormField>
        <FormField name="surname" label={t('verify.surname')} errors={errorsOf('surname')} formId={formId} required>
          <input
            className="input"
            {...register('surname', { onChange: withdraw })}
            {...fieldA11y(formId, 'surname', errorsOf('surname'), true)}
            autoComplete="off"
            spellCheck={false}
            maxLength={100}
            data-testid="verify-surname"
          />
        </FormField>
        {staffOnly ? (
          <FormField
            name="callerStaff"
            label={t('verify.staffQuestion')}
            errors={errorsOf('callerStaff')}
            formId={formId}
            required
            radios
            className="verify-staff"
            testId="verify-staff"
          >
            {(['yes', 'no'] as const).map((answer) => (
              <label key={answer}>
                <input type="radio" value={answer} {...register('callerStaff', { onChange: withdraw })} data-testid={`verify-staff-${answer}`} />{' '}
                {t(answer === 'yes' ? 'verify.staffYes' : 'verify.staffNo')}
              </label>
            ))}
          </FormField>
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
