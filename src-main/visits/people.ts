/**
 * The desk's people as the console knows them: the `ref` rows a desk server sends (migration 0086,
 * written only by src-main/sync/apply.ts). Names a visit's technician and lists the technicians a
 * shift lead may pick; the server stays the authority on who is one (src-server/sync/authorize.ts).
 */
import type { Db } from '../db/open';

export type DeskPerson = { readonly id: string; readonly displayName: string };

export function createDeskPeople(db: Db) {
  const nameOf = db.prepare<[string], { display_name: string }>('SELECT display_name FROM desk_users WHERE id = ?');
  const technicians = db.prepare<[], { id: string; display_name: string }>(
    "SELECT id, display_name FROM desk_users WHERE role = 'technician' AND disabled = 0 ORDER BY display_name, id",
  );
  return {
    /** The display name of a desk user, or null when this console has not received them. */
    name: (id: string): string | null => nameOf.get(id)?.display_name ?? null,
    /** Active technicians by name. */
    technicians: (): DeskPerson[] => technicians.all().map((r) => ({ id: r.id, displayName: r.display_name })),
  };
}
export type DeskPeople = ReturnType<typeof createDeskPeople>;
