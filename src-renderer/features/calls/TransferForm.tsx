import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Call } from '../../../src-shared/domain/call';
import { formatPhone } from '../../../src-shared/domain/phone';
import type { CallActions } from './actions';
import { displayNumber } from '../../shared/callLines';
import { useCallUi } from './callUi';
import { callsRequests } from '../../../src-shared/ipc/calls';
import { checkWithSchema, disabledReason } from '../../lib/schemaForm';
import { issueText } from '../../lib/inputIssue';
import { DisabledReason, fieldA11y } from '../../components/FormField';

/** The host's own check of a transfer target (a phone, an extension or a sip: URI). */
const TargetSchema = callsRequests['calls:transfer'].input.shape.target;

/**
 * Transfer: blind (type the target, Enter) or attended — with a consultation call up and the
 * customer on hold, connect the two.
 */
export function TransferForm({ active, held, actions }: { readonly active: Call; readonly held: Call | null; readonly actions: CallActions }) {
  const { t } = useTranslation();
  const [target, setTarget] = useState('');
  const setTool = useCallUi((s) => s.setTool);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const formId = useId();
  const v = target.trim();
  const errors = v === '' ? [] : checkWithSchema(TargetSchema, v).map((i) => issueText(i, t));
  // «Перевести» says why it is unavailable (issue 11): nothing typed, or not a number.
  const reason = disabledReason([{ label: t('form.transferTarget'), missing: v === '', invalid: errors.length > 0 }], t);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason !== null) return;
    actions.transfer(active, v);
    setTool('none');
  };
  const num = (c: Call) => displayNumber(c.remoteNumber, formatPhone);
  return (
    <form className="tool transfer" onSubmit={submit} data-testid="transfer-tool">
      <p className="tool-title">{t('transfer.title')}</p>
      <label className="field">
        <span className="field-label">{t('transfer.target')}</span>
        <span className="row">
          <input
            ref={ref}
            className="input transfer-input"
            value={target}
            onChange={(e) => setTarget(e.target.value)}
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
        {errors.length ? (
          <span id={`${formId}-target-error`} className="field-error" role="alert" data-testid="issue-target">
            {errors[0]}
          </span>
        ) : null}
        <DisabledReason id={`${formId}-reason`} text={reason} testId="transfer-reason" />
      </label>
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
