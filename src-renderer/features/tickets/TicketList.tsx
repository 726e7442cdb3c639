import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { TicketSummary } from '../../../src-shared/ipc/ticketSchemas';
import { formatPhone } from '../../../src-shared/domain/phone';
import { displayNumber } from '../../shared/callLines';
import { ErrorText } from '../../components/ErrorText';
import { formatCount } from '../../lib/format';
import { keyInput } from '../../lib/keys';
import { useHostNow } from '../../lib/hostClock';
import { applyListAction, listKey, locate, pagesFor } from './listModel';
import { useTicketPages, type ListParams } from './queries';
import { SlaClock } from '../sla/SlaClock';
import { useTicketPaneUi } from '../../shared/ticketPaneUi';
import { useTicketListUi } from './ticketListUi';
import { useWorkingTimes } from '../sla/worktime';

/** Two lines per row; fixed so that 100,000 rows need no measuring. */
export const ROW_HEIGHT = 54;
let firstRowsMarked = false;

/**
 * The virtualized ticket list: only the rows on screen exist in the DOM, only the pages that hold
 * them are fetched, `total` sizes the scroller. Keyboard: ↑/↓ (j/k), PgUp/PgDn, Home/End, Enter.
 * SLA cells of the visible rows tick each second from `dueAt` on the desk's working time.
 */
export function TicketList({ params }: { readonly params: ListParams }) {
  const { t } = useTranslation();
  const selected = useTicketListUi((s) => s.selected);
  const select = useTicketListUi((s) => s.select);
  const openTicket = useTicketPaneUi((s) => s.openTicket);
  const pane = useTicketPaneUi((s) => s.pane);
  const focusSeq = useTicketListUi((s) => s.focusListSeq);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [range, setRange] = useState<readonly [number, number]>([0, 30]);
  const pages = useTicketPages(params, pagesFor(range[0], range[1]));
  const total = pages.first?.total ?? 0;
  const v = useVirtualizer({ count: total, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const items = v.getVirtualItems();
  const firstIdx = items[0]?.index ?? 0;
  const lastIdx = items[items.length - 1]?.index ?? -1;
  useEffect(() => {
    if (lastIdx >= 0 && (firstIdx !== range[0] || lastIdx !== range[1])) setRange([firstIdx, lastIdx]);
  }, [firstIdx, lastIdx, range]);

  const rowAt = (i: number): { row: TicketSummary } | null => {
    const { page, offset } = locate(i);
    const p = pages.byPage.get(page);
    const row = p?.rows[offset];
    return row ? { row } : null;
  };

  // The benchmark reads this mark: the first page of rows is on screen.
  const rendered = items.length > 0 && rowAt(firstIdx) !== null;
  useEffect(() => {
    if (rendered && !firstRowsMarked) {
      firstRowsMarked = true;
      performance.mark('tickets:first-rows');
    }
  }, [rendered]);

  useEffect(() => {
    if (focusSeq > 0) scrollRef.current?.focus({ preventScroll: true });
  }, [focusSeq]);

  const now = useHostNow();
  const between = useWorkingTimes();
  const openId = pane.kind === 'detail' ? pane.id : null;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    const a = listKey(keyInput(e.nativeEvent));
    if (!a) return;
    e.preventDefault();
    if (a.type === 'open') {
      const r = rowAt(selected < 0 ? 0 : selected);
      if (r) {
        if (selected < 0) select(0);
        openTicket(r.row.id);
      }
      return;
    }
    const pageRows = Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT);
    const next = applyListAction(selected, a, total, pageRows);
    select(next);
    if (next >= 0) v.scrollToIndex(next, { align: 'auto' });
  };

  const selectedRow = selected >= 0 ? rowAt(selected) : null;
  return (
    <div className="tlist">
      {pages.error ? <ErrorText error={pages.error} testId="tickets-error" /> : null}
      <div
        ref={scrollRef}
        className="tlist-scroll"
        tabIndex={0}
        role="listbox"
        aria-label={t('tickets.listLabel', { n: formatCount(total) })}
        aria-activedescendant={selectedRow ? `trow-${selectedRow.row.id}` : undefined}
        onKeyDown={onKeyDown}
        data-testid="tickets-list"
        data-total={total}
      >
        <div className="tlist-inner" style={{ height: v.getTotalSize() }}>
          {items.map((it) => {
            const r = rowAt(it.index);
            return (
              <div key={it.key} className="tlist-slot" style={{ transform: `translateY(${it.start}px)`, height: ROW_HEIGHT }}>
                {r ? (
                  <TicketRow
                    row={r.row}
                    index={it.index}
                    selected={it.index === selected}
                    open={r.row.id === openId}
                    nowMs={now}
                    between={between(r.row.sla.schedule)}
                    onClick={() => {
                      select(it.index);
                      openTicket(r.row.id);
                    }}
                  />
                ) : (
                  <div className="trow trow-loading" aria-hidden="true">
                    {t('tickets.loadingRow')}
                  </div>
                )}
              </div>
            );
          })}
        </div>
        {pages.first && total === 0 ? (
          <p className="hint tlist-empty" data-testid="tickets-empty">
            {params.query.trim() !== '' ? t('tickets.emptyQuery', { q: params.query.trim() }) : t('tickets.empty')}
          </p>
        ) : null}
      </div>
    </div>
  );
}

function TicketRow({
  row: r,
  index,
  selected,
  open,
  nowMs,
  between,
  onClick,
}: {
  readonly row: TicketSummary;
  readonly index: number;
  readonly selected: boolean;
  readonly open: boolean;
  readonly nowMs: number;
  readonly between: ReturnType<ReturnType<typeof useWorkingTimes>>;
  readonly onClick: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div
      id={`trow-${r.id}`}
      role="option"
      aria-selected={selected}
      className={`trow${selected ? ' trow-selected' : ''}${open ? ' trow-open' : ''} prio-${r.priority}`}
      onMouseDown={(e) => e.preventDefault() /* keep focus on the list for the keys */}
      onClick={onClick}
      data-testid="ticket-row"
      data-index={index}
      data-ticket-id={r.id}
      data-number={r.number}
      data-status={r.status}
    >
      <div className="trow-line1">
        <span className="trow-number mono" data-col="number">
          №&nbsp;{r.number}
        </span>
        <span className="trow-type">{t(`ticket.type.${r.type}`)}</span>
        <span className={`prio prio-${r.priority}`} title={t('ticket.priorityTitle')}>
          {t(`ticket.prio.${r.priority}`)}
        </span>
        <span className={`tstatus tstatus-${r.status}`}>{t(`ticket.status.${r.status}`)}</span>
        <span className="trow-sla">
          <SlaClock sla={r.sla} nowMs={nowMs} between={between} testId="ticket-sla" claim={r.type === 'claim'} />
        </span>
      </div>
      <div className="trow-line2">
        <span className="trow-contract" data-col="contract">
          {r.contractNo ?? (r.phone ? displayNumber(r.phone, formatPhone) : '—')}
          {r.holderName ? <span className="muted"> · {r.holderName}</span> : null}
        </span>
        <span className="trow-subject" data-col="subject">
          {r.subject}
        </span>
        <span className="trow-assignee muted">{r.assignee ?? t('ticket.unassigned')}</span>
      </div>
    </div>
  );
}
