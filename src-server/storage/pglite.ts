/**
 * The embedded default: PGlite (PostgreSQL in WASM) in this process, its files in a data folder.
 * One backend serves every query in turn, so one server process per data folder: enough for a
 * desk on one machine, and LISTEN/NOTIFY works inside it. Several server processes need real
 * PostgreSQL (DATABASE_URL); TOOLCHAIN.md explains why PGlite's socket server is not that path.
 */
import { PGlite } from '@electric-sql/pglite';
import { ensurePrivateTree } from '../privateFiles';
import { lockDataDir } from './dirLock';
import { checkChannel, type Queryable, type Row, type Storage } from './types';

type PgliteLike = Pick<PGlite, 'query'>;

function queryable(db: PgliteLike): Queryable {
  return {
    async query<T extends Row>(sql: string, params: readonly unknown[] = []) {
      const r = await db.query<T>(sql, [...params]);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
  };
}

export async function openPgliteStorage(dataDir: string): Promise<Storage> {
  // The folder is private before PGlite writes its first file; PGlite creates files with mode
  // 0666 minus the umask, so the tree is tightened after it opens and again when it closes.
  ensurePrivateTree(dataDir);
  const unlock = lockDataDir(dataDir);
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir);
  } catch (err) {
    unlock();
    throw err;
  }
  ensurePrivateTree(dataDir);
  const base = queryable(db);
  return {
    kind: 'pglite',
    query: base.query,
    transaction: (fn) => db.transaction((tx) => fn(queryable(tx))),
    async listen(channel, onPayload) {
      const unsubscribe = await db.listen(checkChannel(channel), onPayload);
      return async () => unsubscribe();
    },
    async close() {
      try {
        await db.close();
        ensurePrivateTree(dataDir);
      } finally {
        unlock();
      }
    },
  };
}
