import type { ServerMigration } from '../migrate';

/**
 * Push, issue 12 item 3: stored results are pruned, and a clashing ticket number is renumbered.
 *
 * - `sync_clients.held_seq`: the highest seq whose answer the console provably holds. A console
 *   pushes from its stored acknowledged seq + 1 and never below it, so a push starting at `s`
 *   proves it stored everything up to `s - 1`: those stored results can never be asked for again
 *   (retention rule in src-server/README.md).
 * - `sync_mutations.renumbered`: the tickets the mutation renumbered (`[{ ticketId, from, to }]`),
 *   so a duplicate gets the same answer as the original.
 * - `ix_sync_mutations_at`: the age part of the retention rule.
 */
export const migration0040: ServerMigration = {
  version: 40,
  name: 'sync: push retention, renumbered tickets',
  async up(tx) {
    await tx.query('ALTER TABLE sync_clients ADD COLUMN held_seq bigint NOT NULL DEFAULT 0');
    await tx.query('ALTER TABLE sync_mutations ADD COLUMN renumbered jsonb');
    await tx.query('CREATE INDEX ix_sync_mutations_at ON sync_mutations (server_at)');
  },
};
