/**
 * The server's MutationStore (src-shared/mutators/README.md "On the server"): inside one
 * PostgreSQL transaction, `preload` locks and reads what `reads(args)` declares (FOR UPDATE), the
 * shared mutator's synchronous `apply` runs over those rows in memory, and `flush` writes what
 * changed (row_version + 1) with a change-log row per row and bucket (old and new) and one poke.
 *
 * A read of a row `reads` did not declare throws UndeclaredReadError: a mutator that reads more
 * than it declares fails loudly here instead of deciding on rows it never locked. Queues are
 * reference data and always loaded.
 */
import { POKE_CHANNEL } from '../../src-shared/server/buckets';
import type { Renumbered } from '../../src-shared/server/sync';
import {
  MutationError,
  type AttachmentRecord,
  type CallRecord,
  type ClaimRecord,
  type MutationStore,
  type QueueRecord,
  type ReadSet,
  type RedirectRecord,
  type TicketEventRecord,
  type TicketRecord,
  type VisitRecord,
  type VisitRequestRecord,
  type DeskUserRecord,
} from '../../src-shared/mutators/index';
import { formatTicketNumber } from '../../src-shared/domain/tickets';
import { errorReason } from '../../src-shared/text/errors';
import type { Queryable } from '../storage/types';
import {
  ROW_TABLES,
  TICKET_CHILDREN,
  TICKET_TECHNICIANS_SQL,
  linkId,
  ownerBuckets,
  sameSet,
  ticketBuckets,
  ticketCallId,
  union,
  visitBuckets,
  type MutableKind,
} from './rows';

export class UndeclaredReadError extends Error {
  override readonly name = 'UndeclaredReadError';
}

/** Visit bookings plan over other visits' slots: one planner at a time desk-wide (R-VIS-QUEUE). */
const PLANNING_LOCK = 712_002;
/** Numbers the server allocates for a seat: one allocator per desk at a time. */
const NUMBER_LOCK = 712_003;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Held<T> = { rec: T; version: number; buckets: string[]; isNew: boolean; dirty: boolean };
type VisitHeld = Held<VisitRecord>;
type CallHeld = Held<CallRecord> & { ownerId: string };
type Appended = { kind: MutableKind; id: string; data: unknown; buckets: string[]; cols: Record<string, unknown> };

export type LoadedRows = Readonly<{
  tickets: ReadonlyMap<string, Held<TicketRecord> | null>;
  visits: ReadonlyMap<string, VisitHeld | null>;
  calls: ReadonlyMap<string, CallHeld | null>;
  /** Visits named in `reads.visits` (not only found by slot planning). */
  namedVisits: readonly string[];
}>;

/** Who and when, for the events flush itself writes (a renumbered ticket's history). */
export type FlushStamp = Readonly<{ mutationId: string; at: number; actor: string }>;
export type Flushed = Readonly<{ buckets: string[]; renumbered: Renumbered[] }>;

export type ServerStore = Readonly<{
  store: MutationStore;
  loaded: LoadedRows;
  /** Writes what apply changed; returns the buckets that advanced (already poked) and the tickets it renumbered. */
  flush(tx: Queryable, stamp: FlushStamp): Promise<Flushed>;
}>;

type DataRow<T> = { id: string; data: T; row_version: number; buckets: string[] };

async function lockRows<T>(tx: Queryable, kind: MutableKind, ids: readonly string[], extra = ''): Promise<(DataRow<T> & Record<string, unknown>)[]> {
  if (ids.length === 0) return [];
  const r = await tx.query<DataRow<T>>(
    `SELECT id, data, row_version, buckets${extra} FROM ${ROW_TABLES[kind]} WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
    [[...new Set(ids)]],
  );
  return r.rows;
}

const held = <T>(r: DataRow<T>): Held<T> => ({ rec: r.data, version: r.row_version, buckets: r.buckets, isNew: false, dirty: false });
/** The technician_id column is the truth (it decides the buckets); the record carries it for the mutators. */
const heldVisit = (r: DataRow<VisitRecord> & { technician_id: string | null }): VisitHeld => {
  const h = held(r);
  return { ...h, rec: { ...h.rec, technicianId: r.technician_id } };
};

export type PreloadInput = Readonly<{ reads: ReadSet; ownerId: string; seat: string | null }>;

export async function preload(tx: Queryable, input: PreloadInput): Promise<ServerStore> {
  const { reads } = input;
  const tickets = new Map<string, Held<TicketRecord> | null>();
  const visits = new Map<string, VisitHeld | null>();
  const calls = new Map<string, CallHeld | null>();
  const claims = new Map<string, Held<ClaimRecord> | null>();
  const requests = new Map<string, Held<VisitRequestRecord> | null>();
  const links = new Set<string>();
  const ticketCalls = new Set<string>();
  const appended: Appended[] = [];

  // Visits first (a booking's planning range, then the named ones), then every ticket they and
  // the args name: a visit's mutations write its ticket's history.
  let slotRange: { fromMs: number; toMs: number } | null = null;
  if (reads.visitSlots) {
    slotRange = reads.visitSlots;
    await tx.query('SELECT pg_advisory_xact_lock($1)', [PLANNING_LOCK]);
    const r = await tx.query<DataRow<VisitRecord> & { technician_id: string | null }>(
      `SELECT id, data, row_version, buckets, technician_id::text AS technician_id FROM sync_visits
       WHERE NOT cancelled AND slot_start >= $1 AND slot_start < $2 ORDER BY id FOR UPDATE`,
      [slotRange.fromMs, slotRange.toMs],
    );
    for (const row of r.rows) visits.set(row.id, heldVisit(row));
  }
  const namedVisits = reads.visits.filter((id) => id !== '');
  for (const row of await lockRows<VisitRecord>(
    tx,
    'visit',
    namedVisits.filter((id) => !visits.has(id)),
    ', technician_id::text AS technician_id',
  )) {
    visits.set(row.id, heldVisit(row as DataRow<VisitRecord> & { technician_id: string | null }));
  }
  for (const id of namedVisits) if (!visits.has(id)) visits.set(id, null);

  const ticketIds = new Set(reads.tickets.filter((id) => id !== ''));
  for (const v of visits.values()) if (v) ticketIds.add(v.rec.ticketId);
  for (const row of await lockRows<TicketRecord>(tx, 'ticket', [...ticketIds])) tickets.set(row.id, held(row));
  for (const id of ticketIds) if (!tickets.has(id)) tickets.set(id, null);
  for (const row of await lockRows<ClaimRecord>(tx, 'claim', [...ticketIds])) claims.set(row.id, held(row));
  for (const id of ticketIds) if (!claims.has(id)) claims.set(id, null);
  if (ticketIds.size > 0) {
    const ids = [...ticketIds];
    for (const r of (await tx.query<{ id: string }>('SELECT id FROM sync_ticket_links WHERE a = ANY($1::text[]) OR b = ANY($1::text[])', [ids])).rows)
      links.add(r.id);
    for (const r of (await tx.query<{ id: string }>('SELECT id FROM sync_ticket_calls WHERE ticket_id = ANY($1::text[])', [ids])).rows) ticketCalls.add(r.id);
  }

  const callIds = reads.calls.filter((id) => id !== '');
  for (const row of await lockRows<CallRecord>(tx, 'call', callIds, ', owner_id::text AS owner_id')) {
    calls.set(row.id, { ...held(row), ownerId: row.owner_id as string });
  }
  for (const id of callIds) if (!calls.has(id)) calls.set(id, null);
  if (callIds.length > 0) {
    const r = await tx.query<DataRow<VisitRequestRecord> & { call_id: string }>(
      'SELECT id, data, row_version, buckets, call_id FROM sync_visit_requests WHERE call_id = ANY($1::text[]) ORDER BY id FOR UPDATE',
      [callIds],
    );
    for (const row of r.rows) requests.set(row.call_id, held(row));
  }
  for (const id of callIds) if (!requests.has(id)) requests.set(id, null);

  // Desk users a mutation checks (a visit's new technician), read as they are now. Ids that are not
  // UUIDs name nobody (the column is uuid; the args schema already refuses them).
  const users = new Map<string, DeskUserRecord>();
  const userIds = reads.users.filter((id) => UUID.test(id));
  if (userIds.length > 0) {
    const r = await tx.query<{ id: string; display_name: string; role: DeskUserRecord['role']; disabled: boolean }>(
      'SELECT id::text AS id, display_name, role, disabled FROM users WHERE id = ANY($1::uuid[]) FOR SHARE',
      [userIds],
    );
    for (const u of r.rows) users.set(u.id, { id: u.id, displayName: u.display_name, role: u.role, disabled: u.disabled });
  }

  const queues = new Map(
    (await tx.query<QueueRecord>('SELECT id, name, department FROM queues')).rows.map((q) => [q.id, { id: q.id, name: q.name, department: q.department }]),
  );

  // A create without a number (the console fills it in `complete`, so only an old or foreign
  // client sends none): the next free number of this client's seat.
  let nextNumber: number | null = null;
  if (reads.ticketNumber && input.seat !== null) nextNumber = await firstFreeNumber(tx, input.seat);

  const undeclared = (what: string, id: string): never => {
    throw new UndeclaredReadError(`the mutation read ${what} ${id} that its reads() did not declare`);
  };
  function mustHave<T>(map: ReadonlyMap<string, T | null>, what: string, id: string): T | null {
    if (!map.has(id)) return undeclared(what, id);
    return map.get(id) ?? null;
  }
  const ticketOf = (id: string): Held<TicketRecord> => {
    const t = mustHave(tickets, 'ticket', id);
    if (!t) throw new UndeclaredReadError(`no ticket ${id} to write`);
    return t;
  };

  const store: MutationStore = {
    getTicket: (id) => mustHave(tickets, 'ticket', id)?.rec ?? null,
    insertTicket(t) {
      if (mustHave(tickets, 'ticket', t.id)) throw new Error(`ticket ${t.id} already exists`);
      tickets.set(t.id, { rec: t, version: 0, buckets: [], isNew: true, dirty: true });
      claims.set(t.id, claims.get(t.id) ?? null);
    },
    patchTicket(id, patch, at) {
      const h = ticketOf(id);
      h.rec = { ...h.rec, ...patch, updatedAt: at, version: h.rec.version + 1 };
      h.dirty = true;
      return h.rec;
    },
    appendEvent(e: TicketEventRecord) {
      ticketOf(e.ticketId);
      appended.push({ kind: 'ticketEvent', id: e.id, data: e, buckets: [], cols: { ticket_id: e.ticketId } });
    },
    nextTicketNumber() {
      if (nextNumber === null) {
        throw new MutationError('VALIDATION', 'number: this console has no seat yet; register it (POST /api/v1/sync/register) or send the ticket number');
      }
      return formatTicketNumber(input.seat ?? '00', nextNumber++);
    },
    getQueue: (id) => queues.get(id) ?? null,
    linkTickets(a, b, at) {
      ticketOf(a);
      ticketOf(b);
      const id = linkId(a, b);
      if (links.has(id)) return false;
      links.add(id);
      const [x, y] = id.split('|') as [string, string];
      appended.push({ kind: 'ticketLink', id, data: { a: x, b: y, at }, buckets: [], cols: { a: x, b: y } });
      return true;
    },
    getCall(id) {
      const c = mustHave(calls, 'call', id);
      return c ? { id: c.rec.id, contractNo: c.rec.contractNo, remoteNumber: c.rec.remoteNumber, ticketId: c.rec.ticketId } : null;
    },
    linkCall(ticketId, callId, at) {
      ticketOf(ticketId);
      const call = mustHave(calls, 'call', callId);
      const id = ticketCallId(ticketId, callId);
      if (ticketCalls.has(id)) return false;
      ticketCalls.add(id);
      appended.push({ kind: 'ticketCall', id, data: { ticketId, callId, at }, buckets: [], cols: { ticket_id: ticketId, call_id: callId } });
      if (call && call.rec.ticketId === null) {
        call.rec = { ...call.rec, ticketId };
        call.dirty = true;
      }
      return true;
    },
    insertAttachment(a: AttachmentRecord) {
      ticketOf(a.ticketId);
      appended.push({ kind: 'attachment', id: a.id, data: a, buckets: [], cols: { ticket_id: a.ticketId } });
    },
    getVisit: (id) => mustHave(visits, 'visit', id)?.rec ?? null,
    visitsInSlots(starts) {
      if (!slotRange) return undeclared('visit slots', starts.join(','));
      const range = slotRange;
      const outside = starts.find((s) => s < range.fromMs || s >= range.toMs);
      if (outside !== undefined) undeclared('the visit slot', new Date(outside).toISOString());
      const set = new Set(starts);
      return [...visits.values()].filter((v): v is VisitHeld => v !== null && v.rec.status !== 'cancelled' && set.has(v.rec.slotStart)).map((v) => v.rec);
    },
    insertVisit(v) {
      if (mustHave(visits, 'visit', v.id)) throw new Error(`visit ${v.id} already exists`);
      ticketOf(v.ticketId);
      visits.set(v.id, { rec: v, version: 0, buckets: [], isNew: true, dirty: true });
    },
    patchVisit(id, patch) {
      const v = mustHave(visits, 'visit', id);
      if (!v) throw new UndeclaredReadError(`no visit ${id} to write`);
      v.rec = { ...v.rec, ...patch };
      v.dirty = true;
      return v.rec;
    },
    markVisitRequestBooked(callId) {
      const r = mustHave(requests, 'the visit request of call', callId);
      if (r && r.rec.status === 'new') {
        r.rec = { ...r.rec, status: 'booked' };
        r.dirty = true;
      }
    },
    getClaim: (ticketId) => mustHave(claims, 'claim', ticketId)?.rec ?? null,
    insertClaim(c) {
      ticketOf(c.ticketId);
      claims.set(c.ticketId, { rec: c, version: 0, buckets: [], isNew: true, dirty: true });
    },
    patchClaim(ticketId, patch) {
      const c = mustHave(claims, 'claim', ticketId);
      if (!c) throw new UndeclaredReadError(`no claim ${ticketId} to write`);
      c.rec = { ...c.rec, ...patch };
      c.dirty = true;
    },
    getCallRecord: (id) => mustHave(calls, 'call', id)?.rec ?? null,
    insertCall(c) {
      if (mustHave(calls, 'call', c.id)) throw new Error(`call ${c.id} already exists`);
      calls.set(c.id, { rec: c, version: 0, buckets: [], isNew: true, dirty: true, ownerId: input.ownerId });
    },
    patchCall(id, patch) {
      const c = mustHave(calls, 'call', id);
      if (!c) throw new UndeclaredReadError(`no call ${id} to write`);
      c.rec = { ...c.rec, ...patch };
      c.dirty = true;
      return c.rec;
    },
    visitRequestForCall: (callId) => mustHave(requests, 'the visit request of call', callId)?.rec ?? null,
    insertVisitRequest(v) {
      if (v.callId === null || !requests.has(v.callId)) return undeclared('the visit request of call', String(v.callId));
      requests.set(v.callId, { rec: v, version: 0, buckets: [], isNew: true, dirty: true });
    },
    getDeskUser(id) {
      if (!reads.users.includes(id)) return undeclared('user', id);
      return users.get(id) ?? null;
    },
    insertRedirect(r: RedirectRecord) {
      appended.push({ kind: 'redirect', id: r.id, data: r, buckets: ownerBuckets(input.ownerId), cols: { owner_id: input.ownerId } });
    },
  };

  /**
   * A new ticket whose number the desk already holds: a console used alone before it had a seat
   * numbered it with its own random one (`NN-…`), and another console got there first. Refusing it
   * would leave the operator's ticket only in the console's sync panel, so it takes the next number
   * of the pushing console's seat (unique desk-wide like every seat number); its history keeps the
   * old one (`renumbered`), and the other tickets' history that names it follows. A console with no
   * seat (one that never registered) is still refused: there is no number of its own to give.
   */
  async function renumberClashes(tx: Queryable, stamp: FlushStamp): Promise<Renumbered[]> {
    const done: Renumbered[] = [];
    for (const t of tickets.values()) {
      if (!t?.isNew) continue;
      const clash = await tx.query<{ id: string }>('SELECT id FROM sync_tickets WHERE number = $1', [t.rec.number]);
      if (clash.rows.length === 0) continue;
      if (input.seat === null) {
        throw new MutationError(
          'CONFLICT',
          `ticket number ${t.rec.number} is already taken on this desk (ticket ${clash.rows[0]!.id}), and this console has no seat to renumber it with: register it first (POST /api/v1/sync/register)`,
          [{ path: 'number', message: `the number ${t.rec.number} is taken` }],
          errorReason('alreadyExists'),
        );
      }
      nextNumber ??= await firstFreeNumber(tx, input.seat);
      const from = t.rec.number;
      const to = formatTicketNumber(input.seat, nextNumber++);
      t.rec = { ...t.rec, number: to };
      for (const a of appended) {
        if (a.kind !== 'ticketEvent') continue;
        const e = a.data as TicketEventRecord;
        // R-TKT-DEDUP: a linked ticket's history names this one by number; it names the new one.
        if (e.kind === 'duplicate-linked' && e.data.ticketId === t.rec.id) a.data = { ...e, data: { ...e.data, number: to } };
      }
      const e: TicketEventRecord = {
        id: `${stamp.mutationId}.renumbered.${done.length}`,
        ticketId: t.rec.id,
        at: stamp.at,
        actor: stamp.actor,
        kind: 'renumbered',
        // Not the other ticket's id: it may be in a queue this ticket's readers do not see.
        data: { from, to },
      };
      appended.push({ kind: 'ticketEvent', id: e.id, data: e, buckets: [], cols: { ticket_id: e.ticketId } });
      done.push({ ticketId: t.rec.id, from, to });
    }
    return done;
  }

  /** The technicians of a ticket's visits: the stored ones, with the visits held here as they are now. */
  async function ticketTechnicians(tx: Queryable, ticketId: string): Promise<string[]> {
    const held = new Map([...visits.values()].flatMap((v) => (v !== null && v.rec.ticketId === ticketId ? [[v.rec.id, v.rec.technicianId] as const] : [])));
    const stored = await tx.query<{ id: string; technician_id: string }>(TICKET_TECHNICIANS_SQL, [ticketId]);
    const ids = stored.rows.filter((r) => !held.has(r.id)).map((r) => r.technician_id);
    for (const t of held.values()) if (t !== null) ids.push(t);
    return ids;
  }

  async function flush(tx: Queryable, stamp: FlushStamp): Promise<Flushed> {
    const renumbered = await renumberClashes(tx, stamp);
    const log = createLogBuffer();
    const queueOf = async (ticketId: string): Promise<string> => {
      const t = tickets.get(ticketId);
      if (t) return t.rec.queueId;
      const r = await tx.query<{ queue_id: string }>('SELECT queue_id FROM sync_tickets WHERE id = $1', [ticketId]);
      const q = r.rows[0]?.queue_id;
      if (q === undefined) throw new Error(`ticket ${ticketId} is not stored`);
      return q;
    };

    for (const t of tickets.values()) {
      if (!t?.dirty) continue;
      // A new ticket has no assigned visit yet (visit.book stores it unassigned). The technicians of
      // the visits this mutation holds are taken from memory (visit.assign changed one of them).
      const technicians = t.isNew ? [] : await ticketTechnicians(tx, t.rec.id);
      const buckets = ticketBuckets(t.rec.queueId, technicians);
      if (t.isNew) {
        // A number taken by a writer that committed after renumberClashes looked is a unique
        // violation: push retries the whole mutation, which then renumbers.
        await tx.query('INSERT INTO sync_tickets (id, number, queue_id, data, buckets) VALUES ($1, $2, $3, $4, $5)', [
          t.rec.id,
          t.rec.number,
          t.rec.queueId,
          t.rec,
          buckets,
        ]);
        log.add('ticket', t.rec.id, 1, buckets);
        continue;
      }
      const r = await tx.query<{ row_version: number }>(
        'UPDATE sync_tickets SET data = $2, queue_id = $3, buckets = $4, row_version = row_version + 1 WHERE id = $1 RETURNING row_version',
        [t.rec.id, t.rec, t.rec.queueId, buckets],
      );
      const version = r.rows[0]!.row_version;
      log.add('ticket', t.rec.id, version, union(t.buckets, buckets));
      // The children follow the queue (not the technicians): moved only when the queue changed.
      if (!sameSet(t.buckets.filter(isQueueBucket), buckets.filter(isQueueBucket))) await moveChildren(tx, log, t.rec.id);
    }

    for (const v of visits.values()) {
      if (!v?.dirty) continue;
      const buckets = visitBuckets(await queueOf(v.rec.ticketId), v.rec.technicianId);
      const data = v.rec;
      if (v.isNew) {
        await tx.query('INSERT INTO sync_visits (id, ticket_id, slot_start, cancelled, data, buckets, technician_id) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
          v.rec.id,
          v.rec.ticketId,
          v.rec.slotStart,
          v.rec.status === 'cancelled',
          data,
          buckets,
          v.rec.technicianId,
        ]);
        log.add('visit', v.rec.id, 1, buckets);
      } else {
        const r = await tx.query<{ row_version: number }>(
          'UPDATE sync_visits SET data = $2, slot_start = $3, cancelled = $4, buckets = $5, technician_id = $6, row_version = row_version + 1 WHERE id = $1 RETURNING row_version',
          [v.rec.id, data, v.rec.slotStart, v.rec.status === 'cancelled', buckets, v.rec.technicianId],
        );
        log.add('visit', v.rec.id, r.rows[0]!.row_version, union(v.buckets, buckets));
      }
    }

    for (const c of claims.values()) {
      if (!c?.dirty) continue;
      await upsertHeld(tx, log, 'claim', c.rec.ticketId, c, ticketBuckets(await queueOf(c.rec.ticketId)), {});
    }
    for (const c of calls.values()) {
      if (!c?.dirty) continue;
      await upsertHeld(tx, log, 'call', c.rec.id, c, ownerBuckets(c.ownerId), { owner_id: c.ownerId });
    }
    for (const r of requests.values()) {
      if (!r?.dirty) continue;
      // The request follows its call's owner (calls of this mutation are loaded with it).
      const owner = r.rec.callId === null ? input.ownerId : (calls.get(r.rec.callId)?.ownerId ?? input.ownerId);
      await upsertHeld(tx, log, 'visitRequest', r.rec.id, r, ownerBuckets(owner), { call_id: r.rec.callId });
    }

    for (const a of appended) {
      let buckets = a.buckets;
      if (a.kind === 'ticketLink') {
        const [x, y] = a.id.split('|') as [string, string];
        buckets = union(ticketBuckets(await queueOf(x)), ticketBuckets(await queueOf(y)));
      } else if (a.kind !== 'redirect') {
        buckets = ticketBuckets(await queueOf(a.cols.ticket_id as string));
      }
      const cols = Object.keys(a.cols);
      const r = await tx.query(
        `INSERT INTO ${ROW_TABLES[a.kind]} (id, data, buckets${cols.map((c) => `, ${c}`).join('')})
         VALUES ($1, $2, $3${cols.map((_, i) => `, $${i + 4}`).join('')}) ON CONFLICT (id) DO NOTHING`,
        [a.id, a.data, buckets, ...cols.map((c) => a.cols[c])],
      );
      // A replayed append (same deterministic id) changes nothing and logs nothing.
      if (r.rowCount > 0) log.add(a.kind, a.id, 1, buckets);
    }
    return { buckets: await log.write(tx), renumbered };
  }

  return { store, loaded: { tickets, visits, calls, namedVisits }, flush };
}

/** The next number of a seat, under the desk's number lock until the transaction ends. */
async function firstFreeNumber(tx: Queryable, seat: string): Promise<number> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [NUMBER_LOCK]);
  const r = await tx.query<{ n: number | null }>(
    "SELECT max(split_part(number, '-', 2)::int)::int AS n FROM sync_tickets WHERE number LIKE $1 AND number ~ '^[0-9]{2}-[0-9]{4,9}$'",
    [`${seat}-%`],
  );
  return (r.rows[0]?.n ?? 0) + 1;
}

async function upsertHeld<T>(
  tx: Queryable,
  log: LogBuffer,
  kind: MutableKind,
  id: string,
  h: Held<T>,
  buckets: string[],
  cols: Record<string, unknown>,
): Promise<void> {
  const names = Object.keys(cols);
  if (h.isNew) {
    await tx.query(
      `INSERT INTO ${ROW_TABLES[kind]} (id, data, buckets${names.map((c) => `, ${c}`).join('')}) VALUES ($1, $2, $3${names.map((_, i) => `, $${i + 4}`).join('')})`,
      [id, h.rec, buckets, ...names.map((c) => cols[c])],
    );
    log.add(kind, id, 1, buckets);
    return;
  }
  const r = await tx.query<{ row_version: number }>(
    `UPDATE ${ROW_TABLES[kind]} SET data = $2, buckets = $3, row_version = row_version + 1 WHERE id = $1 RETURNING row_version`,
    [id, h.rec, buckets],
  );
  log.add(kind, id, r.rows[0]!.row_version, union(h.buckets, buckets));
}

/**
 * A ticket changed queue: its history, calls, attachments, claim, visits and links move with it.
 * Each is logged in its old buckets (where it now reads as gone) and its new ones.
 */
const isQueueBucket = (b: string): boolean => b.startsWith('queue:');

async function moveChildren(tx: Queryable, log: LogBuffer, ticketId: string): Promise<void> {
  for (const child of TICKET_CHILDREN) {
    const table = ROW_TABLES[child.kind];
    const before = await tx.query<{ id: string; buckets: string[] }>(`SELECT id, buckets FROM ${table} WHERE ${child.where} ORDER BY id FOR UPDATE`, [
      ticketId,
    ]);
    if (before.rows.length === 0) continue;
    const next =
      child.kind === 'visit'
        ? `array_remove(ARRAY['queue:' || (SELECT queue_id FROM sync_tickets t WHERE t.id = c.ticket_id), 'tech:' || c.technician_id::text], NULL)`
        : child.kind === 'ticketLink'
          ? `ARRAY(SELECT DISTINCT 'queue:' || t.queue_id FROM sync_tickets t WHERE t.id IN (c.a, c.b) ORDER BY 1)`
          : `ARRAY['queue:' || (SELECT queue_id FROM sync_tickets t WHERE t.id = $1)]`;
    const after = await tx.query<{ id: string; buckets: string[]; row_version: number }>(
      `UPDATE ${table} c SET buckets = ${next} WHERE ${child.where.replace(/\b(ticket_id|id|a|b)\b/g, 'c.$1')} RETURNING c.id, c.buckets, c.row_version`,
      [ticketId],
    );
    const old = new Map(before.rows.map((r) => [r.id, r.buckets]));
    for (const r of after.rows) log.add(child.kind, r.id, r.row_version, union(old.get(r.id) ?? [], r.buckets));
  }
}

type LogBuffer = ReturnType<typeof createLogBuffer>;

function createLogBuffer() {
  const rows: { bucket: string; kind: string; id: string; version: number }[] = [];
  return {
    add(kind: string, id: string, version: number, buckets: readonly string[]) {
      for (const bucket of buckets) rows.push({ bucket, kind, id, version });
    },
    /** The change-log rows and the poke, in the transaction of the change (NOTIFY is sent on COMMIT). */
    async write(tx: Queryable): Promise<string[]> {
      if (rows.length === 0) return [];
      await tx.query('INSERT INTO change_log (bucket, kind, row_id, version) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[])', [
        rows.map((r) => r.bucket),
        rows.map((r) => r.kind),
        rows.map((r) => r.id),
        rows.map((r) => r.version),
      ]);
      const buckets = [...new Set(rows.map((r) => r.bucket))].sort();
      await tx.query('SELECT pg_notify($1, $2)', [POKE_CHANNEL, JSON.stringify({ buckets })]);
      return buckets;
    },
  };
}
