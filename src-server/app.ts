/**
 * The desk server assembled: storage (PGlite in a data folder, or PostgreSQL by URL), migrations,
 * the first admin, the HTTP(S) listener and the routes. The one place that wires the server;
 * `cli.ts` turns the command line into these options, tests call it directly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSessionRepo, DEFAULT_SESSION_POLICY, type SessionPolicy } from './auth/sessions';
import { createSignInLimiter, DEFAULT_RATE_LIMIT, type RateLimitPolicy } from './auth/rateLimit';
import { authHandlers } from './auth/handlers';
import { createRouter, type Session } from './http/router';
import { DEFAULT_LIVE_POLICY, startLiveHub, type LiveHub, type LivePolicy } from './live/hub';
import { InsecureBindError, isLoopback, listen, type Tls } from './http/server';
import type { Logger } from './log';
import { migrate } from './storage/migrate';
import { SERVER_MIGRATIONS } from './storage/migrations/index';
import { openPgliteStorage } from './storage/pglite';
import { openPostgresStorage } from './storage/postgres';
import type { Storage } from './storage/types';
import { ensureFirstAdmin, type Bootstrap } from './users/bootstrap';
import { userHandlers } from './users/handlers';
import { createUserRepo } from './users/repo';
import { SCRYPT_PARAMS, type ScryptParams } from './auth/password';
import { syncHandlers, type SyncDeps } from './sync/handlers';
import { pruneChangeLog } from './sync/pull';
import { pruneSyncMutations } from './sync/retention';

export const SERVER_VERSION: string = (JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;

export type Database = Readonly<{ kind: 'pglite'; dataDir: string }> | Readonly<{ kind: 'postgres'; url: string }>;

export type DeskOptions = Readonly<{
  database: Database;
  host: string;
  port: number;
  tls: Tls | null;
  log: Logger;
  bodyLimitBytes?: number;
  adminPassword?: string | null;
  drainMs?: number;
  /** Tests move time forward to expire sessions and rate-limit windows. */
  now?: () => Date;
  sessionPolicy?: SessionPolicy;
  rateLimit?: RateLimitPolicy;
  /** scrypt cost of new hashes (default SCRYPT_PARAMS); tests lower it to keep a loaded CI quick. */
  scrypt?: ScryptParams;
  /**
   * Sync change-log retention in days (pruned at start and every 6 hours; also the age after which
   * push's stored results go); null: the change log is never pruned.
   */
  changeLogDays?: number | null;
  /** Fault injection for the sync concurrency tests (how long each push transaction stays open). */
  holdTransactionMs?: SyncDeps['holdTransactionMs'];
  /** The live WebSocket's limits and periods (DEFAULT_LIVE_POLICY); tests shorten the periods. */
  live?: Partial<LivePolicy>;
}>;

export type DeskServer = Readonly<{
  url: string;
  port: number;
  storage: Storage;
  bootstrap: Bootstrap;
  live: LiveHub;
  inFlight(): number;
  close(): Promise<void>;
}>;

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
const PRUNE_EVERY_MS = 6 * 3_600_000;

export async function openStorage(database: Database, log: Logger): Promise<Storage> {
  return database.kind === 'pglite' ? openPgliteStorage(database.dataDir) : openPostgresStorage({ url: database.url, log });
}

export async function startDeskServer(opts: DeskOptions): Promise<DeskServer> {
  const { log } = opts;
  // Refused before anything is opened or created: a misconfigured bind must not touch the data.
  if (!opts.tls && !isLoopback(opts.host)) throw new InsecureBindError(opts.host);
  const now = opts.now ?? (() => new Date());
  const scrypt = opts.scrypt ?? SCRYPT_PARAMS;
  const storage = await openStorage(opts.database, log);
  let live: LiveHub | null = null;
  try {
    const applied = await migrate(storage, SERVER_MIGRATIONS);
    if (applied.length > 0) log.info({ applied }, 'database migrated');
    const users = createUserRepo(storage);
    const sessions = createSessionRepo({ db: storage, policy: opts.sessionPolicy ?? DEFAULT_SESSION_POLICY, now });
    const limiter = createSignInLimiter({ db: storage, policy: opts.rateLimit ?? DEFAULT_RATE_LIMIT, now });
    const bootstrap = await ensureFirstAdmin({ storage, users, now, password: opts.adminPassword ?? null, scrypt });

    const authenticate = async (token: string): Promise<Session | null> => {
      // The role comes from the user's row as it is now: a demoted or disabled user loses rights at once.
      const s = await sessions.use(token);
      if (!s || s.user.disabled) return null;
      return { user: s.user, tokenHash: s.tokenHash, expiresAt: s.expiresAt };
    };
    const route = createRouter({
      authenticate,
      bodyLimitBytes: opts.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
      handlers: {
        ...authHandlers({ storage, users, sessions, limiter, version: SERVER_VERSION, scrypt, now, log }),
        ...userHandlers({ storage, users, sessions, scrypt, now, log }),
        ...syncHandlers({ storage, now, log, holdTransactionMs: opts.holdTransactionMs }),
      },
    });
    // Retention: every process prunes (the deletes are idempotent, so several servers on one
    // PostgreSQL only repeat each other's work). Push's stored results go even with no change-log
    // retention: what a console provably holds is never asked for again (sync/retention.ts).
    const days = opts.changeLogDays ?? null;
    const prune = async (): Promise<void> => {
      try {
        const deleted = days === null ? 0 : await pruneChangeLog(storage, { days, now: now() });
        if (deleted > 0) log.info({ deleted, days }, 'sync change log pruned');
        const results = await pruneSyncMutations(storage, { days, now: now() });
        if (results > 0) log.info({ deleted: results, days }, 'stored push results pruned');
      } catch (err) {
        log.warn({ err }, 'sync retention failed; retried at the next round');
      }
    };
    await prune();
    const pruneTimer = setInterval(() => void prune(), PRUNE_EVERY_MS);
    pruneTimer.unref();
    live = await startLiveHub({ storage, sessions, users, authenticate, log, policy: { ...DEFAULT_LIVE_POLICY, ...opts.live } });
    const hub = live;
    const listener = await listen(
      {
        host: opts.host,
        port: opts.port,
        tls: opts.tls,
        log,
        drainMs: opts.drainMs ?? 10_000,
        onUpgrade: (req, socket, head) => hub.handleUpgrade(req, socket, head),
      },
      route,
    );
    log.info({ url: listener.url, storage: storage.kind, version: SERVER_VERSION }, 'desk server listening');
    return {
      url: listener.url,
      port: listener.port,
      storage,
      bootstrap,
      inFlight: listener.inFlight,
      live: hub,
      async close() {
        clearInterval(pruneTimer);
        // Live sockets first: each console hears `bye: shutdown` and comes back after the restart.
        await hub.close();
        await listener.close();
        await storage.close();
        log.info('desk server stopped');
      },
    };
  } catch (err) {
    await live?.close();
    await storage.close();
    throw err;
  }
}
