import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { mediaErrorText } from '../../lib/inputIssue';
import { ErrorText } from '../../components/ErrorText';
import { useMicState } from '../../media/useMediaEngine';
import { useActiveProfile } from '../settings/queries';
import { useCalls } from '../../shared/liveCall';
import { useAgentState } from '../agent/queries';
import { useAccount, useSipStatus } from '../softphone/queries';
import { useCallActions, type CallActions } from './actions';
import { DialPad } from './DialPad';
import { splitLines } from '../../shared/callLines';
import { ActiveCall, HeldLine, IncomingCall } from './LiveCall';
import { recordsCalls } from './recording';
import { useCallUi } from './callUi';
import { WrapUpForm } from './WrapUpForm';
import { useCallKeys } from './useCallKeys';

/**
 * The call panel on the identification screen (UX.md): the ringing call with its screen pop, the
 * active line with timer and controls, the held line; between calls the wrap-up, else the dial
 * field. Every button has a key (useCallKeys, the `?` sheet).
 */
export function CallPanel() {
  const { t } = useTranslation();
  const calls = useCalls();
  const account = useAccount().data;
  const { active: profile } = useActiveProfile();
  const wrapUps = useCallUi((s) => s.wrapUps);
  const actions = useCallActions();
  const offsetMs = calls.data?.offsetMs ?? 0;
  const lines = splitLines(calls.data?.calls ?? []);
  const limit = profile?.callLimit ?? null;
  const recording = recordsCalls(profile);
  useCallKeys(lines, actions, limit, offsetMs);
  // The DTMF pad or transfer form belongs to the line it was opened on.
  const activeId = lines.active?.id ?? null;
  const setTool = useCallUi((s) => s.setTool);
  useEffect(() => setTool('none'), [activeId, setTool]);

  if (!account?.account) return null; // no softphone configured: the identification screen as before
  const pendingWrapUp = wrapUps[wrapUps.length - 1];
  return (
    <section className="card call-panel" aria-label={t('call.panel')} data-testid="call-panel">
      <MicProblem enabled={!account.account.nullMedia} />
      {actions.error ? (
        <div className="call-error" onClick={actions.reset}>
          <ErrorText error={actions.error} testId="call-error" />
        </div>
      ) : null}
      {/* The held line stays a slim row on top; a call waiting while another is up rings compactly. */}
      {lines.held ? <HeldLine call={lines.held} active={lines.active} actions={actions} offsetMs={offsetMs} /> : null}
      {lines.ringing.map((c) => (
        <IncomingCall key={c.id} call={c} actions={actions} recording={recording} waiting={lines.active !== null || lines.held !== null} />
      ))}
      {lines.active ? <ActiveCall call={lines.active} held={lines.held} actions={actions} recording={recording} offsetMs={offsetMs} limit={limit} /> : null}
      {lines.live.length === 0 && pendingWrapUp ? <WrapUpForm key={pendingWrapUp.callId} pending={pendingWrapUp} /> : null}
      {lines.active === null && lines.ringing.length === 0 && !pendingWrapUp ? <IdleDial actions={actions} /> : null}
    </section>
  );
}

function MicProblem({ enabled }: { readonly enabled: boolean }) {
  const { t } = useTranslation();
  const mic = useMicState();
  if (!enabled || mic.kind !== 'failed') return null;
  return (
    <p className="msg msg-error" role="alert" data-testid="mic-problem">
      ⚠ {mic.reason === 'denied' ? t('call.micDenied') : t('call.micFailed', { detail: mediaErrorText(mic.name, t) })}
    </p>
  );
}

/** Between calls: a number field (Ctrl+Shift+O) with a keypad; Enter dials. */
function IdleDial({ actions }: { readonly actions: CallActions }) {
  const { t } = useTranslation();
  const agent = useAgentState().data;
  const text = useCallUi((s) => s.dialText);
  const setText = useCallUi((s) => s.setDialText);
  const focusSeq = useCallUi((s) => s.focusDialSeq);
  const registered = useSipStatus().data?.state === 'registered';
  const [pad, setPad] = useState(false);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focusSeq > 0) ref.current?.focus();
  }, [focusSeq]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = text.trim();
    if (v !== '') actions.dial(v, null, () => setText(''));
  };
  const away = agent && agent.state !== 'available' && agent.state !== 'on-call' ? t(`agent.${agent.state}`) : null;
  return (
    <form className="idle" onSubmit={submit} data-testid="call-idle">
      <p className="call-kicker muted">{away ? t('call.idleAway', { state: away }) : t('call.idle')}</p>
      <label className="sr-only" htmlFor="dial-input">
        {t('call.dialLabel')}
      </label>
      <div className="dial-row">
        <input
          id="dial-input"
          ref={ref}
          className="input dial-input"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('call.dialPlaceholder')}
          inputMode="tel"
          autoComplete="off"
          maxLength={64}
          aria-keyshortcuts="Control+Shift+O"
          data-testid="dial-input"
        />
        <button type="submit" className="btn btn-answer" disabled={text.trim() === '' || actions.pending || !registered} data-testid="dial-submit">
          ✆ {t('call.dial')}
        </button>
        <button type="button" className="btn" aria-pressed={pad} onClick={() => setPad((p) => !p)} title={t('call.dialPad')} data-testid="dial-pad-toggle">
          ⌨
        </button>
      </div>
      {pad ? <DialPad onKey={(k) => setText((text + k).slice(0, 64))} label={t('call.dialPad')} testId="dial-pad" /> : null}
    </form>
  );
}
