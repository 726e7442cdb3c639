import type { Migration } from './types';

/**
 * Issue 11 «the verdict travels»: the call record keeps what the operator saw when a ticket or a
 * visit was made during the call (a JSON array of decisions, written only by the host's mutators)
 * and, for staff-only desks, whether the caller said they are the customer's own staff (R-ID-STAFF).
 */
export const migration0070: Migration = {
  version: 70,
  name: 'call verdict decisions and caller staff',
  up(db) {
    // A database rolled back by hand to an earlier user_version may still have the columns: add only what is missing.
    const have = new Set(
      db
        .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('calls')")
        .all()
        .map((c) => c.name),
    );
    if (!have.has('caller_staff')) db.exec('ALTER TABLE calls ADD COLUMN caller_staff INTEGER CHECK (caller_staff IN (0, 1))');
    if (!have.has('decisions')) {
      db.exec(`ALTER TABLE calls ADD COLUMN decisions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(decisions) AND json_type(decisions) = 'array')`);
    }
  },
};
