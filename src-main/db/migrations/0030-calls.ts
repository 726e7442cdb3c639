import type { Migration } from './types';

/**
 * The call log and the stored visit requests of R-CALL-15. A call row is written when the call is
 * offered (or dialed) and updated through its life; a row with no ended_at belongs to a call that
 * is up, or to one the app lost when it died (closed as `interrupted` on the next start).
 *
 * `remote_rev` is the remote number's digits reversed: a suffix search on the number
 * (R-CALL-REPEAT: "+7 903 …", "8903…" and "903…" all end the same) becomes an index range scan.
 */
export const migration0030: Migration = {
  version: 30,
  name: 'call log and visit requests',
  up(db) {
    db.exec(`
      CREATE TABLE calls (
        id TEXT PRIMARY KEY,
        sip_call_id TEXT,
        direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
        remote_number TEXT NOT NULL,
        remote_rev TEXT NOT NULL,
        remote_name TEXT,
        line TEXT,
        offered_at TEXT NOT NULL,
        answered_at TEXT,
        ended_at TEXT,
        wait_ms INTEGER,
        talk_ms INTEGER,
        operator TEXT,
        contract_no TEXT,
        verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
        outcome TEXT CHECK (outcome IN ('answered', 'missed', 'declined', 'cancelled', 'busy', 'failed', 'transferred', 'interrupted', 'no-answer')),
        wrap_up_code TEXT,
        note TEXT,
        ticket_id TEXT,
        escalated_at TEXT
      ) STRICT;
      CREATE INDEX ix_calls_offered ON calls (offered_at);
      CREATE INDEX ix_calls_remote_rev ON calls (remote_rev, offered_at);
      CREATE INDEX ix_calls_contract ON calls (contract_no, offered_at);
      CREATE INDEX ix_calls_operator ON calls (operator, offered_at);
      CREATE INDEX ix_calls_open ON calls (offered_at) WHERE ended_at IS NULL;

      CREATE TABLE visit_requests (
        id TEXT PRIMARY KEY,
        call_id TEXT REFERENCES calls (id),
        contract_no TEXT,
        holder_name TEXT,
        phone TEXT,
        address TEXT,
        notes TEXT NOT NULL,
        created_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'booked', 'cancelled'))
      ) STRICT;
      CREATE INDEX ix_visit_requests_created ON visit_requests (created_at);
      CREATE INDEX ix_visit_requests_call ON visit_requests (call_id);
    `);
  },
};
