import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueries, useQueryClient } from '@tanstack/react-query';
import type { Call } from '../../../src-shared/domain/call';
import { keyInput } from '../../lib/keys';
import { useAppUi } from '../../shared/appUi';
import { callShortcut } from './keys';
import type { CallActions } from './actions';
import { findContract } from '../../shared/contracts';
import { isTyping } from './screenPop';

const MAX_KEYED = 9;

/**
 * Several contracts on the caller's phone (a shared phone, R-ID-PHONE): the operator picks one
 * with one key press (1–9) or a click; the pick opens the card and identifies the call.
 */
export function CandidatePicker({ call: c, actions }: { readonly call: Call; readonly actions: CallActions }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const select = useAppUi((s) => s.selectContract);
  const openId = useAppUi((s) => s.selectedContractId);
  const details = useQueries({
    queries: c.candidates.map((no) => ({ queryKey: ['calls', 'candidate', no], queryFn: () => findContract(qc, no), staleTime: 10_000 })),
  });

  const pick = (index: number) => {
    const no = c.candidates[index];
    const found = details[index]?.data;
    if (no === undefined) return;
    if (found) select(found.id, /^\+\d+$/.test(c.remoteNumber) ? c.remoteNumber : null);
    if (c.contractNo !== no) actions.identify(c, no, false);
  };

  // The picker takes the focus when it appears (digits then pick), unless the operator is typing.
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (!isTyping()) listRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [c.id]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const a = callShortcut(keyInput(e));
      if (a?.type !== 'candidate' || a.index >= Math.min(c.candidates.length, MAX_KEYED)) return;
      e.preventDefault();
      pick(a.index);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const n = c.candidates.length;
  return (
    <div className="candidates" data-testid="call-candidates">
      <p className="candidates-title">☎ {t('call.candidates', { count: n, keys: `1–${Math.min(n, MAX_KEYED)}` })}</p>
      <ol ref={listRef} className="candidate-list">
        {c.candidates.map((no, i) => {
          const d = details[i]?.data;
          const chosen = c.contractNo === no || (d !== undefined && d !== null && d.id === openId);
          return (
            <li key={no}>
              <button
                type="button"
                className={`candidate${chosen ? ' candidate-chosen' : ''}`}
                onClick={() => pick(i)}
                aria-keyshortcuts={i < MAX_KEYED ? String(i + 1) : undefined}
                aria-pressed={chosen}
                data-testid="call-candidate"
                data-contract-no={no}
              >
                {i < MAX_KEYED ? <kbd>{i + 1}</kbd> : null}
                <span className="candidate-main">
                  <span className="candidate-holder">{d ? d.holderName : details[i]?.isPending ? t('call.candidateLoading') : '—'}</span>
                  <span className="candidate-no">{no}</span>
                </span>
                {d ? <span className="candidate-addr">{d.address}</span> : null}
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
