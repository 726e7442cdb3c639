import type { Migration } from './types';

/**
 * Tickets, their history, links, calls, attachments, technician visits and claims.
 *
 * SLA columns: the reaction clock as the pure engine keeps it (src-shared/worktime/sla.ts:
 * kind, target, extension, budget at anchor, met) plus derived columns the host recomputes
 * whenever the clock or the desk profile changes (src-main/tickets/sla.ts):
 *   sla_due_ms   due instant of a running clock (claims: end of the deadline day)
 *   sla_rank     0 running (incl. breached and "no calendar"), 1 paused, 2 met / no clock
 *   sla_sort_ms  the order inside a rank: due for running clocks, budget left for paused ones
 * so "open tickets by SLA risk" is one walk of a partial index, with no sort step.
 * `phone_rev` is the phone's digits reversed (like calls.remote_rev) for suffix search.
 *
 * Visits keep their slot as epoch ms (slot_start_ms): the booking compares instants the slot
 * engine produces. Existing visit_requests stay the R-CALL-15 drafts; a booking marks its request.
 */
export const migration0040: Migration = {
  version: 40,
  name: 'tickets, visits and claims',
  up(db) {
    db.exec(`
      CREATE TABLE queues (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        department TEXT NOT NULL,
        sort INTEGER NOT NULL
      ) STRICT;
      INSERT INTO queues (id, name, department, sort) VALUES
        ('support', 'Техподдержка, 1-я линия', 'Техническая поддержка', 10),
        ('support-2', 'Техподдержка, 2-я линия', 'Техническая поддержка', 20),
        ('field', 'Выездная служба', 'Выездная служба', 30),
        ('repair', 'Сервисный центр', 'Сервисный центр (ремонт)', 40),
        ('claims', 'Претензии', 'Отдел по работе с претензиями', 50);

      CREATE TABLE tickets (
        id TEXT PRIMARY KEY,
        number TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('question', 'problem', 'maintenance', 'visit', 'claim')),
        priority INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 4),
        status TEXT NOT NULL CHECK (status IN ('new', 'in_progress', 'waiting', 'resolved', 'closed', 'cancelled')),
        channel TEXT NOT NULL CHECK (channel IN ('phone', 'email', 'messenger', 'portal', 'visit')),
        queue_id TEXT NOT NULL REFERENCES queues (id),
        assignee TEXT,
        contract_no TEXT,
        holder_name TEXT,
        phone TEXT,
        phone_rev TEXT,
        serial TEXT,
        subject TEXT NOT NULL,
        description TEXT NOT NULL,
        form TEXT,
        tariff TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL,
        sla_kind TEXT NOT NULL CHECK (sla_kind IN ('desk', 'desk-all-days', 'round-the-clock')),
        sla_target_min INTEGER,
        sla_ext_min INTEGER NOT NULL DEFAULT 0,
        sla_budget_ms INTEGER,
        sla_anchor_ms INTEGER,
        sla_met_ms INTEGER,
        sla_due_met_ms INTEGER,
        sla_deadline_ms INTEGER,
        sla_due_ms INTEGER,
        sla_sort_ms INTEGER,
        sla_rank INTEGER NOT NULL CHECK (sla_rank IN (0, 1, 2)),
        sla_missing_year INTEGER
      ) STRICT;
      CREATE UNIQUE INDEX ux_tickets_number ON tickets (number);
      -- Open views by SLA risk: all open, mine, per queue (the WHERE must repeat the status list).
      CREATE INDEX ix_tickets_open_risk ON tickets (sla_rank, sla_sort_ms, priority, created_at, id)
        WHERE status IN ('new', 'in_progress', 'waiting');
      CREATE INDEX ix_tickets_mine_risk ON tickets (assignee, sla_rank, sla_sort_ms, priority, created_at, id)
        WHERE status IN ('new', 'in_progress', 'waiting');
      CREATE INDEX ix_tickets_queue_risk ON tickets (queue_id, sla_rank, sla_sort_ms, priority, created_at, id)
        WHERE status IN ('new', 'in_progress', 'waiting');
      -- recomputeSla: only running reaction clocks depend on the desk profile; covering, so the
      -- recomputation reads this index alone, grouped by schedule kind (the WHERE's columns are
      -- listed too: SQLite treats a partial index as covering only when every column it reads is in it).
      CREATE INDEX ix_tickets_running ON tickets (sla_kind, sla_anchor_ms, sla_budget_ms, sla_sort_ms, sla_missing_year, status, sla_rank, sla_deadline_ms)
        WHERE status IN ('new', 'in_progress', 'waiting') AND sla_rank = 0 AND sla_deadline_ms IS NULL;
      CREATE INDEX ix_tickets_missing_year ON tickets (sla_missing_year)
        WHERE sla_missing_year IS NOT NULL AND status IN ('new', 'in_progress', 'waiting');
      -- The "all" view and lookups (R-CALL-REPEAT, R-TKT-DEDUP).
      CREATE INDEX ix_tickets_created ON tickets (created_at, id);
      CREATE INDEX ix_tickets_queue_created ON tickets (queue_id, created_at, id);
      CREATE INDEX ix_tickets_contract ON tickets (contract_no, created_at);
      CREATE INDEX ix_tickets_phone_rev ON tickets (phone_rev, created_at);
      CREATE INDEX ix_tickets_serial ON tickets (serial, created_at);
      CREATE INDEX ix_tickets_assignee ON tickets (assignee, created_at);
      CREATE INDEX ix_tickets_created_by ON tickets (created_by, created_at);

      -- R-TKT-HISTORY: seq keeps the local order; id (<mutation id>.<n>) is the same on every replay.
      CREATE TABLE ticket_events (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        ticket_id TEXT NOT NULL REFERENCES tickets (id),
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        kind TEXT NOT NULL,
        data TEXT NOT NULL
      ) STRICT;
      CREATE INDEX ix_ticket_events_ticket ON ticket_events (ticket_id, seq);

      -- R-TKT-DEDUP: stored both ways.
      CREATE TABLE ticket_links (
        ticket_id TEXT NOT NULL REFERENCES tickets (id),
        other_id TEXT NOT NULL REFERENCES tickets (id),
        created_at TEXT NOT NULL,
        PRIMARY KEY (ticket_id, other_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE ticket_calls (
        ticket_id TEXT NOT NULL REFERENCES tickets (id),
        call_id TEXT NOT NULL, -- no FOREIGN KEY: a synced ticket may link a call logged on another console
        linked_at TEXT NOT NULL,
        PRIMARY KEY (ticket_id, call_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX ix_ticket_calls_call ON ticket_calls (call_id);

      -- R-TKT-FORM: files are kept by reference (path) and SHA-256, not in the database.
      CREATE TABLE attachments (
        id TEXT PRIMARY KEY,
        ticket_id TEXT NOT NULL REFERENCES tickets (id),
        name TEXT NOT NULL,
        path TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        added_at TEXT NOT NULL,
        added_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX ix_attachments_ticket ON attachments (ticket_id, added_at);

      CREATE TABLE visits (
        id TEXT PRIMARY KEY,
        ticket_id TEXT NOT NULL REFERENCES tickets (id),
        call_id TEXT,
        contract_no TEXT,
        holder_name TEXT,
        address TEXT NOT NULL,
        responsible TEXT NOT NULL,
        phone TEXT NOT NULL,
        intercom TEXT NOT NULL,
        problem_location TEXT NOT NULL,
        notes TEXT NOT NULL,
        desired_at_ms INTEGER,
        priority INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 4),
        slot_start_ms INTEGER NOT NULL,
        slot_end_ms INTEGER NOT NULL,
        eta_from_ms INTEGER NOT NULL,
        eta_to_ms INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('booked', 'en_route', 'arrived', 'done', 'not_done', 'cancelled')),
        status_reason TEXT,
        cancelled_at_ms INTEGER,
        cancel_billable INTEGER NOT NULL DEFAULT 0 CHECK (cancel_billable IN (0, 1)),
        act_status TEXT NOT NULL DEFAULT 'none' CHECK (act_status IN ('none', 'signed', 'refused')),
        act_signed_by TEXT,
        act_at_ms INTEGER,
        created_at_ms INTEGER NOT NULL,
        created_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX ix_visits_slot ON visits (slot_start_ms) WHERE status <> 'cancelled';
      CREATE INDEX ix_visits_slot_all ON visits (slot_start_ms);
      CREATE INDEX ix_visits_ticket ON visits (ticket_id, slot_start_ms);

      -- R-CLAIM: one claim per claim ticket, every field of the written claim.
      CREATE TABLE claims (
        ticket_id TEXT PRIMARY KEY REFERENCES tickets (id),
        holder_name TEXT NOT NULL,
        contract_no TEXT NOT NULL,
        phone TEXT NOT NULL,
        incident TEXT NOT NULL,
        incident_from TEXT NOT NULL,
        incident_to TEXT,
        specialist TEXT NOT NULL,
        answer_via TEXT NOT NULL CHECK (answer_via IN ('email', 'post', 'phone', 'in-person')),
        answer_address TEXT NOT NULL,
        signed INTEGER NOT NULL CHECK (signed IN (0, 1)),
        received_on TEXT NOT NULL,
        deadline TEXT,
        missing_year INTEGER,
        answered_at TEXT,
        answer TEXT
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
