import type { ServerMigration } from '../migrate';

/**
 * What consoles sync (issue 12 items 3–4): the mutators' records, one table per kind. A row keeps
 * its record whole in `data` (the shape of `src-shared/server/sync.ts`, camelCase, so pull sends
 * it as stored), the few columns the server looks rows up by, `row_version` (+1 per write) and
 * `buckets`, the buckets the row is in NOW: pull sends a row's data only to a user who receives
 * one of them, so a row that left a bucket reaches its old readers as `data: null`. `rid` orders
 * a snapshot page by page (keyset) without an offset that shifts under writers.
 *
 * `change_log`: one row per changed row and bucket (old and new), written in the transaction of
 * the change; `xid` is that transaction's id, so pull serves only settled transactions.
 */
const SYNCED = `
  rid bigserial NOT NULL,
  row_version integer NOT NULL DEFAULT 1,
  buckets text[] NOT NULL,
  data jsonb NOT NULL`;

export const migration0020: ServerMigration = {
  version: 20,
  name: 'sync: synced rows, clients, mutations, change log',
  async up(tx) {
    await tx.query(`CREATE TABLE sync_tickets (id text PRIMARY KEY, number text NOT NULL, queue_id text NOT NULL REFERENCES queues (id), ${SYNCED})`);
    // Numbers are `<seat>-<seq>` and seats are unique desk-wide, so a clash is a console's error.
    await tx.query('CREATE UNIQUE INDEX ux_sync_tickets_number ON sync_tickets (number)');
    await tx.query(`CREATE TABLE sync_ticket_events (id text PRIMARY KEY, ticket_id text NOT NULL, ${SYNCED})`);
    await tx.query('CREATE INDEX ix_sync_ticket_events_ticket ON sync_ticket_events (ticket_id)');
    await tx.query(`CREATE TABLE sync_ticket_links (id text PRIMARY KEY, a text NOT NULL, b text NOT NULL, ${SYNCED})`);
    await tx.query('CREATE INDEX ix_sync_ticket_links_a ON sync_ticket_links (a)');
    await tx.query('CREATE INDEX ix_sync_ticket_links_b ON sync_ticket_links (b)');
    await tx.query(`CREATE TABLE sync_ticket_calls (id text PRIMARY KEY, ticket_id text NOT NULL, call_id text NOT NULL, ${SYNCED})`);
    await tx.query('CREATE INDEX ix_sync_ticket_calls_ticket ON sync_ticket_calls (ticket_id)');
    await tx.query(`CREATE TABLE sync_attachments (id text PRIMARY KEY, ticket_id text NOT NULL, ${SYNCED})`);
    await tx.query('CREATE INDEX ix_sync_attachments_ticket ON sync_attachments (ticket_id)');
    await tx.query(`
      CREATE TABLE sync_visits (
        id text PRIMARY KEY,
        ticket_id text NOT NULL,
        slot_start bigint NOT NULL,
        cancelled boolean NOT NULL,
        technician_id uuid REFERENCES users (id),
        ${SYNCED})`);
    await tx.query('CREATE INDEX ix_sync_visits_ticket ON sync_visits (ticket_id)');
    await tx.query('CREATE INDEX ix_sync_visits_slot ON sync_visits (slot_start) WHERE NOT cancelled');
    await tx.query(`CREATE TABLE sync_claims (id text PRIMARY KEY, ${SYNCED})`);
    // A call belongs to the operator who logged it (their `user:` bucket).
    await tx.query(`CREATE TABLE sync_calls (id text PRIMARY KEY, owner_id uuid NOT NULL REFERENCES users (id), ${SYNCED})`);
    await tx.query(`CREATE TABLE sync_visit_requests (id text PRIMARY KEY, call_id text, ${SYNCED})`);
    await tx.query('CREATE UNIQUE INDEX ux_sync_visit_requests_call ON sync_visit_requests (call_id)');
    await tx.query(`CREATE TABLE sync_redirects (id text PRIMARY KEY, owner_id uuid NOT NULL REFERENCES users (id), ${SYNCED})`);
    for (const t of ['tickets', 'ticket_events', 'ticket_links', 'ticket_calls', 'attachments', 'visits', 'claims', 'calls', 'visit_requests', 'redirects']) {
      await tx.query(`CREATE UNIQUE INDEX ux_sync_${t}_rid ON sync_${t} (rid)`);
    }

    // A console install: its user (the first to push or register it), its seat and its last seq.
    await tx.query(`
      CREATE TABLE sync_clients (
        client_id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id),
        seat text,
        last_seq bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await tx.query('CREATE UNIQUE INDEX ux_sync_clients_seat ON sync_clients (seat)');
    await tx.query(`
      CREATE TABLE sync_mutations (
        client_id uuid NOT NULL REFERENCES sync_clients (client_id),
        seq bigint NOT NULL,
        mutation_id text NOT NULL,
        name text NOT NULL,
        status text NOT NULL CHECK (status IN ('applied', 'rejected')),
        result jsonb,
        rejection jsonb,
        client_created_at text NOT NULL,
        server_at timestamptz NOT NULL,
        PRIMARY KEY (client_id, seq)
      )`);

    await tx.query(`
      CREATE TABLE change_log (
        xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        seq bigserial NOT NULL,
        bucket text NOT NULL,
        kind text NOT NULL,
        row_id text NOT NULL,
        version integer NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (xid, seq)
      )`);
    await tx.query('CREATE INDEX ix_change_log_bucket ON change_log (bucket, xid, seq)');
    await tx.query('CREATE INDEX ix_change_log_at ON change_log (at)');
    // Retention: change-log rows up to (xid, seq) were deleted; a cursor before it gets a snapshot.
    await tx.query('CREATE TABLE change_log_horizon (one boolean PRIMARY KEY DEFAULT true CHECK (one), xid xid8 NOT NULL, seq bigint NOT NULL)');

    // `ref`: queues and people travel too. Their tables are written by the admin's routes, so a
    // trigger keeps their version and change log (and pokes), whoever writes them.
    for (const t of ['queues', 'users']) await tx.query(`ALTER TABLE ${t} ADD COLUMN row_version integer NOT NULL DEFAULT 1`);
    await tx.query(`
      CREATE FUNCTION sync_ref_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          NEW.row_version := OLD.row_version + 1;
        END IF;
        INSERT INTO change_log (bucket, kind, row_id, version) VALUES ('ref', TG_ARGV[0], NEW.id::text, NEW.row_version);
        PERFORM pg_notify('sync_poke', '{"buckets":["ref"]}');
        RETURN NEW;
      END $$`);
    await tx.query(`
      CREATE TRIGGER tr_queues_sync BEFORE INSERT OR UPDATE OF name, department ON queues
      FOR EACH ROW EXECUTE FUNCTION sync_ref_changed('queue')`);
    // Only what travels (display name, role, disabled): a password change is nobody's business.
    await tx.query(`
      CREATE TRIGGER tr_users_sync_insert BEFORE INSERT ON users
      FOR EACH ROW EXECUTE FUNCTION sync_ref_changed('user')`);
    await tx.query(`
      CREATE TRIGGER tr_users_sync_update BEFORE UPDATE ON users FOR EACH ROW
      WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name OR OLD.role IS DISTINCT FROM NEW.role OR OLD.disabled IS DISTINCT FROM NEW.disabled)
      EXECUTE FUNCTION sync_ref_changed('user')`);
    // What existed before this migration enters the log once, so a first pull finds it.
    await tx.query("INSERT INTO change_log (bucket, kind, row_id, version) SELECT 'ref', 'queue', id, 1 FROM queues ORDER BY sort");
    await tx.query("INSERT INTO change_log (bucket, kind, row_id, version) SELECT 'ref', 'user', id::text, 1 FROM users ORDER BY created_at");
  },
};
