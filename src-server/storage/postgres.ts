/**
 * PostgreSQL 15+ through a `pg` pool: what production runs, and the path to several server
 * processes on one database (ARCHITECTURE.md "Scale beyond one machine"). LISTEN needs a
 * connection of its own that stays open, so each `listen` takes a dedicated client, re-opened when
 * it fails.
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
  const subscriptions = new Set<() => Promise<void>>();
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
    async listen(channel, onPayload, onResubscribed) {
      const name = checkChannel(channel);
      let client: pg.Client | null = null;
      let stopped = false;
      let retry: NodeJS.Timeout | null = null;
      let attempt = 0;
      const endQuietly = (c: pg.Client): void => {
        c.end().catch((err: unknown) => log.debug({ err, channel: name }, 'closing a failed listen connection'));
      };
      const lost = (c: pg.Client): void => {
        if (client !== c || stopped) return;
        client = null;
        endQuietly(c);
        schedule();
      };
      const open = async (): Promise<void> => {
        const c = new pg.Client({ connectionString: url, application_name: 'desk-server-listen' });
        c.on('error', (err) => {
          log.warn({ err, channel: name }, 'PostgreSQL listen connection failed');
          lost(c);
        });
        c.on('end', () => lost(c));
        c.on('notification', (n) => {
          if (n.channel === name) onPayload(n.payload ?? '');
        });
        try {
          await c.connect();
          await c.query(`LISTEN ${name}`);
        } catch (err) {
          endQuietly(c);
          throw err;
        }
        if (stopped) {
          endQuietly(c);
          return;
        }
        client = c;
      };
      // Without this a database restart would silence NOTIFY on this process for good.
      const schedule = (): void => {
        const delay = Math.min(5_000, 100 * 2 ** attempt++);
        retry = setTimeout(() => {
          retry = null;
          open().then(
            () => {
              if (stopped) return;
              attempt = 0;
              log.info({ channel: name }, 'PostgreSQL listen connection re-established');
              onResubscribed?.();
            },
            (err: unknown) => {
              log.warn({ err, channel: name, attempt }, 'PostgreSQL listen connection: reconnect failed');
              if (!stopped) schedule();
            },
          );
        }, delay);
        retry.unref();
      };
      await open();
      const unsubscribe = async (): Promise<void> => {
        stopped = true;
        subscriptions.delete(unsubscribe);
        if (retry) clearTimeout(retry);
        const c = client;
        client = null;
        if (c) await c.end();
      };
      subscriptions.add(unsubscribe);
      return unsubscribe;
    },
    async close() {
      await Promise.all([...subscriptions].map((unsubscribe) => unsubscribe()));
      await pool.end();
    },
  };
}
