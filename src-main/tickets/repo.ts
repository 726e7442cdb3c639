/**
 * Read side of tickets: the list views by SLA risk (one walk of a partial index, no sort step),
 * the repeat-caller search (R-CALL-REPEAT), duplicates (R-TKT-DEDUP) and a ticket's parts for the
 * detail view. The statements are exported so tests EXPLAIN exactly what runs.
 */
import type { Db } from '../db/open';
import { SUMMARY_COLUMNS, type AttachmentRow, type ClaimRow, type SummaryRow, type TicketRow, type VisitRow } from './rows';
import type { CallDirection } from '../../src-shared/domain/call';

const OPEN = "status IN ('new', 'in_progress', 'waiting')";
// R-TKT-PRIO: higher priority goes ahead, then the clock at risk first (migration 0074's indexes).
const RISK = 'priority, sla_rank, sla_sort_ms, created_at, id';
const RECENT = 'created_at DESC, id DESC';
const S = SUMMARY_COLUMNS;

// R-CALL-REPEAT: every way a repeat caller names the earlier request, each on its own index.
const HITS = `WITH hits(id) AS (
    SELECT id FROM tickets INDEXED BY ux_tickets_number WHERE number = :q
    UNION ALL SELECT ticket_id FROM ticket_events INDEXED BY ix_ticket_events_renumbered_from WHERE kind = 'renumbered' AND json_extract(data, '$.from') = :q
    UNION ALL SELECT id FROM tickets INDEXED BY ix_tickets_contract WHERE contract_no = :contract
    UNION ALL SELECT id FROM tickets INDEXED BY ix_tickets_phone_rev WHERE phone_rev >= :rev AND phone_rev < :revEnd
    UNION ALL SELECT id FROM tickets INDEXED BY ix_tickets_assignee WHERE assignee = :q
    UNION ALL SELECT id FROM tickets INDEXED BY ix_tickets_created_by WHERE created_by = :q
    UNION ALL SELECT ticket_id FROM ticket_search_ids WHERE n IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH :words)
  )`;
const HIT_FILTER = `id IN (SELECT id FROM hits) AND (:open = 0 OR ${OPEN}) AND (:assignee IS NULL OR assignee_id = :assignee) AND (:queue IS NULL OR queue_id = :queue)`;

export const TICKETS_SQL = {
  openPage: `SELECT ${S} FROM tickets INDEXED BY ix_tickets_open_risk WHERE ${OPEN} ORDER BY ${RISK} LIMIT :limit OFFSET :offset`,
  // Totals of the views come from ticket_counts, kept by triggers (migration 0050): O(1).
  total: 'SELECT n FROM ticket_counts WHERE key = ?',
  minePage: `SELECT ${S} FROM tickets INDEXED BY ix_tickets_mine_risk WHERE assignee_id = :assignee AND ${OPEN} AND (:queue IS NULL OR queue_id = :queue) ORDER BY ${RISK} LIMIT :limit OFFSET :offset`,
  queuePage: `SELECT ${S} FROM tickets INDEXED BY ix_tickets_queue_risk WHERE queue_id = :queue AND ${OPEN} ORDER BY ${RISK} LIMIT :limit OFFSET :offset`,
  allPage: `SELECT ${S} FROM tickets INDEXED BY ix_tickets_created ORDER BY ${RECENT} LIMIT :limit OFFSET :offset`,
  allQueuePage: `SELECT ${S} FROM tickets INDEXED BY ix_tickets_queue_created WHERE queue_id = :queue ORDER BY ${RECENT} LIMIT :limit OFFSET :offset`,
  // A search hits few rows (a contract's or a caller's tickets): they are sorted after the lookup.
  searchRiskPage: `${HITS} SELECT ${S} FROM tickets WHERE ${HIT_FILTER} ORDER BY ${RISK} LIMIT :limit OFFSET :offset`,
  searchRecentPage: `${HITS} SELECT ${S} FROM tickets WHERE ${HIT_FILTER} ORDER BY ${RECENT} LIMIT :limit OFFSET :offset`,
  searchCount: `${HITS} SELECT count(*) AS n FROM tickets WHERE ${HIT_FILTER}`,
  missingYears: `SELECT DISTINCT sla_missing_year AS year FROM tickets INDEXED BY ix_tickets_missing_year WHERE sla_missing_year IS NOT NULL AND ${OPEN} ORDER BY 1`,
  // R-TKT-DEDUP: open tickets of the same contract or serial, from any channel.
  duplicates: `SELECT ${S} FROM tickets WHERE id IN (
      SELECT id FROM tickets INDEXED BY ix_tickets_contract WHERE contract_no = :contract
      UNION ALL SELECT id FROM tickets INDEXED BY ix_tickets_serial WHERE serial = :serial
    ) AND ${OPEN} ORDER BY ${RISK} LIMIT 50`,
  byId: 'SELECT * FROM tickets WHERE id = ?',
  summaryById: `SELECT ${S} FROM tickets WHERE id = ?`,
  events: 'SELECT id, ticket_id, at, actor, kind, data FROM ticket_events INDEXED BY ix_ticket_events_ticket WHERE ticket_id = ? ORDER BY seq',
  related: 'SELECT t.id, t.number FROM ticket_links l JOIN tickets t ON t.id = l.other_id WHERE l.ticket_id = ? ORDER BY l.created_at, t.number',
  attachments: 'SELECT * FROM attachments INDEXED BY ix_attachments_ticket WHERE ticket_id = ? ORDER BY added_at, id',
  calls: `SELECT c.id, c.direction, c.remote_number, c.offered_at, c.talk_ms, c.operator, c.outcome
    FROM ticket_calls tc JOIN calls c ON c.id = tc.call_id WHERE tc.ticket_id = ? ORDER BY c.offered_at`,
  visitsOfTicket: 'SELECT * FROM visits INDEXED BY ix_visits_ticket WHERE ticket_id = ? ORDER BY slot_start_ms',
  visitsBetween:
    "SELECT * FROM visits INDEXED BY ix_visits_slot WHERE slot_start_ms >= :from AND slot_start_ms < :to AND status <> 'cancelled' ORDER BY slot_start_ms, priority, created_at_ms",
  visitsBetweenAll:
    'SELECT * FROM visits INDEXED BY ix_visits_slot_all WHERE slot_start_ms >= :from AND slot_start_ms < :to ORDER BY slot_start_ms, priority, created_at_ms',
  visitById: 'SELECT * FROM visits WHERE id = ?',
  claim: 'SELECT * FROM claims WHERE ticket_id = ?',
  queues: 'SELECT id, name, department FROM queues ORDER BY sort, id',
  queue: 'SELECT id, name, department FROM queues WHERE id = ?',
  numbersOf: 'SELECT id, number, holder_name FROM tickets WHERE id IN (SELECT value FROM json_each(?))',
} as const;

/** `assignee`: a user id (R-TKT-ASSIGN, migration 0076), never a display name. */
export type ListParams = { limit: number; offset: number; assignee: string | null; queue: string | null };
/** `words`: an FTS5 query over holder names and subjects (ticketWordsQuery); '""' matches nothing. */
export type SearchParams = ListParams & { q: string; contract: string | null; rev: string | null; revEnd: string | null; words: string; open: 0 | 1 };
export type EventRow = { id: string; ticket_id: string; at: string; actor: string; kind: string; data: string };
export type LinkedCallRow = {
  id: string;
  direction: CallDirection;
  remote_number: string;
  offered_at: string;
  talk_ms: number | null;
  operator: string | null;
  outcome: string | null;
};
type Count = { n: number };

export function createTicketsRepo(db: Db) {
  const p = <P extends unknown[], R>(sql: string) => db.prepare<P, R>(sql);
  const st = {
    openPage: p<[ListParams], SummaryRow>(TICKETS_SQL.openPage),
    minePage: p<[ListParams], SummaryRow>(TICKETS_SQL.minePage),
    queuePage: p<[ListParams], SummaryRow>(TICKETS_SQL.queuePage),
    allPage: p<[ListParams], SummaryRow>(TICKETS_SQL.allPage),
    allQueuePage: p<[ListParams], SummaryRow>(TICKETS_SQL.allQueuePage),
    searchRiskPage: p<[SearchParams], SummaryRow>(TICKETS_SQL.searchRiskPage),
    searchRecentPage: p<[SearchParams], SummaryRow>(TICKETS_SQL.searchRecentPage),
    searchCount: p<[Omit<SearchParams, 'limit' | 'offset'>], Count>(TICKETS_SQL.searchCount),
    missingYears: p<[], { year: number }>(TICKETS_SQL.missingYears),
    duplicates: p<[{ contract: string | null; serial: string | null }], SummaryRow>(TICKETS_SQL.duplicates),
    byId: p<[string], TicketRow>(TICKETS_SQL.byId),
    summaryById: p<[string], SummaryRow>(TICKETS_SQL.summaryById),
    events: p<[string], EventRow>(TICKETS_SQL.events),
    related: p<[string], { id: string; number: string }>(TICKETS_SQL.related),
    attachments: p<[string], AttachmentRow>(TICKETS_SQL.attachments),
    calls: p<[string], LinkedCallRow>(TICKETS_SQL.calls),
    visitsOfTicket: p<[string], VisitRow>(TICKETS_SQL.visitsOfTicket),
    visitsBetween: p<[{ from: number; to: number }], VisitRow>(TICKETS_SQL.visitsBetween),
    visitsBetweenAll: p<[{ from: number; to: number }], VisitRow>(TICKETS_SQL.visitsBetweenAll),
    visitById: p<[string], VisitRow>(TICKETS_SQL.visitById),
    claim: p<[string], ClaimRow>(TICKETS_SQL.claim),
    total: p<[string], { n: number }>(TICKETS_SQL.total),
    queues: p<[], { id: string; name: string; department: string }>(TICKETS_SQL.queues),
    queue: p<[string], { id: string; name: string; department: string }>(TICKETS_SQL.queue),
    numbersOf: p<[string], { id: string; number: string; holder_name: string | null }>(TICKETS_SQL.numbersOf),
  };

  const total = (key: string): number => st.total.get(key)?.n ?? 0;

  return {
    /** A view's total from ticket_counts (kept by triggers in the writing transaction). */
    total,
    /** The open views by SLA risk: all open, mine (optionally in one queue), one queue. */
    openPage(params: ListParams): { rows: SummaryRow[]; count: () => number } {
      const { assignee, queue } = params;
      if (assignee !== null)
        return { rows: st.minePage.all(params), count: () => total(queue === null ? `open:a:${assignee}` : `open:aq:${assignee}:${queue}`) };
      if (queue !== null) return { rows: st.queuePage.all(params), count: () => total(`open:q:${queue}`) };
      return { rows: st.openPage.all(params), count: () => total('open') };
    },
    /** Every ticket, newest first (optionally one queue). */
    allPage(params: ListParams): { rows: SummaryRow[]; count: () => number } {
      const { queue } = params;
      if (queue !== null) return { rows: st.allQueuePage.all(params), count: () => total(`q:${queue}`) };
      return { rows: st.allPage.all(params), count: () => total('all') };
    },
    search(params: SearchParams, order: 'risk' | 'recent'): { rows: SummaryRow[]; count: () => number } {
      const { limit: _l, offset: _o, ...countParams } = params;
      return {
        rows: (order === 'risk' ? st.searchRiskPage : st.searchRecentPage).all(params),
        count: () => st.searchCount.get(countParams)?.n ?? 0,
      };
    },
    missingYears: (): number[] => st.missingYears.all().map((r) => r.year),
    duplicates: (contract: string | null, serial: string | null): SummaryRow[] => st.duplicates.all({ contract, serial }),
    row: (id: string): TicketRow | null => st.byId.get(id) ?? null,
    summary: (id: string): SummaryRow | null => st.summaryById.get(id) ?? null,
    events: (id: string): EventRow[] => st.events.all(id),
    related: (id: string) => st.related.all(id),
    attachments: (id: string): AttachmentRow[] => st.attachments.all(id),
    calls: (id: string): LinkedCallRow[] => st.calls.all(id),
    visitsOfTicket: (id: string): VisitRow[] => st.visitsOfTicket.all(id),
    /** Visits whose slot starts in [from, to); cancelled ones only on request. */
    visitsBetween: (from: number, to: number, includeCancelled: boolean): VisitRow[] =>
      (includeCancelled ? st.visitsBetweenAll : st.visitsBetween).all({ from, to }),
    visit: (id: string): VisitRow | null => st.visitById.get(id) ?? null,
    claim: (ticketId: string): ClaimRow | null => st.claim.get(ticketId) ?? null,
    queues: () => st.queues.all(),
    queue: (id: string) => st.queue.get(id) ?? null,
    numbersOf: (ids: readonly string[]) => (ids.length === 0 ? [] : st.numbersOf.all(JSON.stringify(ids))),
  };
}
export type TicketsRepo = ReturnType<typeof createTicketsRepo>;
