import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { formatPhone } from '../../../src-shared/domain/phone';
import { formatTalkTime } from '../../../src-shared/domain/talkTimer';
import { call } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { useActiveProfile } from '../settings/queries';
import { useCalls } from '../../shared/liveCall';
import { callKeys } from '../../shared/queryKeys';
import { wrapUpLeftSec } from '../agent/agentState';
import { agentKeys, useAgentState } from '../agent/queries';
import { useNow } from '../../lib/useNow';
import { displayNumber } from '../../shared/callLines';
import { useCallUi, type PendingWrapUp } from './callUi';
import { TransferResult } from './TransferResult';
import { ru } from '../../i18n/ru';
import { hasKey } from '../../i18n/types';

/** After a call with talk: the desk's wrap-up code and a note (`calls:wrapUp`); the wrap-up timer runs meanwhile. */
export function WrapUpForm({ pending: w }: { readonly pending: PendingWrapUp }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { active: profile } = useActiveProfile();
  const agent = useAgentState().data;
  const view = useCalls().data;
  const offsetMs = view?.offsetMs ?? 0;
  // A transferred call ends here: the operator still sees that the transfer went through.
  const transfer = view?.calls.find((x) => x.id === w.callId)?.transfer ?? null;
  const now = useNow(1000, agent?.state === 'wrap-up');
  const done = useCallUi((s) => s.doneWrapUp);
  const [code, setCode] = useState('');
  const [note, setNote] = useState(w.notes ?? '');
  // «Пропустить» ends the wrap-up on the host too (no code, no note): hiding the form alone left
  // the agent in wrap-up, and calls were refused with 486 until the timer ran out.
  const save = useMutation({
    mutationFn: (skip: boolean) =>
      call('calls:wrapUp', { callId: w.callId, code: skip || code === '' ? null : code, note: skip || note.trim() === '' ? null : note.trim() }),
    onSuccess: () => {
      done(w.callId);
      void qc.invalidateQueries({ queryKey: callKeys.logAll });
      void qc.invalidateQueries({ queryKey: agentKeys.status });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(false);
  };
  const left = agent ? wrapUpLeftSec(agent, now + offsetMs) : null;
  return (
    <form className="wrapup" onSubmit={submit} data-testid="wrapup-form" data-call-id={w.callId}>
      <h3 className="call-title">
        {t('wrapUp.title', { number: displayNumber(w.remoteNumber, formatPhone) })}
        {left !== null ? <span className="hint"> · {t('wrapUp.leftTime', { time: formatTalkTime(left * 1000) })}</span> : null}
      </h3>
      {transfer ? <TransferResult status={transfer} /> : null}
      <label className="field">
        <span className="field-label">{t('wrapUp.code')}</span>
        <select className="input" value={code} onChange={(e) => setCode(e.target.value)} data-testid="wrapup-code">
          <option value="">{t('wrapUp.chooseCode')}</option>
          {(profile?.wrapUpCodes ?? []).map((c) => (
            <option key={c} value={c}>
              {hasKey(ru.wrapUpCode, c) ? t(`wrapUpCode.${c}`) : c}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">{t('wrapUp.note')}</span>
        <textarea className="input" rows={2} value={note} maxLength={4000} onChange={(e) => setNote(e.target.value)} data-testid="wrapup-note" />
      </label>
      {save.isError ? <ErrorText error={save.error} /> : null}
      <div className="row wrapup-actions">
        <button type="submit" className="btn btn-primary" disabled={save.isPending} data-testid="wrapup-save">
          {save.isPending ? t('wrapUp.saving') : t('wrapUp.save')}
        </button>
        <button type="button" className="btn btn-ghost" disabled={save.isPending} onClick={() => save.mutate(true)} data-testid="wrapup-skip">
          {t('wrapUp.skip')}
        </button>
      </div>
    </form>
  );
}
