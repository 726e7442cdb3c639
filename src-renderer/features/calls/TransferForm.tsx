import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Call } from '../../../src-shared/domain/call';
import { formatPhone } from '../../../src-shared/domain/phone';
import type { CallActions } from './actions';
import { displayNumber } from '../../shared/callLines';
import { useCallUi } from './callUi';

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
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = target.trim();
    if (v === '') return;
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
            data-testid="transfer-target"
          />
          <button type="submit" className="btn btn-primary" disabled={target.trim() === ''} data-testid="transfer-blind">
            {t('transfer.blind')}
          </button>
        </span>
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
