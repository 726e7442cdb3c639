import type { Database } from 'better-sqlite3';

export type Migration = {
  /** user_version after this migration; steps of 10 leave room for hotfixes. */
  readonly version: number;
  readonly name: string;
  readonly up: (db: Database) => void;
};
