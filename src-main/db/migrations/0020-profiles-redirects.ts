import type { Migration } from './types';

export const migration0020: Migration = {
  version: 20,
  name: 'desk profiles and money-question redirects',
  up(db) {
    db.exec(`
      CREATE TABLE desk_profiles (
        id TEXT PRIMARY KEY,
        body TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      -- R-BAL-SCOPE: every money question routed away is recorded with its reason. It refers to
      -- the contract by its number: contract ids are reassigned by every directory import.
      CREATE TABLE redirects (
        id TEXT PRIMARY KEY,
        contract_no TEXT,
        phone TEXT,
        reason TEXT NOT NULL,
        redirect_label TEXT NOT NULL,
        redirect_phone TEXT,
        recorded_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX ix_redirects_contract ON redirects (contract_no, recorded_at);
    `);
  },
};
