/**
 * A visit's technician (`technician_id`, the `tech:<userId>` bucket). No console mutation assigns
 * technicians yet (dispatch is the shift lead's, next issue); this is the server-side write that
 * one will call: the visit leaves the old technician's bucket (they pull `data: null`) and enters
 * the new one's, in one transaction with its change log and poke.
 */
import { POKE_CHANNEL } from '../../src-shared/server/buckets';
import type { Storage } from '../storage/types';
import { visitBuckets } from './rows';

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
    const v = await tx.query<{ buckets: string[]; queue_id: string }>(
      'SELECT v.buckets, t.queue_id FROM sync_visits v JOIN sync_tickets t ON t.id = v.ticket_id WHERE v.id = $1 FOR UPDATE OF v',
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
    const all = [...new Set([...cur.buckets, ...buckets])].sort();
    await tx.query("INSERT INTO change_log (bucket, kind, row_id, version) SELECT b, 'visit', $1, $2 FROM unnest($3::text[]) b", [
      visitId,
      r.rows[0]!.row_version,
      all,
    ]);
    await tx.query('SELECT pg_notify($1, $2)', [POKE_CHANNEL, JSON.stringify({ buckets: all })]);
  });
}
