import { contractNoKey } from '../../../src-shared/domain/contractNo';
import type { Migration } from './types';

/**
 * Search as people dictate (issue 11):
 * - contracts.contract_key: the digits of the contract number (src-shared/domain/contractNo.ts),
 *   so «6», «д6» and «D-000006» find «Д-000006» with one index probe. Derived data: the importer
 *   writes it for every row, this migration fills it for the directory already on disk.
 * - an index on the last 7 digits of every phone, for callers who give only the local part.
 * The importer's swap (src-main/directory/importer.ts) creates the same column and indexes.
 */
export const migration0074: Migration = {
  version: 74,
  name: 'search keys',
  up(db) {
    db.exec("ALTER TABLE contracts ADD COLUMN contract_key TEXT NOT NULL DEFAULT ''");
    const rows = db.prepare<[], { id: number; contract_no: string }>('SELECT id, contract_no FROM contracts').all();
    const set = db.prepare<[string, number]>('UPDATE contracts SET contract_key = ? WHERE id = ?');
    for (const r of rows) set.run(contractNoKey(r.contract_no).digits, r.id);
    db.exec(`
      CREATE INDEX ix_contracts_key ON contracts (contract_key);
      CREATE INDEX ix_contract_phones_tail ON contract_phones (substr(e164, -7));
    `);
  },
};
