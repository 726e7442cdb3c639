/**
 * Applying one pull page to the console's tables (README.md here), in ONE SQLite transaction with
 * the cursor: either the whole page and its cursor are stored, or nothing is.
 *
 * - Rows are written with the same record→row mappers the mutations use (sqliteStore.ts,
 *   tickets/rows.ts), so a pulled ticket carries the same derived SLA columns, counts (triggers)
 *   and search words as a local one. The server's row_version lives in sync_rows; a change whose
 *   version is not newer than the one held is skipped (pages are idempotent).
 * - A row touched by an outbox row that is not yet covered (acknowledged and then pulled) keeps
 *   its local state; the server's change waits in sync_deferred and is applied once covered. The
 *   rows a pending mutation touches are the ones its mutator declares in `reads(args)`: the same
 *   list the server locks, so nothing the mutation may change is overwritten under it.
 * - `reset: true` drops every synced row except those pending rows before the snapshot arrives;
 *   the outbox stays and is pushed as usual.
 * - Foreign keys are checked at COMMIT (defer_foreign_keys): a page may bring a ticket's history
 *   before the ticket; a page that still breaks a reference at the end is refused whole.
 */
import { mutators } from '../../src-shared/mutators/index';
import type { CallRecord, ClaimRecord, TicketRecord, VisitRecord } from '../../src-shared/mutators/index';
import { SYNC_ROW_KINDS, type PullResponse, type SyncChange, type SyncRowData, type SyncRowKind } from '../../src-shared/server/sync';
import { withoutCommitSync, type Db } from '../db/open';
import { toCallRow, toTicketRow } from '../mutations/sqliteStore';
import type { SlaCache } from '../sla/cache';
import { iso, toAttachmentRow, toClaimRow, toVisitRow } from '../tickets/rows';
import type { SyncStore } from './store';

/** What a page changed, for the renderer's refresh. */
export type PageEffect = {
  readonly applied: number;
  readonly deferred: number;
  /** Ticket ids whose rows (or history, visits, claim) changed; `all` after a reset or a big page. */
  readonly tickets: readonly string[];
  readonly allTickets: boolean;
  /** The kinds of the rows this page wrote or removed (the host tells the screens that show them); every kind after a reset. */
  readonly kinds: readonly SyncRowKind[];
};

type Protected = {
  readonly tickets: ReadonlySet<string>;
  readonly visits: ReadonlySet<string>;
  readonly calls: ReadonlySet<string>;
  readonly redirects: ReadonlySet<string>;
};

/**
 * `INSERT INTO <table> … ON CONFLICT (key) DO UPDATE` over constant column lists (never over
 * anything received). The head is written out at each call so a search for the writers of a table
 * (tests/integration/mutations/writePath.test.ts) finds this one.
 */
function upsertSql(head: `INSERT INTO ${string}`, key: readonly string[], cols: readonly string[]): string {
  const set = cols.filter((c) => !key.includes(c)).map((c) => `${c} = excluded.${c}`);
  return `${head} (${cols.join(', ')}) VALUES (${cols.map((c) => `:${c}`).join(', ')}) ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${set.join(', ')}`;
}

const TICKET_COLS = [
  'id', 'number', 'type', 'priority', 'status', 'channel', 'queue_id', 'assignee_id', 'assignee', 'contract_no', 'holder_name', 'phone', 'phone_rev',
  'serial', 'subject', 'description', 'form', 'tariff', 'created_at', 'created_by', 'updated_at', 'version', 'sla_kind', 'sla_target_min', 'sla_ext_min',
  'sla_budget_ms', 'sla_anchor_ms', 'sla_met_ms', 'sla_due_met_ms', 'sla_deadline_ms', 'sla_due_ms', 'sla_sort_ms', 'sla_rank', 'sla_missing_year',
] as const; // prettier-ignore
const VISIT_COLS = [
  'id', 'ticket_id', 'call_id', 'contract_no', 'holder_name', 'address', 'responsible', 'phone', 'intercom', 'problem_location', 'notes', 'desired_at_ms',
  'priority', 'slot_start_ms', 'slot_end_ms', 'eta_from_ms', 'eta_to_ms', 'status', 'status_reason', 'cancelled_at_ms', 'cancel_billable', 'act_status',
  'act_signed_by', 'act_at_ms', 'created_at_ms', 'created_by', 'technician_id',
] as const; // prettier-ignore
const CLAIM_COLS = [
  'ticket_id', 'holder_name', 'contract_no', 'phone', 'incident', 'incident_from', 'incident_to', 'specialist', 'answer_via', 'answer_address', 'signed',
  'received_on', 'deadline', 'missing_year', 'answered_at', 'answer',
] as const; // prettier-ignore
const CALL_COLS = [
  'id', 'sip_call_id', 'direction', 'remote_number', 'remote_rev', 'remote_name', 'line', 'offered_at', 'answered_at', 'ended_at', 'wait_ms', 'talk_ms',
  'operator', 'contract_no', 'verified', 'outcome', 'wrap_up_code', 'note', 'ticket_id', 'escalated_at', 'caller_staff', 'decisions',
] as const; // prettier-ignore
const ATTACHMENT_COLS = ['id', 'ticket_id', 'name', 'path', 'size', 'sha256', 'added_at', 'added_by'] as const;
const EVENT_COLS = ['id', 'ticket_id', 'at', 'actor', 'kind', 'data'] as const;
const REQUEST_COLS = ['id', 'call_id', 'contract_no', 'holder_name', 'phone', 'address', 'notes', 'created_at', 'status'] as const;
const REDIRECT_COLS = ['id', 'contract_no', 'phone', 'reason', 'redirect_label', 'redirect_phone', 'recorded_at'] as const;

/** Pages checkpoint the WAL as often as the console's own writes do (1000 pages, openDatabase). */
const PAGE_CHECKPOINT_PAGES = 1000;

/** Above this many tickets a page asks the renderer to refetch its lists rather than name each ticket. */
const NAMED_TICKETS_MAX = 200;

export function createPageApplier(deps: Readonly<{ db: Db; sla: Pick<SlaCache, 'derive'>; store: SyncStore }>) {
  const { db, sla, store } = deps;
  const versionOf = db.prepare<[string, string], { version: number }>('SELECT version FROM sync_rows WHERE kind = ? AND id = ?');
  const setVersion = db.prepare<[string, string, number]>(
    'INSERT INTO sync_rows (kind, id, version) VALUES (?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version',
  );
  const forgetVersion = db.prepare<[string, string]>('DELETE FROM sync_rows WHERE kind = ? AND id = ?');
  const defer = db.prepare<[string, string, number, string | null]>(
    `INSERT INTO sync_deferred (kind, id, version, data) VALUES (?, ?, ?, ?)
     ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version, data = excluded.data WHERE excluded.version > sync_deferred.version`,
  );
  const deferred = db.prepare<[], { kind: string; id: string; version: number; data: string | null }>('SELECT kind, id, version, data FROM sync_deferred');
  const dropDeferred = db.prepare<[string, string]>('DELETE FROM sync_deferred WHERE kind = ? AND id = ?');
  const setTicketNumber = db.prepare<[string, string]>('UPDATE tickets SET number = ? WHERE id = ?');
  const deferredTicket = db.prepare<[string], { version: number; data: string | null }>(
    "SELECT version, data FROM sync_deferred WHERE kind = 'ticket' AND id = ?",
  );

  const upTicket = db.prepare(upsertSql('INSERT INTO tickets', ['id'], TICKET_COLS));
  const ticketByNumber = db.prepare<[string, string], { id: string }>('SELECT id FROM tickets WHERE number = ? AND id <> ?');
  const upEvent = db.prepare(upsertSql('INSERT INTO ticket_events', ['id'], EVENT_COLS));
  const upLink = db.prepare<[string, string, string]>('INSERT OR IGNORE INTO ticket_links (ticket_id, other_id, created_at) VALUES (?, ?, ?)');
  const upTicketCall = db.prepare<[string, string, string]>('INSERT OR IGNORE INTO ticket_calls (ticket_id, call_id, linked_at) VALUES (?, ?, ?)');
  const upAttachment = db.prepare(upsertSql('INSERT INTO attachments', ['id'], ATTACHMENT_COLS));
  const upVisit = db.prepare(upsertSql('INSERT INTO visits', ['id'], VISIT_COLS));
  const upClaim = db.prepare(upsertSql('INSERT INTO claims', ['ticket_id'], CLAIM_COLS));
  const upCall = db.prepare(upsertSql('INSERT INTO calls', ['id'], CALL_COLS));
  const upRequest = db.prepare(upsertSql('INSERT INTO visit_requests', ['id'], REQUEST_COLS));
  const upRedirect = db.prepare(upsertSql('INSERT INTO redirects', ['id'], REDIRECT_COLS));
  const upQueue = db.prepare<[string, string, string]>(
    `INSERT INTO queues (id, name, department, sort) VALUES (?, ?, ?, (SELECT coalesce(max(sort), 0) + 10 FROM queues))
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, department = excluded.department`,
  );
  const upUser = db.prepare(upsertSql('INSERT INTO desk_users', ['id'], ['id', 'display_name', 'role', 'disabled']));
  const requestCall = db.prepare<[string], { call_id: string | null }>('SELECT call_id FROM visit_requests WHERE id = ?');
  const visitTicket = db.prepare<[string], { ticket_id: string }>('SELECT ticket_id FROM visits WHERE id = ?');

  /** A delete by one id (named :id, so a statement may use it twice). */
  const del = (sql: string) => {
    const st = db.prepare<[{ id: string }]>(sql);
    return { run: (id: string) => st.run({ id }) };
  };
  const ticketChildren = [
    del('DELETE FROM ticket_events WHERE ticket_id = :id'),
    del('DELETE FROM ticket_links WHERE ticket_id = :id OR other_id = :id'),
    del('DELETE FROM ticket_calls WHERE ticket_id = :id'),
    del('DELETE FROM attachments WHERE ticket_id = :id'),
    del('DELETE FROM claims WHERE ticket_id = :id'),
    del('DELETE FROM visits WHERE ticket_id = :id'),
    del('DELETE FROM tickets WHERE id = :id'),
  ];
  const deleteById: Partial<Record<SyncRowKind, ReturnType<typeof del>>> = {
    ticketEvent: del('DELETE FROM ticket_events WHERE id = :id'),
    attachment: del('DELETE FROM attachments WHERE id = :id'),
    visit: del('DELETE FROM visits WHERE id = :id'),
    claim: del('DELETE FROM claims WHERE ticket_id = :id'),
    visitRequest: del('DELETE FROM visit_requests WHERE id = :id'),
    redirect: del('DELETE FROM redirects WHERE id = :id'),
    user: del('DELETE FROM desk_users WHERE id = :id'),
    // A queue still holding tickets stays: the tickets' own changes move or remove them.
    queue: del('DELETE FROM queues WHERE id = :id AND NOT EXISTS (SELECT 1 FROM tickets WHERE queue_id = :id)'),
  };
  const deleteLink = db.prepare<[{ a: string; b: string }]>(
    'DELETE FROM ticket_links WHERE (ticket_id = :a AND other_id = :b) OR (ticket_id = :b AND other_id = :a)',
  );
  const deleteTicketCall = db.prepare<[string, string]>('DELETE FROM ticket_calls WHERE ticket_id = ? AND call_id = ?');
  const deleteCall = [del('DELETE FROM visit_requests WHERE call_id = :id'), del('DELETE FROM calls WHERE id = :id')];

  const wipe = [
    'DELETE FROM ticket_events WHERE ticket_id NOT IN (SELECT value FROM json_each(:tickets))',
    'DELETE FROM ticket_links WHERE ticket_id NOT IN (SELECT value FROM json_each(:tickets)) OR other_id NOT IN (SELECT value FROM json_each(:tickets))',
    'DELETE FROM ticket_calls WHERE ticket_id NOT IN (SELECT value FROM json_each(:tickets))',
    'DELETE FROM attachments WHERE ticket_id NOT IN (SELECT value FROM json_each(:tickets))',
    'DELETE FROM claims WHERE ticket_id NOT IN (SELECT value FROM json_each(:tickets))',
    'DELETE FROM visits WHERE ticket_id NOT IN (SELECT value FROM json_each(:tickets))',
    'DELETE FROM tickets WHERE id NOT IN (SELECT value FROM json_each(:tickets))',
    'DELETE FROM visit_requests WHERE call_id IS NULL OR call_id NOT IN (SELECT value FROM json_each(:calls))',
    'DELETE FROM calls WHERE id NOT IN (SELECT value FROM json_each(:calls))',
    'DELETE FROM redirects WHERE id NOT IN (SELECT value FROM json_each(:redirects))',
    // The people come again with the snapshot's `ref` rows (a user who left the desk must not stay).
    'DELETE FROM desk_users',
    'DELETE FROM sync_rows',
    'DELETE FROM sync_deferred',
  ].map((sql) => db.prepare<[{ tickets: string; calls: string; redirects: string }]>(sql));

  /**
   * The rows the not-yet-covered outbox rows touch (their mutators' read sets). Kept between pages:
   * outbox rows are only appended above and removed below the covered seq, so only rows added since
   * the last page are parsed (a first sign-in may hold a long history until its first complete pull).
   */
  let pending: { covered: number; upTo: number; tickets: Set<string>; visits: Set<string>; calls: Set<string>; redirects: Set<string> } | null = null;
  function pendingRows(): Protected {
    const covered = store.coveredSeq();
    if (pending === null || pending.covered !== covered) {
      pending = { covered, upTo: covered, tickets: new Set(), visits: new Set(), calls: new Set(), redirects: new Set() };
    }
    const p = pending;
    for (const m of store.uncovered(p.upTo)) {
      const reads = (mutators[m.name] as { reads(a: unknown): ReturnType<(typeof mutators)['ticket.create']['reads']> }).reads(m.args);
      for (const id of reads.tickets) p.tickets.add(id);
      for (const id of reads.visits) p.visits.add(id);
      for (const id of reads.calls) p.calls.add(id);
      // A redirect's id is its mutation id (src-shared/mutators/calls.ts).
      if (m.name === 'redirect.record') p.redirects.add(m.mutationId);
      p.upTo = m.seq;
    }
    // A pending visit keeps its ticket.
    const tickets = new Set(p.tickets);
    for (const v of p.visits) {
      const t = visitTicket.get(v);
      if (t) tickets.add(t.ticket_id);
    }
    return { tickets, visits: p.visits, calls: p.calls, redirects: p.redirects };
  }

  function isProtected(p: Protected, c: SyncChange): boolean {
    switch (c.kind) {
      case 'ticket':
      case 'claim':
        return p.tickets.has(c.id);
      case 'visit':
        return p.visits.has(c.id);
      case 'call':
        return p.calls.has(c.id);
      case 'redirect':
        return p.redirects.has(c.id);
      case 'visitRequest': {
        const data = c.data as SyncRowData<'visitRequest'> | null;
        const callId = data?.callId ?? requestCall.get(c.id)?.call_id ?? null;
        return callId !== null && p.calls.has(callId);
      }
      case 'ticketEvent':
      case 'ticketLink':
      case 'ticketCall':
      case 'attachment':
      case 'queue':
      case 'user':
        // Append-only or reference rows: a pending mutation never edits them in place.
        return false;
    }
  }

  /** Writes one change; returns the ticket it concerns (for the refresh), if any. */
  function write(c: SyncChange, p: Protected): string | null {
    if (c.data === null) return remove(c);
    switch (c.kind) {
      case 'ticket': {
        const t = c.data as SyncRowData<'ticket'>;
        const clash = ticketByNumber.get(t.number, t.id);
        if (clash) {
          // The server renumbered the local ticket (a console used alone numbered it with its own
          // seat, and the number was taken desk-wide): it moves to its new number and stays the
          // same ticket. Otherwise its create was refused; the server's ticket wins the number.
          if (!moveAside(clash.id, t.number, 0)) {
            if (p.tickets.has(clash.id)) throw new PageDeferred();
            for (const s of ticketChildren) s.run(clash.id);
          }
        }
        upTicket.run(toTicketRow(sla, t as TicketRecord));
        return t.id;
      }
      case 'ticketEvent': {
        const e = c.data as SyncRowData<'ticketEvent'>;
        upEvent.run({ id: e.id, ticket_id: e.ticketId, at: iso(e.at), actor: e.actor, kind: e.kind, data: JSON.stringify(e.data) });
        return e.ticketId;
      }
      case 'ticketLink': {
        const l = c.data as SyncRowData<'ticketLink'>;
        upLink.run(l.a, l.b, iso(l.at));
        upLink.run(l.b, l.a, iso(l.at));
        return l.a;
      }
      case 'ticketCall': {
        const l = c.data as SyncRowData<'ticketCall'>;
        upTicketCall.run(l.ticketId, l.callId, iso(l.at));
        return l.ticketId;
      }
      case 'attachment': {
        const a = c.data as SyncRowData<'attachment'>;
        upAttachment.run(toAttachmentRow(a));
        return a.ticketId;
      }
      case 'visit': {
        const v = c.data as SyncRowData<'visit'>;
        upVisit.run(toVisitRow(v as VisitRecord));
        return v.ticketId;
      }
      case 'claim': {
        const cl = c.data as SyncRowData<'claim'>;
        upClaim.run(toClaimRow(cl as ClaimRecord));
        return cl.ticketId;
      }
      case 'call':
        upCall.run(toCallRow(c.data as CallRecord));
        return null;
      case 'visitRequest': {
        const v = c.data as SyncRowData<'visitRequest'>;
        upRequest.run({
          id: v.id,
          call_id: v.callId,
          contract_no: v.contractNo,
          holder_name: v.holderName,
          phone: v.phone,
          address: v.address,
          notes: v.notes,
          created_at: v.createdAt,
          status: v.status,
        });
        return null;
      }
      case 'redirect': {
        const r = c.data as SyncRowData<'redirect'>;
        upRedirect.run({
          id: r.id,
          contract_no: r.contractNo,
          phone: r.phone,
          reason: r.reason,
          redirect_label: r.redirectLabel,
          redirect_phone: r.redirectPhone,
          recorded_at: r.recordedAt,
        });
        return null;
      }
      case 'queue': {
        const q = c.data as SyncRowData<'queue'>;
        upQueue.run(q.id, q.name, q.department);
        return null;
      }
      case 'user': {
        const u = c.data as SyncRowData<'user'>;
        upUser.run({ id: u.id, display_name: u.displayName, role: u.role, disabled: u.disabled ? 1 : 0 });
        return null;
      }
    }
  }

  function remove(c: SyncChange): string | null {
    switch (c.kind) {
      case 'ticket':
        for (const s of ticketChildren) s.run(c.id);
        return c.id;
      case 'ticketLink': {
        const [a = '', b = ''] = c.id.split('|');
        deleteLink.run({ a, b });
        return a;
      }
      case 'ticketCall': {
        const [ticketId = '', callId = ''] = c.id.split('|');
        deleteTicketCall.run(ticketId, callId);
        return ticketId;
      }
      case 'call':
        for (const s of deleteCall) s.run(c.id);
        return null;
      default:
        deleteById[c.kind]?.run(c.id);
        return c.kind === 'claim' ? c.id : null;
    }
  }

  /** The page being applied: its changes (a renumbered ticket may come after the one taking its old number) and the tickets it touched. */
  let current: { changes: readonly SyncChange[]; touched: Set<string> } = { changes: [], touched: new Set() };

  /** The number the server now gives local ticket `id`, when it is no longer `number`: later in this page, or waiting in sync_deferred. */
  function serverNumber(id: string, number: string): string | null {
    const inPage = current.changes.findLast((c) => c.kind === 'ticket' && c.id === id && c.data !== null);
    const waiting = inPage ? null : deferredTicket.get(id);
    const data = inPage ? inPage.data : waiting?.data ? (JSON.parse(waiting.data) as unknown) : null;
    const to = (data as SyncRowData<'ticket'> | null)?.number;
    return to === undefined || to === number ? null : to;
  }

  /**
   * Moves local ticket `id` off `number` to the number the server gave it (renumbered on push).
   * Only the number: a pending local mutation never changes it, so a protected row may take it
   * now, and the rest of the row comes with its change as usual. A holder of the new number moves
   * first (bounded: numbers the server handed out are unique). False when the server has no other
   * number for it.
   */
  function moveAside(id: string, number: string, depth: number): boolean {
    const to = serverNumber(id, number);
    if (to === null || depth > 8) return false;
    const holder = ticketByNumber.get(to, id);
    if (holder && !moveAside(holder.id, to, depth + 1)) return false;
    setTicketNumber.run(to, id);
    current.touched.add(id);
    return true;
  }

  /** Applies `c` unless it is not newer than what this console holds; true when written. */
  function applyOne(c: SyncChange, p: Protected, touched: Set<string>): 'applied' | 'deferred' | 'skipped' {
    const held = versionOf.get(c.kind, c.id)?.version ?? 0;
    if (c.version <= held) return 'skipped';
    if (isProtected(p, c)) {
      defer.run(c.kind, c.id, c.version, c.data === null ? null : JSON.stringify(c.data));
      return 'deferred';
    }
    let ticket: string | null;
    try {
      ticket = write(c, p);
    } catch (err) {
      if (!(err instanceof PageDeferred)) throw err;
      defer.run(c.kind, c.id, c.version, c.data === null ? null : JSON.stringify(c.data));
      return 'deferred';
    }
    if (ticket !== null) touched.add(ticket);
    if (c.data === null) forgetVersion.run(c.kind, c.id);
    else setVersion.run(c.kind, c.id, c.version);
    dropDeferred.run(c.kind, c.id);
    return 'applied';
  }

  /**
   * The page, its acknowledgement news (lastSeq) and its cursor in one transaction. When the page
   * completes a pull (more: false), the acknowledged rows become covered, leave the outbox, and the
   * changes they held back are applied now.
   */
  const applyPage = db.transaction((page: PullResponse, at: Date | null): PageEffect => {
    db.pragma('defer_foreign_keys = ON');
    const touched = new Set<string>();
    const kinds = new Set<SyncRowKind>();
    current = { changes: page.changes, touched };
    let applied = 0;
    let held = 0;
    let protectedRows = pendingRows();
    if (page.reset) {
      const bind = {
        tickets: JSON.stringify([...protectedRows.tickets]),
        calls: JSON.stringify([...protectedRows.calls]),
        redirects: JSON.stringify([...protectedRows.redirects]),
      };
      for (const s of wipe) s.run(bind);
    }
    for (const c of page.changes) {
      const r = applyOne(c, protectedRows, touched);
      if (r === 'applied') {
        applied++;
        kinds.add(c.kind);
      } else if (r === 'deferred') held++;
    }
    store.learnAcked(page.lastSeq);
    if (!page.more) {
      store.cover();
      protectedRows = pendingRows();
      for (const d of deferred.all()) {
        const c = { kind: d.kind, id: d.id, version: d.version, data: d.data === null ? null : (JSON.parse(d.data) as unknown) } as SyncChange;
        if (isProtected(protectedRows, c)) continue;
        dropDeferred.run(d.kind, d.id);
        if (applyOne(c, protectedRows, touched) === 'applied') {
          applied++;
          kinds.add(c.kind);
          held = Math.max(0, held - 1);
        }
      }
    }
    if (store.cursor() !== page.cursor) store.setCursor(page.cursor);
    // The last page of a pull is the sync's moment: stored with it, not in a write of its own.
    if (at !== null && !page.more) store.setLastSyncAt(at);
    current = { changes: [], touched: new Set() };
    const allTickets = page.reset || touched.size > NAMED_TICKETS_MAX;
    return { applied, deferred: held, tickets: allTickets ? [] : [...touched], allTickets, kinds: page.reset ? SYNC_ROW_KINDS : [...kinds] };
  });

  /**
   * Applies one page; `at` (the sync's time) is stored with the last page of a pull. A refused page
   * rolls back: the cache of pending rows may describe a coverage that never committed.
   *
   * A page commits without waiting for the disk (withoutCommitSync; the console's own writes stay
   * FULL). Everything a page writes can be fetched again: after a power cut the WAL keeps a prefix
   * of the commits, so a lost page takes its cursor, acknowledgements and coverage with it and the
   * next pull brings it again; a local change committed after the page is flushed with FULL, which
   * makes the page durable too.
   */
  function apply(page: PullResponse, at: Date | null = null): PageEffect {
    try {
      return withoutCommitSync(db, PAGE_CHECKPOINT_PAGES, () => applyPage(page, at));
    } catch (err) {
      pending = null;
      throw err;
    }
  }

  return {
    apply,
    /** Drops every synced row and every held change (another user's view: owner.ts); call inside the caller's transaction. */
    forget(): void {
      for (const s of wipe) s.run({ tickets: '[]', calls: '[]', redirects: '[]' });
      pending = null;
    },
  };
}
export type PageApplier = ReturnType<typeof createPageApplier>;

/** A ticket whose number a pending local ticket still holds: the change waits like a protected one. */
class PageDeferred extends Error {
  override readonly name = 'PageDeferred';
}
