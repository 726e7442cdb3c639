import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Call } from '../../../src-shared/domain/call';
import { formatPhone } from '../../../src-shared/domain/phone';
import type { CallActions } from './actions';
import { displayNumber } from '../../shared/callLines';
import { useCallUi } from './callUi';
import { callsRequests } from '../../../src-shared/ipc/calls';
import { disabledReason } from '../../lib/schemaForm';
import { useSchemaForm } from '../../lib/useSchemaForm';
import { DisabledReason, FormField, fieldA11y } from '../../components/FormField';

type TransferFields = { target: string };

/**
 * Transfer: blind (type the target, Enter) or attended — with a consultation call up and the
 * customer on hold, connect the two. The target is checked with the host's own `calls:transfer`
 * schema (a phone, an extension or a sip: URI) before anything is sent.
 */
export function TransferForm({ active, held, actions }: { readonly active: Call; readonly held: Call | null; readonly actions: CallActions }) {
  const { t } = useTranslation();
  const setTool = useCallUi((s) => s.setTool);
  const { register, handleSubmit, watch, formState, setFocus, formRef, focusFirstInvalid } = useSchemaForm<TransferFields>({
    schema: callsRequests['calls:transfer'].input,
    toInput: (v) => ({ callId: active.id, target: v.target }),
    fields: ['target'],
    defaultValues: { target: '' },
  });
  useEffect(() => setFocus('target'), [setFocus]);
  const formId = useId();
  const target = watch('target').trim();
  const error = formState.errors.target?.message;
  const errors = error ? [error] : [];
  // «Перевести» says why it is unavailable (issue 11): nothing typed, or not a number.
  const reason = disabledReason([{ label: t('form.transferTarget'), missing: target === '', invalid: errors.length > 0 }], t);
  const submit = handleSubmit((v) => {
    actions.transfer(active, v.target.trim());
    setTool('none');
  }, focusFirstInvalid);
  const num = (c: Call) => displayNumber(c.remoteNumber, formatPhone);
  return (
    <form ref={formRef} className="tool transfer" onSubmit={(e) => void submit(e)} noValidate data-testid="transfer-tool">
      <p className="tool-title">{t('transfer.title')}</p>
      <FormField name="target" label={t('transfer.target')} errors={errors} formId={formId} required>
        <span className="row">
          <input
            className="input transfer-input"
            {...register('target')}
            onKeyDown={(e) => e.key === 'Escape' && setTool('none')}
            inputMode="tel"
            autoComplete="off"
            maxLength={64}
            {...fieldA11y(formId, 'target', errors, true)}
            data-testid="transfer-target"
          />
          <button
            type="submit"
            className="btn btn-primary"
            disabled={reason !== null}
            aria-describedby={reason ? `${formId}-reason` : undefined}
            data-testid="transfer-blind"
          >
            {t('transfer.blind')}
          </button>
        </span>
      </FormField>
      <DisabledReason id={`${formId}-reason`} text={reason} testId="transfer-reason" />
      {held ? (
        <div className="transfer-attended">
          <p className="hint">{t('transfer.attendedHint')}</p>
          <button
            type="button"
            className="btn"
            onClick={() => {
              actions.attended(held, active);
              setTool('none');
            }}
            data-testid="transfer-attended"
          >
            {t('transfer.attended', { held: num(held), active: num(active) })}
          </button>
        </div>
      ) : null}
    </form>
  );
}
