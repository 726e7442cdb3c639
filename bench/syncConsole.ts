/**
 * One bench console (bench/sync.bench.ts), used by the bench's main thread and by its console
 * threads (syncWorker.ts): the console's own parts on its own SQLite file.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { openDatabase, type Db } from '../src-main/db/open';
import { createMutations } from '../src-main/mutations/index';
import { createOutbox } from '../src-main/mutations/outbox';
import { createSettingsRepo } from '../src-main/settings/repo';
import { createSlaCache } from '../src-main/sla/cache';
import { createPageApplier, type PageEffect } from '../src-main/sync/apply';
import { createSyncClient } from '../src-main/sync/client';
import { createLiveClient, type LiveClient } from '../src-main/sync/liveClient';
import { createSyncStore } from '../src-main/sync/store';
import { DEFAULT_PRESET_ID, presetById } from '../src-shared/domain/deskPresets';
import type { DeskProfile } from '../src-shared/domain/deskProfile';
import { uuidv7 } from '../src-shared/ids';
import { RU_CALENDAR } from '../src-shared/worktime/calendar';
import { newTicketArgs } from '../tests/helpers/ticketArgs';

const log = pino({ level: 'silent' });

export class BenchError extends Error {
  override readonly name = 'BenchError';
}

export async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new BenchError(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

export type BenchConsole = ReturnType<typeof openConsole>;

/**
 * A console as the host assembles it (src-main/host.ts), without the screens: mutation runner,
 * sync client and live client on its own SQLite file. A poke runs a sync cycle, as the host does.
 */
export function openConsole(dir: string, server: { url: string; token: string } | null, onPage?: (e: PageEffect) => void) {
  const db: Db = openDatabase(join(dir, 'console.db'));
  const settings = createSettingsRepo(db);
  const profile = presetById(DEFAULT_PRESET_ID) as DeskProfile;
  const sla = createSlaCache({ profile: () => profile, calendar: RU_CALENDAR });
  const store = createSyncStore({ db, settings });
  let creds = server;
  const client = createSyncClient({
    store,
    applier: createPageApplier({ db, sla, store }),
    settings,
    log,
    now: () => new Date(),
    credentials: () => creds,
    timings: { debounceMs: 0, intervalMs: 3_600_000, backoffMinMs: 50, backoffMaxMs: 500 },
    onPage,
  });
  const { runMutation } = createMutations({
    db,
    outbox: createOutbox(db),
    settings,
    now: () => new Date(),
    profile: () => profile,
    calendar: RU_CALENDAR,
    contract: () => null,
    operator: { id: () => 'op-bench', name: () => 'Оператор' },
    locale: () => 'ru',
    sla,
    onCommit: client.kick,
  });
  let live: LiveClient | null = null;
  return {
    db,
    store,
    client,
    ticket(subject: string, id = uuidv7()): string {
      runMutation('ticket.create', newTicketArgs(subject, id));
      return id;
    },
    comment(id: string, text: string): void {
      runMutation('ticket.comment', { id, text } as never);
    },
    has: (id: string): boolean => db.prepare('SELECT 1 FROM tickets WHERE id = ?').get(id) !== undefined,
    /** Signs in (an offline console until now) and starts syncing. */
    connect(s: { url: string; token: string }): void {
      creds = s;
      client.start();
    },
    async live(): Promise<void> {
      if (!creds) throw new BenchError('live before sign-in');
      const url = creds.url;
      const token = creds.token;
      let open = false;
      live = createLiveClient({
        serverUrl: url,
        token: () => token,
        onPoke: () => void client.syncNow(),
        onBye: (reason) => {
          throw new BenchError(`the server ended a console's session: ${reason}`);
        },
        onState: (st) => {
          open = st.state === 'open';
        },
        log,
      });
      live.start();
      await until('the live socket opens', () => open, 30_000);
    },
    async close(): Promise<void> {
      await live?.stop();
      await client.stop();
      db.close();
    },
  };
}

/** Syncs a console until a cycle ends online with its outbox acknowledged (a quiet desk before a sample). */
export async function settled(c: BenchConsole, timeoutMs = 120_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const s = await c.client.syncNow();
    if (s.status === 'online' && s.pending === 0) return;
    if (performance.now() > deadline) throw new BenchError(`a console did not settle in ${timeoutMs} ms: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
