import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Call } from '../../../src-shared/domain/call';
import { normalizeContractNo } from '../../../src-shared/domain/identification';
import { call } from '../../api/client';
import { ErrorText } from '../../components/ErrorText';
import { levelIcon, verdictOf } from '../../lib/verdict';
import { useAppUi } from '../../shared/appUi';
import { splitLines } from '../../shared/callLines';
import { SEARCH_LIMIT } from '../../shared/contracts';
import { useCalls } from '../../shared/liveCall';
import { directoryKeys } from '../../shared/queryKeys';
import { useActiveProfile } from '../settings/queries';
import { useAccount } from '../softphone/queries';
import { useCallActions } from './actions';
import { useCallUi } from './callUi';
import { CallHead } from './CallHead';
import { DtmfPad } from './DialPad';
import { ActiveButtons, HeldLine, IncomingButtons } from './LiveCall';
import { TalkTimer, useTalkLevel } from './TalkTimer';
import { TransferForm } from './TransferForm';
import { VisitOffer } from './VisitOffer';
import { WrapUpForm } from './WrapUpForm';

/**
 * The call dock (issue 11): on every tab but «Идентификация» (whose call panel shows all of it), a
 * strip under the tabs while a call rings, is up or waits for its wrap-up: the number, contract,
 * verification, the verdict, the timer, the R-CALL-15 offer, the call buttons and the way back to
 * the caller card. It is in the page flow, so it takes its own height from the panels below and
 * never covers them nor moves the top bar. The pieces are the call panel's own components.
 */
export function CallDock() {
  const { t } = useTranslation();
  const tab = useAppUi((s) => s.tab);
  const calls = useCalls();
  const account = useAccount().data;
  const wrapUps = useCallUi((s) => s.wrapUps);
  const actions = useCallActions();
  const lines = splitLines(calls.data?.calls ?? []);
  if (!account?.account || tab === 'identification') return null;
  const current = lines.active ?? lines.ringing[0] ?? null;
  const pending = lines.live.length === 0 ? wrapUps[wrapUps.length - 1] : undefined;
  if (current === null && !pending && !lines.held) return null;
  return (
    <section className="call-dock" aria-label={t('dock.label')} data-testid="call-dock">
      {actions.error ? (
        <div className="call-error" onClick={actions.reset}>
          <ErrorText error={actions.error} testId="dock-call-error" />
        </div>
      ) : null}
      {lines.held ? <HeldLine call={lines.held} active={lines.active} actions={actions} offsetMs={calls.data?.offsetMs ?? 0} /> : null}
      {current ? <DockLine call={current} held={lines.held} actions={actions} offsetMs={calls.data?.offsetMs ?? 0} /> : null}
      {current === null && pending ? (
        <div className="dock-wrapup" aria-label={t('dock.wrapUp')}>
          <WrapUpForm key={pending.callId} pending={pending} />
        </div>
      ) : null}
    </section>
  );
}

function DockLine({
  call: c,
  held,
  actions,
  offsetMs,
}: {
  readonly call: Call;
  readonly held: Call | null;
  readonly actions: ReturnType<typeof useCallActions>;
  readonly offsetMs: number;
}) {
  const { t } = useTranslation();
  const limit = useActiveProfile().active?.callLimit ?? null;
  const level = useTalkLevel(c, offsetMs, limit);
  const tool = useCallUi((s) => s.tool);
  const setTool = useCallUi((s) => s.setTool);
  const setTab = useAppUi((s) => s.setTab);
  const selectContract = useAppUi((s) => s.selectContract);
  const contract = useDockContract(c.contractNo);
  const talking = c.state === 'active';
  // The DTMF pad or transfer form belongs to the line it was opened on.
  useEffect(() => setTool('none'), [c.id, setTool]);
  const toCard = () => {
    if (contract) selectContract(contract.id, c.remoteNumber.startsWith('+') ? c.remoteNumber : null);
    setTab('identification');
  };
  return (
    <div className={`dock-line dock-${c.state}`} data-testid="dock-line" data-call-id={c.id} data-state={c.state}>
      <div className="dock-who">
        <CallHead call={c} />
        {c.contractNo === null ? <p className="muted">{t('dock.noContract')}</p> : null}
        {contract ? <DockVerdict eligibility={contract.eligibility} /> : null}
      </div>
      {c.answeredAt !== null ? <TalkTimer call={c} offsetMs={offsetMs} limit={limit} /> : null}
      <div className="dock-actions">
        {c.state === 'ringing' ? <IncomingButtons call={c} actions={actions} /> : <ActiveButtons call={c} actions={actions} />}
        {level === 'limit' && limit ? <VisitOffer call={c} limitSec={limit.limitSec} /> : null}
        <button type="button" className="btn btn-small" onClick={toCard} title={t('dock.toCardKey')} data-testid="dock-to-card">
          ← {t('dock.toCard')}
        </button>
      </div>
      {tool === 'dtmf' && talking ? <DtmfPad call={c} actions={actions} /> : null}
      {tool === 'transfer' && talking ? <TransferForm active={c} held={held} actions={actions} /> : null}
    </div>
  );
}

/** The call's contract as the directory has it (the search column's cache entry). */
function useDockContract(contractNo: string | null) {
  const no = contractNo === null ? '' : normalizeContractNo(contractNo);
  const q = useQuery({
    queryKey: directoryKeys.search(no),
    queryFn: () => call('directory:search', { query: no, limit: SEARCH_LIMIT }),
    enabled: no !== '',
    staleTime: 10_000,
  });
  return no === '' ? null : (q.data?.results.find((c) => c.contractNo === no) ?? null);
}

/** The caller card's one-line eligibility verdict, with its symbol (never colour alone). */
function DockVerdict({ eligibility }: { readonly eligibility: Parameters<typeof verdictOf>[0] }) {
  const { t } = useTranslation();
  const v = verdictOf(eligibility);
  return (
    <p className={`dock-verdict level-${v.level}`} data-testid="dock-verdict" data-level={v.level}>
      {levelIcon(v.level)} {t(v.primary.key, v.primary.params)}
    </p>
  );
}
