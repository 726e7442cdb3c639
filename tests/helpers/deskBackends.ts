import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { Database } from '../../src-server/app';
import { postgresAvailable, startPostgres, type PgCluster } from './postgres';

export type Backend = { readonly name: string; database(): Promise<Database> };

/**
 * The desk server's two storages for one test file: PGlite in a temporary folder, and a private
 * PostgreSQL 15 cluster started on first use (Debian's package; `ifAvailable` leaves it out where
 * the package is missing). Both are removed after the file. `tmp` is the file's own folder.
 */
export function deskBackends(
  prefix: string,
  opts: { postgres?: 'required' | 'ifAvailable' } = {},
): { backends: Backend[]; tmp: string; /** The same cluster's URL, for a test of PostgreSQL alone. */ postgresUrl(): Promise<string> } {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  let cluster: PgCluster | null = null;
  afterAll(async () => {
    await cluster?.destroy();
    rmSync(tmp, { recursive: true, force: true });
  });
  const postgresUrl = async (): Promise<string> => (cluster ??= await startPostgres()).url;
  const backends: Backend[] = [{ name: 'PGlite', database: async () => ({ kind: 'pglite', dataDir: join(tmp, 'pglite') }) }];
  if (opts.postgres !== 'ifAvailable' || postgresAvailable()) {
    backends.push({ name: 'PostgreSQL 15', database: async () => ({ kind: 'postgres', url: await postgresUrl() }) });
  }
  return { backends, tmp, postgresUrl };
}
