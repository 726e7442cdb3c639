import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call, useConnectionState } from '../../api/client';
import { connectionNotice } from '../../api/transport';
import { useErrorText } from '../../components/ErrorText';
import { formatTalkTime } from '../../../src-shared/domain/talkTimer';
import { useAppUi } from '../../shared/appUi';
import { useAccount, useSipStatus } from '../softphone/queries';
import { BREAK_REASONS, agentLine, agentView, wrapUpLeftSec } from './agentState';
import { agentKeys, useAgentState } from './queries';
import { useNow } from '../../lib/useNow';
import { useHostOffset } from '../../lib/hostClock';
import { ru } from '../../i18n/ru';
import { hasKey } from '../../i18n/types';

type Choice = { readonly state: 'available' | 'break'; readonly reason: string | null };

/** Top bar: «Доступен ▾» with the break reasons; wrap-up shows its countdown (agent state). */
export function AgentStateMenu() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const agent = useAgentState();
  const configured = (useAccount().data?.account ?? null) !== null;
  // Quietly resuming after a slow-consumer drop is not an outage (connectionNotice).
  const hostUp = connectionNotice(useConnectionState()) === null;
  const sipState = useSipStatus().data?.state ?? null;
  // The host's clock for the wrap-up countdown, not the calls snapshot: the top bar must not
  // re-render with every ringing call (issue 11 item 5).
  const offsetMs = useHostOffset();
  const [open, setOpen] = useState(false);
  const menuSeq = useAppUi((s) => s.agentMenuSeq);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);
  const errorText = useErrorText();
  const a = agent.data;
  const now = useNow(1000, a?.state === 'wrap-up');
  const set = useMutation({
    mutationFn: (c: Choice) => call('agent:setState', c),
    onSuccess: (s) => qc.setQueryData(agentKeys.status, s),
  });

  useEffect(() => {
    if (menuSeq > 0) setOpen(true);
  }, [menuSeq]);
  useEffect(() => {
    if (open) menuRef.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
  }, [open]);

  if (!a || !configured) return null;
  // The reason is stored as a code; one this console has no words for is shown as is.
  const reasonText = (r: string | null) => (r === null ? '' : hasKey(ru.agent.reasons, r) ? t(`agent.reasons.${r}`) : r);
  const left = wrapUpLeftSec(a, now + offsetMs);
  const view = agentView(a, agentLine(hostUp, sipState));
  const label = view.labelKey
    ? t(view.labelKey)
    : a.state === 'break'
      ? a.reason
        ? t('agent.breakWith', { reason: reasonText(a.reason) })
        : t('agent.break')
      : a.state === 'wrap-up' && left !== null
        ? t('agent.wrapUpLeft', { time: formatTalkTime(left * 1000) })
        : t(`agent.${a.state}`);
  const onCall = a.state === 'on-call';
  const choose = (c: Choice) => {
    setOpen(false);
    buttonRef.current?.focus();
    set.mutate(c);
  };
  const onMenuKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length];
      next?.focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setOpen(false);
      buttonRef.current?.focus();
    }
  };

  return (
    <div className="agent" data-testid="agent-state" data-state={a.state}>
      <button
        ref={buttonRef}
        type="button"
        className={`agent-button tone-${view.tone}`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-keyshortcuts="Control+Shift+S"
        title={`${t('agent.label')} (Ctrl+Shift+S)${set.isError ? ` — ${errorText(set.error)}` : ''}`}
        onClick={() => setOpen((o) => !o)}
        data-testid="agent-button"
        data-tone={view.tone}
      >
        <span className="dot" aria-hidden="true" />
        {label} <span aria-hidden="true">▾</span>
      </button>
      {set.isError ? (
        <span className="agent-error" role="alert" title={errorText(set.error)}>
          ⚠
        </span>
      ) : null}
      {open ? (
        <ul
          ref={menuRef}
          className="agent-menu"
          role="menu"
          aria-label={t('agent.label')}
          onKeyDown={onMenuKey}
          onBlur={(e) => !e.currentTarget.contains(e.relatedTarget as Node | null) && setOpen(false)}
        >
          {onCall ? <li className="agent-menu-hint">{t('agent.onCallHint')}</li> : null}
          <li role="none">
            <button
              type="button"
              role="menuitemradio"
              aria-checked={a.state === 'available'}
              disabled={onCall}
              onClick={() => choose({ state: 'available', reason: null })}
              data-testid="agent-available"
            >
              <span className="dot tone-ok" aria-hidden="true" /> {t('agent.setAvailable')}
              {a.state === 'available' ? (
                <span className="check-mark" aria-hidden="true">
                  ✔
                </span>
              ) : null}
            </button>
          </li>
          <li className="agent-menu-title" role="presentation">
            {t('agent.breakTitle')}
          </li>
          {BREAK_REASONS.map((r) => (
            <li key={r} role="none">
              <button
                type="button"
                role="menuitemradio"
                aria-checked={a.state === 'break' && a.reason === r}
                disabled={onCall}
                onClick={() => choose({ state: 'break', reason: r })}
                data-testid={`agent-break-${r}`}
              >
                <span className="dot tone-block" aria-hidden="true" /> {reasonText(r)}
                {a.state === 'break' && a.reason === r ? (
                  <span className="check-mark" aria-hidden="true">
                    ✔
                  </span>
                ) : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
