import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Call } from '../../../src-shared/domain/call';
import type { CallActions } from './actions';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;
const SUB: Readonly<Record<string, string>> = { '2': 'ABC', '3': 'DEF', '4': 'GHI', '5': 'JKL', '6': 'MNO', '7': 'PQRS', '8': 'TUV', '9': 'WXYZ', '0': '+' };

/** Twelve keys; `onKey` gets the character. Used for dialling and for DTMF during a call. */
export function DialPad({ onKey, label, testId }: { readonly onKey: (k: string) => void; readonly label: string; readonly testId: string }) {
  return (
    <div className="dialpad" role="group" aria-label={label} data-testid={testId}>
      {KEYS.map((k) => (
        <button key={k} type="button" className="dialpad-key" onClick={() => onKey(k)} data-key={k}>
          <span className="dialpad-digit">{k}</span>
          <span className="dialpad-sub" aria-hidden="true">
            {SUB[k] ?? ''}
          </span>
        </button>
      ))}
    </div>
  );
}

/** DTMF during a call (RFC 4733 through the host, or SIP INFO when not negotiated): keys or clicks. */
export function DtmfPad({ call: c, actions }: { readonly call: Call; readonly actions: CallActions }) {
  const { t } = useTranslation();
  const [sent, setSent] = useState('');
  const send = (k: string) => {
    actions.dtmf(c, k);
    setSent((s) => (s + k).slice(-24));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (/^[0-9*#]$/.test(e.key)) {
      e.preventDefault(); // not a candidate pick, not typed anywhere
      send(e.key);
    }
  };
  return (
    <div className="tool dtmf" onKeyDown={onKeyDown} data-testid="dtmf-tool">
      <p className="tool-title">
        {t('dtmf.title')} <span className="hint">· {t('dtmf.hint')}</span>
      </p>
      <DialPad onKey={send} label={t('dtmf.title')} testId="dtmf-pad" />
      <p className="hint mono" aria-live="polite" data-testid="dtmf-sent">
        {sent ? t('dtmf.sent', { tones: sent }) : '\u00a0'}
      </p>
    </div>
  );
}
