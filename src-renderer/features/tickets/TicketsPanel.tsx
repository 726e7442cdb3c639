import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { FeatureBoundary } from '../../components/ErrorBoundary';
import { formatCount } from '../../lib/format';
import { keyInput } from '../../lib/keys';
import { useDebounced } from '../../lib/useDebounced';
import { useAppUi } from '../../shared/appUi';
import { ClaimForm } from '../claims/ClaimForm';
import { ticketsTabKey } from './listModel';
import { NewTicketForm } from './NewTicketForm';
import { useQueues, useTicketPages, type ListParams, type ListView } from './queries';
import { useTicketPaneUi } from '../../shared/ticketPaneUi';
import { useTicketListUi } from './ticketListUi';
import { TicketDetail } from './TicketDetail';
import { TicketList } from './TicketList';

const VIEWS: readonly ListView[] = ['mine', 'open', 'all'];

/** «Заявки»: views, queue filter, repeat-caller search (R-CALL-REPEAT), the list and the open ticket. */
export function TicketsPanel() {
  const { t } = useTranslation();
  const view = useTicketListUi((s) => s.view);
  const queueId = useTicketListUi((s) => s.queueId);
  const query = useTicketListUi((s) => s.query);
  const setView = useTicketListUi((s) => s.setView);
  const setQueue = useTicketListUi((s) => s.setQueue);
  const setQuery = useTicketListUi((s) => s.setQuery);
  const pane = useTicketPaneUi((s) => s.pane);
  const newTicket = useTicketPaneUi((s) => s.newTicket);
  const newClaim = useTicketPaneUi((s) => s.newClaim);
  const [text, setText] = useState(query);
  const [debounced] = useDebounced(text, 200);
  useEffect(() => setQuery(debounced), [debounced, setQuery]);
  const params: ListParams = useMemo(() => ({ view, queueId, query }), [view, queueId, query]);
  const queues = useQueues();
  const claimsQueue = (queues.data ?? []).find((q) => q.id === 'claims' || /претенз|claim/i.test(q.name)) ?? null;
  // Another ticket or form in the pane starts at its top.
  const paneRef = useRef<HTMLElement>(null);
  const paneKey = pane.kind === 'detail' ? pane.id : pane.kind === 'none' ? 'none' : `${pane.kind}-${pane.seq}`;
  useEffect(() => {
    paneRef.current?.scrollTo({ top: 0 });
  }, [paneKey]);

  return (
    <div className="tickets">
      <div className="tickets-left">
        <div className="tickets-toolbar">
          <div className="seg" role="radiogroup" aria-label={t('tickets.views')}>
            {VIEWS.map((v) => (
              <button
                key={v}
                type="button"
                role="radio"
                aria-checked={view === v}
                className={`seg-btn${view === v ? ' seg-on' : ''}`}
                onClick={() => setView(v)}
                data-testid={`tickets-view-${v}`}
              >
                {t(`tickets.view_${v}`)}
              </button>
            ))}
          </div>
          <label className="field field-inline tickets-queue">
            <span className="sr-only">{t('tickets.queue')}</span>
            <select
              className="input"
              value={queueId ?? ''}
              onChange={(e) => setQueue(e.target.value === '' ? null : e.target.value)}
              data-testid="tickets-queue"
            >
              <option value="">{t('tickets.allQueues')}</option>
              {(queues.data ?? []).map((q) => (
                <option key={q.id} value={q.id}>
                  {q.name}
                </option>
              ))}
            </select>
          </label>
          {claimsQueue ? (
            <button
              type="button"
              className="btn btn-small"
              aria-pressed={queueId === claimsQueue.id}
              onClick={() => setQueue(queueId === claimsQueue.id ? null : claimsQueue.id)}
              data-testid="tickets-claims-filter"
            >
              {t('tickets.claimsFilter')}
            </button>
          ) : null}
          <input
            className="input tickets-search"
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('tickets.searchPlaceholder')}
            aria-label={t('tickets.search')}
            data-testid="tickets-search"
          />
        </div>
        <ListHeader params={params}>
          <span className="tickets-actions">
            <button type="button" className="btn btn-primary btn-small" onClick={newTicket} aria-keyshortcuts="n" data-testid="ticket-new">
              {t('tickets.new')} <kbd>n</kbd>
            </button>
            <button type="button" className="btn btn-small" onClick={newClaim} data-testid="claim-new">
              {t('tickets.newClaim')}
            </button>
          </span>
        </ListHeader>
        <TicketList params={params} />
      </div>
      <aside ref={paneRef} className="tickets-pane" aria-label={t('tickets.pane')}>
        <FeatureBoundary feature="ticket-pane">
          {pane.kind === 'detail' ? <TicketDetail key={pane.id} id={pane.id} /> : null}
          {pane.kind === 'new' ? <NewTicketForm key={pane.seq} /> : null}
          {pane.kind === 'claim' ? <ClaimForm key={pane.seq} /> : null}
          {pane.kind === 'none' ? (
            <p className="hint tickets-pane-empty">
              {/* The shortcut is a key, shown as one (<kbd>), not a word of the sentence. */}
              <Trans i18nKey="tickets.paneHint" components={{ kbd: <kbd /> }} />
            </p>
          ) : null}
        </FeatureBoundary>
      </aside>
    </div>
  );
}

/** Count and the missing-calendar banner (from the first page; react-query dedupes the fetch). */
function ListHeader({ params, children }: { readonly params: ListParams; readonly children: ReactNode }) {
  const { t } = useTranslation();
  const { first, error } = useTicketPages(params, [0]);
  const missing = first?.calendarMissingYears ?? [];
  return (
    <>
      {missing.length > 0 ? (
        <p className="msg msg-warn calendar-missing" role="alert" data-testid="calendar-missing">
          ⚠ {t('tickets.calendarMissing', { years: missing.join(', '), count: missing.length })}
        </p>
      ) : null}
      <div className="tickets-subbar">
        <p className="hint tickets-count" aria-live="polite" data-testid="tickets-count">
          {/* A failed first page says so below the header (TicketList); «Загрузка…» would spin on. */}
          {first ? t('tickets.count', { count: first.total, n: formatCount(first.total) }) : error ? t('tickets.notLoaded') : t('tickets.loading')}
          {params.view === 'open' ? <span> · {t('tickets.sortedByRisk')}</span> : null}
        </p>
        {children}
      </div>
    </>
  );
}

/** Mount once (App): `n` opens a new ticket while the tab is shown and no field has the focus; Alt+5 shows the tab. */
export function useTicketsTabKeys(): void {
  const newTicket = useTicketPaneUi((s) => s.newTicket);
  const tab = useAppUi((s) => s.tab);
  const setTab = useAppUi((s) => s.setTab);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      if (document.querySelector('dialog[open]')) return;
      const a = ticketsTabKey(keyInput(e), tab === 'tickets');
      if (!a) return;
      e.preventDefault();
      if (a.type === 'tab') setTab('tickets');
      else newTicket();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [tab, setTab, newTicket]);
}
