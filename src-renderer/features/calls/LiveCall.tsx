import { useTranslation } from 'react-i18next';
import type { Call } from '../../../src-shared/domain/call';
import type { CallLimit } from '../../../src-shared/domain/talkTimer';
import { formatPhone } from '../../../src-shared/domain/phone';
import { formatTalkTime } from '../../../src-shared/domain/talkTimer';
import { useNow } from '../../lib/useNow';
import type { CallActions } from './actions';
import { CallHead, LinkOpenContract, RecordingNotice, RepeatHint } from './CallHead';
import { CandidatePicker } from './CandidatePicker';
import { DtmfPad } from './DialPad';
import { displayNumber, endedConsultation, splitLines, talkMs } from '../../shared/callLines';
import { useCalls } from '../../shared/liveCall';
import { useCallUi } from './callUi';
import { TalkNote, TalkTimer, useTalkLevel } from './TalkTimer';
import { TransferForm } from './TransferForm';
import { TransferResult } from './TransferResult';
import { VisitOffer } from './VisitOffer';

type Common = { readonly call: Call; readonly actions: CallActions; readonly recording: boolean };

/**
 * A ringing inbound call: who it is (screen pop), the recording notice, answer / decline. While
 * another line is up it is a compact "call waiting" block: the pick and the notice come with the
 * answer (the active panel shows them), so the current talk keeps its controls in view.
 */
export function IncomingCall({ call: c, actions, recording, waiting }: Common & { readonly waiting: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={`call call-ringing${waiting ? ' call-waiting' : ''}`} data-testid="call-incoming" data-call-id={c.id}>
      <CallHead call={c} />
      {!waiting && c.candidates.length > 1 ? <CandidatePicker call={c} actions={actions} /> : null}
      {!waiting && c.candidates.length === 0 && c.contractNo === null ? <p className="msg msg-warn">{t('call.notInDirectory')}</p> : null}
      {!waiting ? <RepeatHint call={c} /> : null}
      {recording && !waiting ? <RecordingNotice /> : null}
      <IncomingButtons call={c} actions={actions} />
    </div>
  );
}

/** The line being talked on: timer, R-CALL-15 offer, controls, tools, notes. */
export function ActiveCall({
  call: c,
  held,
  actions,
  recording,
  offsetMs,
  limit,
}: Common & { readonly held: Call | null; readonly offsetMs: number; readonly limit: CallLimit | null }) {
  const { t } = useTranslation();
  const tool = useCallUi((s) => s.tool);
  const note = useCallUi((s) => s.notes[c.id] ?? '');
  const setNote = useCallUi((s) => s.setNote);
  const level = useTalkLevel(c, offsetMs, limit);
  const talking = c.state === 'active';
  return (
    <div className="call call-active" data-testid="call-active" data-call-id={c.id} data-state={c.state}>
      <div className="call-top">
        <CallHead call={c} />
        {c.answeredAt !== null ? <TalkTimer call={c} offsetMs={offsetMs} limit={limit} /> : null}
      </div>
      {c.candidates.length > 1 && c.contractNo === null ? <CandidatePicker call={c} actions={actions} /> : null}
      <LinkOpenContract call={c} actions={actions} />
      <TalkNote level={level} limit={limit} />
      {level === 'limit' && limit ? <VisitOffer call={c} limitSec={limit.limitSec} /> : null}
      {recording && c.direction === 'inbound' ? <RecordingNotice compact /> : null}
      <ActiveButtons call={c} actions={actions} />
      {tool === 'dtmf' && talking ? <DtmfPad call={c} actions={actions} /> : null}
      {tool === 'transfer' && talking ? <TransferForm active={c} held={held} actions={actions} /> : null}
      {c.transfer ? <TransferResult status={c.transfer} /> : null}
      <label className="field call-notes">
        <span className="field-label">{t('call.notes')}</span>
        <textarea
          className="input"
          rows={2}
          maxLength={4000}
          placeholder={t('call.notesPlaceholder')}
          value={note}
          onChange={(e) => setNote(c.id, e.target.value)}
          data-testid="call-notes"
        />
      </label>
    </div>
  );
}

/** The line on hold: number, how long, and the way back. */
export function HeldLine({
  call: c,
  active,
  actions,
  offsetMs,
}: {
  readonly call: Call;
  readonly active: Call | null;
  readonly actions: CallActions;
  readonly offsetMs: number;
}) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const ms = talkMs(c, now, offsetMs);
  const all = useCalls().data?.calls ?? [];
  const consult = endedConsultation(all, splitLines(all));
  return (
    <div className="call call-held" data-testid="call-held" data-call-id={c.id}>
      <span className="held-label">‖ {t('call.heldLine')}</span>
      <span className="held-number">{displayNumber(c.remoteNumber, formatPhone)}</span>
      {ms !== null ? <span className="held-time mono">{formatTalkTime(ms)}</span> : null}
      <span className="held-actions">
        <button
          type="button"
          className="btn btn-small"
          onClick={() => (active ? actions.swap(active, c) : actions.resume(c))}
          aria-keyshortcuts="Control+Shift+L"
          data-testid="call-swap"
        >
          {active ? t('call.swap') : t('call.unhold')}
        </button>
        <button type="button" className="btn btn-small btn-danger" onClick={() => actions.hangup(c)} data-testid="call-held-hangup">
          {t('call.hangup')}
        </button>
      </span>
      {/* An attended transfer is asked on the held line (the customer): its result shows here. */}
      {c.transfer ? (
        <div className="held-note">
          <TransferResult status={c.transfer} />
        </div>
      ) : null}
      {consult ? (
        <p className="msg msg-warn held-note" role="alert" data-testid="consult-ended">
          {t('call.consultEnded', { number: displayNumber(c.remoteNumber, formatPhone) })}
        </p>
      ) : null}
    </div>
  );
}

/** Answer / decline of a ringing call: the call panel's and the dock's (one component, one set of keys). */
export function IncomingButtons({ call: c, actions }: { readonly call: Call; readonly actions: CallActions }) {
  const { t } = useTranslation();
  return (
    <div className="call-buttons">
      <button
        type="button"
        className="btn btn-answer"
        onClick={() => actions.answer(c)}
        disabled={actions.pending}
        aria-keyshortcuts="Control+Enter"
        data-testid="call-answer"
      >
        <span className="btn-stack">
          <span>✆ {t('call.answer')}</span>
          <kbd>Ctrl+Enter</kbd>
        </span>
      </button>
      <button
        type="button"
        className="btn btn-danger"
        onClick={() => actions.decline(c)}
        disabled={actions.pending}
        aria-keyshortcuts="Control+Shift+E"
        data-testid="call-decline"
      >
        <span className="btn-stack">
          <span>{t('call.decline')}</span>
          <kbd>Ctrl+Shift+E</kbd>
        </span>
      </button>
    </div>
  );
}

/** Hold, mute, DTMF, transfer and hang-up of the line being talked on: the call panel's and the dock's. */
export function ActiveButtons({ call: c, actions }: { readonly call: Call; readonly actions: CallActions }) {
  const { t } = useTranslation();
  const tool = useCallUi((s) => s.tool);
  const setTool = useCallUi((s) => s.setTool);
  const talking = c.state === 'active';
  const toggle = (x: 'dtmf' | 'transfer') => setTool(tool === x ? 'none' : x);
  return (
    <div className="call-buttons">
      <button
        type="button"
        className="btn"
        disabled={!talking}
        aria-pressed={c.onHold}
        onClick={() => actions.hold(c, !c.onHold)}
        aria-keyshortcuts="Control+Shift+H"
        data-testid="call-hold"
      >
        ‖ {c.onHold ? t('call.unhold') : t('call.hold')}
      </button>
      <button
        type="button"
        className="btn"
        disabled={!talking}
        aria-pressed={c.muted}
        onClick={() => actions.mute(c, !c.muted)}
        aria-keyshortcuts="Control+Shift+M"
        data-testid="call-mute"
      >
        {c.muted ? t('call.unmute') : t('call.mute')}
      </button>
      <button
        type="button"
        className="btn"
        disabled={!talking}
        aria-pressed={tool === 'dtmf'}
        onClick={() => toggle('dtmf')}
        aria-keyshortcuts="Control+Shift+D"
        data-testid="call-dtmf"
      >
        # {t('call.dtmf')}
      </button>
      <button
        type="button"
        className="btn"
        disabled={!talking}
        aria-pressed={tool === 'transfer'}
        onClick={() => toggle('transfer')}
        aria-keyshortcuts="Control+Shift+F"
        data-testid="call-transfer"
      >
        ⇄ {t('call.transfer')}
      </button>
      <button type="button" className="btn btn-danger" onClick={() => actions.hangup(c)} aria-keyshortcuts="Control+Shift+E" data-testid="call-hangup">
        {c.state === 'dialing' ? t('call.cancel') : t('call.hangup')} <kbd>Ctrl+Shift+E</kbd>
      </button>
    </div>
  );
}
