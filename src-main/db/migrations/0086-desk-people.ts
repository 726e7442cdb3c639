import type { Migration } from './types';

/**
 * A shift lead assigns visits to technicians (issue 12, `visit.assign`):
 * - visits.technician_id: the desk user the visit is assigned to (null: not assigned, and always
 *   null on a console without a desk server). No foreign key to desk_users: the people arrive in
 *   the `ref` bucket on their own schedule, and a visit must not wait for them.
 * - desk_users: the desk's people as the server's `ref` bucket carries them (display name, role,
 *   disabled; never logins), so the console can name a visit's technician and offer the active
 *   technicians. Written only by the sync client (src-main/sync/apply.ts), wiped on a reset.
 */
export const migration0086: Migration = {
  version: 86,
  name: 'desk people and visit technicians',
  up(db) {
    db.exec(`
      ALTER TABLE visits ADD COLUMN technician_id TEXT;
      CREATE TABLE desk_users (
        id TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL,
        disabled INTEGER NOT NULL CHECK (disabled IN (0, 1))
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
