import { useTranslation } from 'react-i18next';
import type { Call } from '../../../src-shared/domain/call';
import { formatPhone } from '../../../src-shared/domain/phone';
import { formatDateTimeMsk } from '../../lib/format';
import { useAppUi } from '../../shared/appUi';
import { useContract } from '../../shared/contracts';
import { useRepeatCalls } from './queries';
import type { CallActions } from './actions';
import { displayNumber } from '../../shared/callLines';

/** Number, name, line and state of a call; the contract it is identified with. */
export function CallHead({ call: c }: { readonly call: Call }) {
  const { t } = useTranslation();
  const number = c.remoteNumber === '' ? t('call.unknownNumber') : displayNumber(c.remoteNumber, formatPhone);
  return (
    <header className="call-head">
      <p className="call-kicker">
        <span className={`call-state state-${c.state}`}>
          {c.state === 'ringing' ? <span className="ring-dot" aria-hidden="true" /> : null}
          {t(`call.${c.state === 'ended' ? 'active' : c.state}`)}
        </span>
        <span className="muted"> · {t(`call.${c.direction}`)}</span>
        {c.line ? <span className="muted"> · {t('call.line', { line: c.line })}</span> : null}
        {c.muted ? <span className="badge badge-warn">{t('call.muted')}</span> : null}
      </p>
      <p className="call-number" data-testid="call-number">
        {number}
      </p>
      {c.remoteName ? <p className="call-name">{c.remoteName}</p> : null}
      {c.atRisk ? (
        <p className="msg msg-warn call-at-risk" role="alert" data-testid="call-at-risk">
          {t('call.atRisk')}
        </p>
      ) : null}
      {c.state === 'dialing' && c.earlyMedia ? (
        <p className="msg msg-info call-early-media" role="status" data-testid="call-early-media">
          {t('call.earlyMedia')}
        </p>
      ) : null}
      {c.contractNo ? (
        <p className="call-contract" data-testid="call-contract" data-verified={c.verified}>
          {t('call.identified', { no: c.contractNo })} ·{' '}
          {c.verified ? <span className="ok-text">✔ {t('call.verified')}</span> : <span className="muted">{t('call.notVerified')}</span>}
        </p>
      ) : null}
    </header>
  );
}

/** R-CALL-REPEAT: the caller called before — how often and when, so the operator asks about it. */
export function RepeatHint({ call: c }: { readonly call: Call }) {
  const { t } = useTranslation();
  const rows = useRepeatCalls(c.remoteNumber === '' ? null : c.remoteNumber, c.id).data ?? [];
  const last = rows[0];
  if (!last) return null;
  return (
    <p className="hint repeat" data-testid="call-repeat">
      ↺ {t('call.repeat', { count: rows.length, at: formatDateTimeMsk(last.offeredAt) })}
    </p>
  );
}

/** The card open beside the call is not the call's contract: link it in one click. */
export function LinkOpenContract({ call: c, actions }: { readonly call: Call; readonly actions: CallActions }) {
  const { t } = useTranslation();
  const id = useAppUi((s) => s.selectedContractId);
  const open = useContract(id).data;
  if (!open || open.contractNo === c.contractNo) return null;
  return (
    <button type="button" className="btn btn-small link-contract" onClick={() => actions.identify(c, open.contractNo, false)} data-testid="call-link-contract">
      {t('call.linkOpen', { no: open.contractNo })}
    </button>
  );
}

/** R-CALL-REC: the notice the operator reads out, while it rings and during the talk. */
export function RecordingNotice({ compact = false }: { readonly compact?: boolean }) {
  const { t } = useTranslation();
  if (compact) {
    return (
      <p className="recording-compact" role="note" data-testid="recording-notice">
        <span aria-hidden="true">● </span>
        {t('call.recordingShort')}
      </p>
    );
  }
  return (
    <p className="msg msg-info recording" role="note" data-testid="recording-notice">
      <span aria-hidden="true">● </span>
      {t('call.recording')}
    </p>
  );
}
