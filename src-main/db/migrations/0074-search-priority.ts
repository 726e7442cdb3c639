import { contractNoKey } from '../../../src-shared/domain/contractNo';
import { presetById } from '../../../src-shared/domain/deskPresets';
import { priorityMinutesFrom } from '../../../src-shared/domain/deskProfile';
import type { Migration } from './types';

/**
 * Search as people dictate (issue 11):
 * - contracts.contract_key: the digits of the contract number (src-shared/domain/contractNo.ts),
 *   so «6», «д6» and «D-000006» find «Д-000006» with one index probe. Derived data: the importer
 *   writes it for every row, this migration fills it for the directory already on disk.
 * - an index on the last 7 digits of every phone, for callers who give only the local part.
 * The importer's swap (src-main/directory/importer.ts) creates the same column and indexes.
 * - tickets_fts: the holder's name and the subject of every ticket, for the ticket search by
 *   surname and subject words (R-CALL-REPEAT). Kept by triggers in the writing transaction, like
 *   ticket_counts. FTS rowids come from ticket_search_ids (an INTEGER PRIMARY KEY: the rowid of
 *   `tickets` itself may change on VACUUM). unicode61 folds case; ё is folded to е here, as in
 *   every other search key (src-shared/text/fold.ts).
 * - R-TKT-PRIO: higher priority goes ahead in the open lists, then the nearest deadline: the
 *   three list indexes lead with priority (src-main/tickets/repo.ts RISK).
 * - desk profiles: a reaction time per tariff became one per tariff and priority (R-TKT-PRIO).
 *   A stored row keeps its minutes as the longest wait; a row still as its seed preset had it gets
 *   the preset's matrix, any other the default shares (priorityMinutesFrom).
 */
/** The searchable words of a ticket row: holder name and subject, ё read as е. */
const WORDS = (row: string): string => `replace(replace(coalesce(${row}.holder_name, '') || ' ' || ${row}.subject, 'ё', 'е'), 'Ё', 'Е')`;

export const migration0074: Migration = {
  version: 74,
  name: 'search keys, reaction per priority',
  up(db) {
    db.exec("ALTER TABLE contracts ADD COLUMN contract_key TEXT NOT NULL DEFAULT ''");
    const rows = db.prepare<[], { id: number; contract_no: string }>('SELECT id, contract_no FROM contracts').all();
    const set = db.prepare<[string, number]>('UPDATE contracts SET contract_key = ? WHERE id = ?');
    for (const r of rows) set.run(contractNoKey(r.contract_no).digits, r.id);
    db.exec(`
      CREATE INDEX ix_contracts_key ON contracts (contract_key);
      CREATE INDEX ix_contract_phones_tail ON contract_phones (substr(e164, -7));

      CREATE TABLE ticket_search_ids (
        n INTEGER PRIMARY KEY,
        ticket_id TEXT NOT NULL UNIQUE
      ) STRICT;
      CREATE VIRTUAL TABLE tickets_fts USING fts5 (
        words, content = '', contentless_delete = 1, tokenize = 'unicode61'
      );
      CREATE TRIGGER tr_tickets_fts_insert AFTER INSERT ON tickets BEGIN
        INSERT INTO ticket_search_ids (ticket_id) VALUES (NEW.id);
        INSERT INTO tickets_fts (rowid, words) VALUES (last_insert_rowid(), ${WORDS('NEW')});
      END;
      CREATE TRIGGER tr_tickets_fts_update AFTER UPDATE OF holder_name, subject ON tickets BEGIN
        DELETE FROM tickets_fts WHERE rowid = (SELECT n FROM ticket_search_ids WHERE ticket_id = OLD.id);
        INSERT INTO tickets_fts (rowid, words) SELECT n, ${WORDS('NEW')} FROM ticket_search_ids WHERE ticket_id = NEW.id;
      END;
      CREATE TRIGGER tr_tickets_fts_delete AFTER DELETE ON tickets BEGIN
        DELETE FROM tickets_fts WHERE rowid = (SELECT n FROM ticket_search_ids WHERE ticket_id = OLD.id);
        DELETE FROM ticket_search_ids WHERE ticket_id = OLD.id;
      END;
      INSERT INTO ticket_search_ids (ticket_id) SELECT id FROM tickets ORDER BY created_at, id;
      INSERT INTO tickets_fts (rowid, words) SELECT s.n, ${WORDS('t')} FROM ticket_search_ids s JOIN tickets t ON t.id = s.ticket_id;
    `);

    db.exec(`
      DROP INDEX ix_tickets_open_risk;
      DROP INDEX ix_tickets_mine_risk;
      DROP INDEX ix_tickets_queue_risk;
      CREATE INDEX ix_tickets_open_risk ON tickets (priority, sla_rank, sla_sort_ms, created_at, id)
        WHERE status IN ('new', 'in_progress', 'waiting');
      CREATE INDEX ix_tickets_mine_risk ON tickets (assignee, priority, sla_rank, sla_sort_ms, created_at, id)
        WHERE status IN ('new', 'in_progress', 'waiting');
      CREATE INDEX ix_tickets_queue_risk ON tickets (queue_id, priority, sla_rank, sla_sort_ms, created_at, id)
        WHERE status IN ('new', 'in_progress', 'waiting');
    `);

    const profiles = db.prepare<[], { id: string; body: string }>('SELECT id, body FROM desk_profiles').all();
    const setBody = db.prepare<[string, string]>('UPDATE desk_profiles SET body = ? WHERE id = ?');
    for (const p of profiles) {
      const body = JSON.parse(p.body) as { reactionTimes?: unknown };
      if (!Array.isArray(body.reactionTimes)) continue; // not a profile this console can read: the service falls back to its preset
      const preset = presetById(p.id);
      body.reactionTimes = body.reactionTimes.map((row: unknown) => {
        if (typeof row !== 'object' || row === null) return row;
        const r = row as { tariff?: unknown; minutes?: unknown };
        if (typeof r.minutes !== 'number') return row;
        const seeded = preset?.reactionTimes.find((x) => x.tariff === r.tariff && x.minutes[3] === r.minutes);
        return { ...r, minutes: seeded ? [...seeded.minutes] : priorityMinutesFrom(r.minutes) };
      });
      setBody.run(JSON.stringify(body), p.id);
    }
  },
};
