import type { Migration } from './types';

/**
 * Directory tables carry no FOREIGN KEY clauses on purpose: the directory is read-only on the
 * console and replaced wholesale by an import that builds staging tables and renames them in
 * (src-main/directory/importer.ts); the importer guarantees the references.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE contracts (
        id INTEGER PRIMARY KEY,
        contract_no TEXT NOT NULL UNIQUE,
        holder_name TEXT NOT NULL,
        surname_fold TEXT NOT NULL,
        address TEXT NOT NULL,
        balance_kopecks INTEGER,
        balance_at TEXT,
        debt_since TEXT,
        tariff TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'closed'))
      ) STRICT;

      CREATE TABLE contract_phones (
        contract_id INTEGER NOT NULL,
        e164 TEXT NOT NULL
      ) STRICT;
      CREATE INDEX ix_contract_phones_e164 ON contract_phones (e164);
      CREATE INDEX ix_contract_phones_contract ON contract_phones (contract_id);

      CREATE TABLE devices (
        contract_id INTEGER NOT NULL,
        serial TEXT NOT NULL
      ) STRICT;
      CREATE INDEX ix_devices_serial ON devices (serial);
      CREATE INDEX ix_devices_contract ON devices (contract_id);

      -- Contentless: only rowids (= contracts.id) come back; the text is folded (ё→е, lower case)
      -- before it is written, so the tokenizer needs no Cyrillic diacritics support.
      CREATE VIRTUAL TABLE contracts_fts USING fts5 (
        name, address, content = '', contentless_delete = 1, prefix = '2 3', tokenize = 'unicode61'
      );

      CREATE TABLE outbox (
        client_seq INTEGER PRIMARY KEY AUTOINCREMENT,
        mutation_id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        args TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
