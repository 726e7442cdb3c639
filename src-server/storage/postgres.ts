/**
 * PostgreSQL 15+ through a `pg` pool: what production runs, and the path to several server
 * processes on one database (ARCHITECTURE.md "Scale beyond one machine"). LISTEN needs a
 * connection of its own that stays open, so each `listen` takes a dedicated client.
 */
import pg from 'pg';
import type { Logger } from '../log';
import { checkChannel, type Queryable, type Row, type Storage } from './types';

export type PostgresOptions = Readonly<{ url: string; log: Logger; maxConnections?: number }>;

function queryable(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T extends Row>(sql: string, params: readonly unknown[] = []) {
      const r = await client.query<T>(sql, [...params]);
      return { rows: r.rows, rowCount: r.rowCount ?? r.rows.length };
    },
  };
}

export async function openPostgresStorage(opts: PostgresOptions): Promise<Storage> {
  const { url, log } = opts;
  const pool = new pg.Pool({ connectionString: url, max: opts.maxConnections ?? 10, connectionTimeoutMillis: 5_000, application_name: 'desk-server' });
  // An idle client dying (database restarted, network cut) emits here; without a listener it
  // would end the process. The pool replaces it; /healthz reports while the database is away.
  pool.on('error', (err) => log.warn({ err }, 'idle PostgreSQL connection failed'));
  const listeners = new Set<pg.Client>();
  // Fail at start, with the server's message, rather than on the first request.
  const probe = await pool.connect();
  probe.release();
  const base = queryable(pool);
  return {
    kind: 'postgres',
    query: base.query,
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(queryable(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackErr) {
          // The connection itself is gone: give it back as broken so the pool drops it.
          broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
        }
        throw err;
      } finally {
        client.release(broken);
      }
    },
    async listen(channel, onPayload) {
      const name = checkChannel(channel);
      const client = new pg.Client({ connectionString: url, application_name: 'desk-server-listen' });
      client.on('error', (err) => log.warn({ err, channel: name }, 'PostgreSQL listen connection failed'));
      client.on('notification', (n) => {
        if (n.channel === name) onPayload(n.payload ?? '');
      });
      await client.connect();
      await client.query(`LISTEN ${name}`);
      listeners.add(client);
      return async () => {
        listeners.delete(client);
        await client.end();
      };
    },
    async close() {
      await Promise.all([...listeners].map((c) => c.end()));
      listeners.clear();
      await pool.end();
    },
  };
}
