/**
 * One storage suite, two databases: PGlite in-process (the embedded default) and a private
 * PostgreSQL 15 cluster from Debian. Whatever the server builds on `Storage` (queries,
 * transactions, NOTIFY on commit, migrations) must behave the same on both.
 */
import { lstatSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../../src-server/app';
import { createServerLogger } from '../../../src-server/log';
import { DataDirLockedError, LOCK_FILE } from '../../../src-server/storage/dirLock';
import { DatabaseFromFutureError, migrate, MigrationError, schemaVersion, type ServerMigration } from '../../../src-server/storage/migrate';
import { SERVER_MIGRATIONS } from '../../../src-server/storage/migrations/index';
import { openPgliteStorage } from '../../../src-server/storage/pglite';
import { openPostgresStorage } from '../../../src-server/storage/postgres';
import { StorageError, type Storage } from '../../../src-server/storage/types';
import { deskBackends } from '../../helpers/deskBackends';
import { until } from '../../helpers/until';

const log = createServerLogger({ level: 'silent', format: 'json' });
const { backends, tmp, postgresUrl } = deskBackends('desk-storage-');

describe.each(backends)('storage on $name', (backend) => {
  let db: Storage;
  beforeAll(async () => {
    db = await openStorage(await backend.database(), log);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('migrates a fresh database in one step, records the version, and does nothing the second time', async () => {
    expect(await schemaVersion(db)).toBeNull();
    expect(await migrate(db, SERVER_MIGRATIONS)).toEqual([10, 20, 40]);
    expect(await schemaVersion(db)).toBe(40);
    const tables = await db.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1");
    expect(tables.rows.map((r) => r.t)).toEqual([
      'change_log',
      'change_log_horizon',
      'queues',
      'schema_migrations',
      'sessions',
      'sign_in_failures',
      'sync_attachments',
      'sync_calls',
      'sync_claims',
      'sync_clients',
      'sync_mutations',
      'sync_redirects',
      'sync_ticket_calls',
      'sync_ticket_events',
      'sync_ticket_links',
      'sync_tickets',
      'sync_visit_requests',
      'sync_visits',
      'user_queues',
      'users',
    ]);
    expect(await migrate(db, SERVER_MIGRATIONS)).toEqual([]);
  });

  it('a failing migration leaves the database at its previous version with nothing of it applied', async () => {
    const bad: ServerMigration = {
      version: 50,
      name: 'half done',
      async up(tx) {
        await tx.query('CREATE TABLE half_done (id int)');
        await tx.query('SELECT * FROM no_such_table');
      },
    };
    await expect(migrate(db, [...SERVER_MIGRATIONS, bad])).rejects.toBeInstanceOf(MigrationError);
    expect(await schemaVersion(db)).toBe(40);
    expect((await db.query("SELECT to_regclass('half_done')::text AS t")).rows[0]).toEqual({ t: null });
  });

  it('refuses a database migrated by newer code, naming both versions', async () => {
    await db.query("INSERT INTO schema_migrations (version, name) VALUES (990, 'from the future')");
    try {
      const err = await migrate(db, SERVER_MIGRATIONS).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatabaseFromFutureError);
      expect((err as Error).message).toMatch(/schema 990, this build knows up to 40/);
    } finally {
      await db.query('DELETE FROM schema_migrations WHERE version = 990');
    }
  });

  it('round-trips the column types the server uses, with bound parameters', async () => {
    const at = new Date('2026-11-24T07:00:00.123Z');
    const r = await db.query<{ n: number; s: string; b: boolean; j: unknown; t: Date; u: string; a: string[] }>(
      'SELECT $1::int AS n, $2::text AS s, $3::boolean AS b, $4::jsonb AS j, $5::timestamptz AS t, $6::uuid AS u, $7::text[] AS a',
      [42, "O'Brien; DROP TABLE users", true, JSON.stringify({ k: [1, 'два'] }), at, '01a24980-233e-786b-a4ae-a250643d9bce', ['a', 'b']],
    );
    expect(r.rows[0]).toEqual({
      n: 42,
      s: "O'Brien; DROP TABLE users",
      b: true,
      j: { k: [1, 'два'] },
      t: at,
      u: '01a24980-233e-786b-a4ae-a250643d9bce',
      a: ['a', 'b'],
    });
    expect((await db.query("SELECT count(*)::int AS n FROM queues WHERE id = 'support'")).rows[0]).toEqual({ n: 1 });
  });

  it('a transaction commits as a whole or, when its function throws, leaves nothing and passes the error on', async () => {
    await db.query('CREATE TABLE IF NOT EXISTS tx_probe (id int PRIMARY KEY)');
    const result = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO tx_probe VALUES (1), (2)');
      return 'done';
    });
    expect(result).toBe('done');
    const boom = new Error('refused half way');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO tx_probe VALUES (3)');
        throw boom;
      }),
    ).rejects.toBe(boom);
    await expect(db.transaction((tx) => tx.query('INSERT INTO tx_probe VALUES (4), (1)'))).rejects.toThrow(/duplicate key/);
    expect((await db.query<{ id: number }>('SELECT id FROM tx_probe ORDER BY id')).rows.map((r) => r.id)).toEqual([1, 2]);
  });

  it('NOTIFY inside a transaction reaches listeners on commit, never from a rolled-back one', async () => {
    const got: string[] = [];
    const unlisten = await db.listen('desk_probe', (p) => got.push(p));
    await db.transaction(async (tx) => {
      await tx.query("SELECT pg_notify('desk_probe', 'committed')");
    });
    await db
      .transaction(async (tx) => {
        await tx.query("SELECT pg_notify('desk_probe', 'rolled back')");
        throw new Error('undo');
      })
      .catch((e: unknown) => expect((e as Error).message).toBe('undo'));
    await db.query("SELECT pg_notify('desk_probe', 'after')");
    await until('both committed notifications', () => got.length >= 2);
    expect(got).toEqual(['committed', 'after']);
    await unlisten();
    await expect(db.listen('desk; DROP TABLE users', () => undefined)).rejects.toBeInstanceOf(StorageError);
  });
});

describe('storage specifics', () => {
  it('migrations are strictly increasing in steps of 10 and named', () => {
    const versions = SERVER_MIGRATIONS.map((m) => m.version);
    versions.forEach((v, i) => {
      expect(v % 10).toBe(0);
      if (i > 0) expect(v).toBeGreaterThan(versions[i - 1]!);
    });
    for (const m of SERVER_MIGRATIONS) expect(m.name.length).toBeGreaterThan(0);
  });

  it('PostgreSQL: two server processes migrating at once apply each migration once', async () => {
    const clusterUrl = await postgresUrl();
    const url = clusterUrl.replace(/\/postgres$/, '/template1');
    const admin = await openPostgresStorage({ url: clusterUrl, log });
    await admin.query('CREATE DATABASE race');
    await admin.close();
    const raceUrl = url.replace(/\/template1$/, '/race');
    const [a, b] = await Promise.all([openPostgresStorage({ url: raceUrl, log }), openPostgresStorage({ url: raceUrl, log })]);
    try {
      const results = await Promise.all([migrate(a, SERVER_MIGRATIONS), migrate(b, SERVER_MIGRATIONS)]);
      expect(results.map((r) => r.length).sort()).toEqual([0, 3]);
      expect((await a.query('SELECT version FROM schema_migrations')).rows).toEqual([{ version: 10 }, { version: 20 }, { version: 40 }]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('PostgreSQL: a LISTEN connection that dies is opened again, says so, and delivers again', async () => {
    const db = await openPostgresStorage({ url: await postgresUrl(), log });
    const got: string[] = [];
    let resubscribed = 0;
    const unlisten = await db.listen(
      'desk_probe_again',
      (p) => got.push(p),
      () => resubscribed++,
    );
    try {
      await db.query("SELECT pg_notify('desk_probe_again', 'before')");
      await until('delivered before', () => got.length === 1);
      const killed = await db.query<{ n: number }>(
        "SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = 'desk-server-listen' AND query LIKE 'LISTEN desk_probe_again%'",
      );
      expect(killed.rows[0]!.n).toBe(1);
      await until('listening again', () => resubscribed === 1);
      await db.query("SELECT pg_notify('desk_probe_again', 'after')");
      await until('delivered after', () => got.length === 2);
      expect(got).toEqual(['before', 'after']);
    } finally {
      await unlisten();
      await db.close();
    }
  });

  it('PGlite: the data folder is 0700 with files 0600, and one process at a time uses it', async () => {
    // The folder the suite above used (reopening is fast; a fresh PGlite folder costs an initdb).
    const dir = join(tmp, 'pglite');
    const db = await openPgliteStorage(dir);
    try {
      const loose: string[] = [];
      const walk = (p: string): void => {
        const st = lstatSync(p);
        if ((st.mode & 0o077) !== 0) loose.push(`${(st.mode & 0o777).toString(8)} ${p}`);
        if (st.isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
      };
      walk(dir);
      expect(loose).toEqual([]);
      expect(lstatSync(dir).mode & 0o777).toBe(0o700);
      // This process holds the lock: a second open of the same folder is refused, not corrupting it.
      await expect(openPgliteStorage(dir)).rejects.toBeInstanceOf(DataDirLockedError);
    } finally {
      await db.close();
    }
    // A lock left by a process that is gone (killed) does not keep the desk down.
    writeFileSync(join(dir, LOCK_FILE), '2147483646');
    const again = await openPgliteStorage(dir);
    expect(await schemaVersion(again)).toBe(40);
    await again.close();
  });
});
