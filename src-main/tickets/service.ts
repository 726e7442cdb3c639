/**
 * Handlers of the tickets channels (src-shared/ipc/tickets.ts). Writes go through `write`
 * (runMutation: one transaction with the outbox row, then `tickets:changed`); reads come from the
 * repo with SLA views evaluated at the host's now.
 */
import { uuidv7 } from '../../src-shared/ids';
import { normalizeContractNo, validateSerial } from '../../src-shared/domain/identification';
import { TICKET_NUMBER_RE } from '../../src-shared/domain/tickets';
import { AppError } from '../../src-shared/ipc/envelope';
import { foldText } from '../../src-shared/text/fold';
import type { ChannelsOf, Handlers } from '../ipc/dispatch';
import { reversedDigits, searchDigits } from '../calls/repo';
import type { AttachmentFiles } from './attachments';
import type { TicketsRepo } from './repo';
import type { TicketViews } from './views';
import type { TicketWrite } from './write';
import { errorReason } from '../../src-shared/text/errors';

/** The channels this module serves: the contract's tickets part (src-shared/ipc/tickets.ts). */
export type TicketsChannel = ChannelsOf<'tickets' | 'queues'>;

const PHONE_CHARS = /^[\d\s()+\-.]+$/;

/** An FTS5 query that matches no row: the words part of a search that has no words. */
const NO_WORDS = '""';

/**
 * R-CALL-REPEAT: the caller names a surname or what the request was about («Фёдорова»,
 * «интернет не работает»): every word must prefix-match a word of the holder's name or of the
 * subject, case and ё/е folded. Each word is an FTS5 string literal, never syntax.
 */
export function ticketWordsQuery(query: string): string {
  const words = foldText(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => /\p{L}/u.test(w));
  if (words.length === 0) return NO_WORDS;
  return words.map((w) => `"${w.replaceAll('"', '""')}" *`).join(' AND ');
}

/** R-CALL-REPEAT: what a typed query can match, each on its own index. */
export function searchKeys(query: string): { q: string; contract: string | null; rev: string | null; revEnd: string | null; words: string } {
  const q = query.trim();
  const contract = /\d/.test(q) ? normalizeContractNo(q) : null;
  let rev: string | null = null;
  if (!TICKET_NUMBER_RE.test(q) && PHONE_CHARS.test(q) && q.replace(/\D/g, '').length >= 5) rev = reversedDigits(searchDigits(q)) || null;
  // '\u007f' sorts after every digit: [rev, rev+DEL) is "phone ends with these digits".
  const words = TICKET_NUMBER_RE.test(q) ? NO_WORDS : ticketWordsQuery(q);
  return { q, contract, rev, revEnd: rev === null ? null : `${rev}\u007f`, words };
}

export function createTicketsService(deps: {
  repo: TicketsRepo;
  views: TicketViews;
  write: TicketWrite;
  now: () => Date;
  /** The acting operator's user id (R-TKT-ASSIGN): the «Мои» view lists tickets assigned to it. */
  operatorId: () => string;
  attachments: Pick<AttachmentFiles, 'read'>;
}): Pick<Handlers, TicketsChannel> {
  const { repo, views, write } = deps;
  const nowMs = () => deps.now().getTime();
  const full = (id: string) => views.ticket(id, nowMs());

  return {
    'queues:list': () => repo.queues(),

    'tickets:list': ({ view, queueId, query, offset, limit }) => {
      const now = nowMs();
      const assignee = view === 'mine' ? deps.operatorId() : null;
      const queue = queueId ?? null;
      const base = { limit, offset, assignee, queue };
      const q = query?.trim() ?? '';
      const page =
        q !== ''
          ? repo.search({ ...base, ...searchKeys(q), open: view === 'all' ? 0 : 1 }, view === 'all' ? 'recent' : 'risk')
          : view === 'all'
            ? repo.allPage(base)
            : repo.openPage(base);
      const rows = page.rows.map((r) => views.summary(r, now));
      const missing = new Set(repo.missingYears());
      for (const r of rows)
        if (r.sla.missingYear !== null && (r.status === 'new' || r.status === 'in_progress' || r.status === 'waiting')) missing.add(r.sla.missingYear);
      return {
        rows,
        total: page.count(), // O(1) from ticket_counts for the views; a search counts its few hits
        asOf: new Date(now).toISOString(),
        calendarMissingYears: [...missing].sort((a, b) => a - b),
      };
    },

    'tickets:get': ({ id }) => full(id),

    'tickets:duplicates': ({ contractNo, serial }) => {
      const contract = contractNo === null || contractNo.trim() === '' ? null : normalizeContractNo(contractNo);
      const s = serial === null || serial.trim() === '' ? null : validateSerial(serial);
      const serialKey = s === null ? null : s.ok ? s.serial : serial;
      if (contract === null && serialKey === null) return [];
      const now = nowMs();
      return repo.duplicates(contract, serialKey).map((r) => views.summary(r, now));
    },

    'tickets:create': (input) => full(write('ticket.create', input).ticketId),
    'tickets:transition': (input) => full(write('ticket.transition', input).ticketId),
    'tickets:update': (input) => full(write('ticket.update', input).ticketId),
    'tickets:comment': (input) => full(write('ticket.comment', input).ticketId),
    'tickets:assign': (input) => full(write('ticket.assign', input).ticketId),
    'tickets:handoff': (input) => full(write('ticket.handoff', input).ticketId),
    'tickets:extendSla': (input) => full(write('ticket.extendSla', input).ticketId),
    'tickets:linkCall': (input) => full(write('ticket.linkCall', input).ticketId),
    'tickets:notified': (input) => full(write('ticket.notified', input).ticketId),

    'tickets:attach': async ({ id, fileId }) => {
      // Before the handle is used up: an unknown ticket leaves the chosen file usable.
      if (!repo.row(id)) throw new AppError('NOT_FOUND', `no ticket ${id}`, undefined, errorReason('ticketNotFound'));
      const file = await deps.attachments.read(fileId); // outside the transaction: hashing a big file must not hold the database
      return full(write('ticket.attach', { id, attachment: { id: uuidv7(nowMs()), ...file } }).ticketId);
    },
  };
}
