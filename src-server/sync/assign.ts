/**
 * A visit's technician (`technician_id`, the `tech:<userId>` bucket). No console mutation assigns
 * technicians yet (dispatch is the shift lead's, next issue); this is the server-side write that
 * one will call: the visit leaves the old technician's bucket (they pull `data: null`) and enters
 * the new one's, in one transaction with its change log and poke.
 */
import { POKE_CHANNEL } from '../../src-shared/server/buckets';
import type { Storage } from '../storage/types';
import { TICKET_TECHNICIANS_SQL, sameSet, ticketBuckets, union, visitBuckets } from './rows';

export class VisitAssignError extends Error {
  override readonly name = 'VisitAssignError';
}

export async function assignVisitTechnician(storage: Storage, visitId: string, technicianId: string | null): Promise<void> {
  await storage.transaction(async (tx) => {
    if (technicianId !== null) {
      const u = await tx.query<{ role: string; disabled: boolean }>('SELECT role, disabled FROM users WHERE id = $1', [technicianId]);
      const row = u.rows[0];
      if (!row || row.role !== 'technician' || row.disabled) throw new VisitAssignError(`user ${technicianId} is not an active technician`);
    }
    const v = await tx.query<{ buckets: string[]; queue_id: string; ticket_id: string }>(
      'SELECT v.buckets, t.queue_id, v.ticket_id FROM sync_visits v JOIN sync_tickets t ON t.id = v.ticket_id WHERE v.id = $1 FOR UPDATE OF v, t',
      [visitId],
    );
    const cur = v.rows[0];
    if (!cur) throw new VisitAssignError(`no visit ${visitId}`);
    const buckets = visitBuckets(cur.queue_id, technicianId);
    const r = await tx.query<{ row_version: number }>(
      `UPDATE sync_visits SET technician_id = $2::uuid, buckets = $3, row_version = row_version + 1,
         data = jsonb_set(data, '{technicianId}', coalesce(to_jsonb($2::text), 'null'::jsonb)) WHERE id = $1 RETURNING row_version`,
      [visitId, technicianId, buckets],
    );
    // The visit's ticket follows its technicians (rows.ts ticketBuckets): the new one receives it,
    // one who has no other visit of it loses it. Logged before the visit, so a page that brings
    // the visit to a technician's console has already brought its ticket.
    const t = await tx.query<{ buckets: string[] }>('SELECT buckets FROM sync_tickets WHERE id = $1', [cur.ticket_id]);
    const technicians = (await tx.query<{ technician_id: string }>(TICKET_TECHNICIANS_SQL, [cur.ticket_id])).rows.map((x) => x.technician_id);
    const ticketBefore = t.rows[0]!.buckets;
    const ticketAfter = ticketBuckets(cur.queue_id, technicians);
    const log: { bucket: string; kind: string; id: string; version: number }[] = [];
    if (!sameSet(ticketBefore, ticketAfter)) {
      const tv = await tx.query<{ row_version: number }>(
        'UPDATE sync_tickets SET buckets = $2, row_version = row_version + 1 WHERE id = $1 RETURNING row_version',
        [cur.ticket_id, ticketAfter],
      );
      for (const b of union(ticketBefore, ticketAfter)) log.push({ bucket: b, kind: 'ticket', id: cur.ticket_id, version: tv.rows[0]!.row_version });
    }
    for (const b of union(cur.buckets, buckets)) log.push({ bucket: b, kind: 'visit', id: visitId, version: r.rows[0]!.row_version });
    await tx.query('INSERT INTO change_log (bucket, kind, row_id, version) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[])', [
      log.map((x) => x.bucket),
      log.map((x) => x.kind),
      log.map((x) => x.id),
      log.map((x) => x.version),
    ]);
    const all = union(
      log.map((x) => x.bucket),
      [],
    ).sort();
    await tx.query('SELECT pg_notify($1, $2)', [POKE_CHANNEL, JSON.stringify({ buckets: all })]);
  });
}
