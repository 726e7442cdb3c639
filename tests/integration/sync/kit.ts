/**
 * A console's write path and sync client on a real SQLite file, talking to a server over real
 * HTTP: the real desk server (desk.ts, converge*.test.ts) or, for answers a real server cannot
 * give (hostile pages, an older version than held, no seat codes), the protocol double.
 */
import { join } from 'node:path';
import pino from 'pino';
import { openDatabase, type Db } from '../../../src-main/db/open';
import { createMutations } from '../../../src-main/mutations/index';
import { createOutbox } from '../../../src-main/mutations/outbox';
import { createSettingsRepo } from '../../../src-main/settings/repo';
import { createSlaCache } from '../../../src-main/sla/cache';
import { createPageApplier } from '../../../src-main/sync/apply';
import { createSyncClient, type SyncClientDeps } from '../../../src-main/sync/client';
import { createSyncStore } from '../../../src-main/sync/store';
import { DEFAULT_PRESET_ID, presetById } from '../../../src-shared/domain/deskPresets';
import type { DeskProfile } from '../../../src-shared/domain/deskProfile';
import type { SyncState } from '../../../src-shared/ipc/sync';
import { uuidv7 } from '../../../src-shared/ids';
import type { SyncChange } from '../../../src-shared/server/sync';
import { RU_CALENDAR } from '../../../src-shared/worktime/calendar';
import { newTicketArgs } from '../../helpers/ticketArgs';
import { until } from '../../helpers/until';

export const log = pino({ level: process.env.SYNC_TEST_LOG ?? 'silent' });
export const NOW = new Date('2026-11-24T07:00:00Z');

export type Console = ReturnType<typeof openConsole>;

export function openConsole(
  dir: string,
  server: { url: string; token: string } | null,
  opts: Partial<Pick<SyncClientDeps, 'pullLimit' | 'maxAnswerBytes' | 'timings' | 'onPage' | 'live' | 'onSessionEnd' | 'requestTimeoutMs'>> & {
    server?: () => { url: string; token: string } | null;
  } = {},
) {
  const db: Db = openDatabase(join(dir, 'console.db'));
  const settings = createSettingsRepo(db);
  const profile = presetById(DEFAULT_PRESET_ID) as DeskProfile;
  const sla = createSlaCache({ profile: () => profile, calendar: RU_CALENDAR });
  const store = createSyncStore({ db, settings });
  const states: SyncState[] = [];
  const client = createSyncClient({
    store,
    applier: createPageApplier({ db, sla, store }),
    settings,
    log,
    now: () => NOW,
    credentials: opts.server ?? (() => server),
    timings: { debounceMs: 20, intervalMs: 3_600_000, backoffMinMs: 30, backoffMaxMs: 120, ...opts.timings },
    onState: (s) => states.push(s),
    onPage: opts.onPage,
    pullLimit: opts.pullLimit,
    maxAnswerBytes: opts.maxAnswerBytes,
    live: opts.live,
    requestTimeoutMs: opts.requestTimeoutMs,
    onSessionEnd: opts.onSessionEnd,
  });
  const { runMutation } = createMutations({
    db,
    outbox: createOutbox(db),
    settings,
    now: () => NOW,
    profile: () => profile,
    calendar: RU_CALENDAR,
    contract: () => null,
    operator: { id: () => 'op-anna', name: () => 'Анна' },
    locale: () => 'ru',
    sla,
    onCommit: client.kick,
  });
  const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
  return {
    db,
    settings,
    store,
    client,
    states,
    runMutation,
    count,
    /** A call offered (the simplest mutation: one call row, one outbox row). */
    offer(id = uuidv7()): string {
      runMutation('call.offered', {
        id,
        sipCallId: null,
        direction: 'inbound',
        remoteNumber: '+79039691445',
        remoteName: null,
        line: null,
        offeredAt: NOW.toISOString(),
        operator: 'Анна',
        contractNo: null,
        verified: false,
      });
      return id;
    },
    ticket(subject = 'Вопрос', id = uuidv7()): string {
      runMutation('ticket.create', newTicketArgs(subject, id));
      return id;
    },
    outboxSeqs: (): number[] => (db.prepare('SELECT client_seq FROM outbox ORDER BY client_seq').all() as { client_seq: number }[]).map((r) => r.client_seq),
    ticketRow: (id: string) => db.prepare('SELECT * FROM tickets WHERE id = ?').get(id) as Record<string, unknown> | undefined,
    /** Everything the tests compare to prove "nothing changed". */
    snapshot(): string {
      const tables = ['tickets', 'ticket_events', 'calls', 'outbox', 'settings', 'sync_rows', 'sync_deferred', 'sync_rejections', 'queues'];
      return JSON.stringify(tables.map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()));
    },
    close(): void {
      db.close();
    },
  };
}

/** A server-side ticket row as it travels (sync.ts SyncTicketSchema). */
export function serverTicket(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    number: '77-0001',
    type: 'question',
    priority: 3,
    status: 'new',
    channel: 'phone',
    queueId: 'support',
    assigneeId: null,
    assignee: null,
    contractNo: null,
    holderName: null,
    phone: null,
    serial: null,
    subject: 'С сервера',
    description: '',
    form: null,
    tariff: null,
    createdAt: NOW.getTime(),
    createdBy: 'Борис',
    updatedAt: NOW.getTime(),
    version: 1,
    sla: { kind: 'desk', targetMinutes: 480, extendedMinutes: 0, budgetMs: 8 * 3_600_000, anchorAt: NOW.getTime(), metAt: null, dueAtMet: null },
    deadline: null,
    ...over,
  };
}

export const change = (kind: SyncChange['kind'], id: string, version: number, data: unknown): SyncChange => ({ kind, id, version, data });

/**
 * start() runs the first cycle at once; this waits for it to end (a syncNow() here would add a
 * second cycle) and returns the state it ended in, read from the recorded history: polling the
 * current state could miss it when a retry after a failed cycle (backoffMinMs later) has already
 * begun or ended.
 */
export async function startSync(c: Console, timeoutMs?: number): Promise<SyncState> {
  const from = c.states.length;
  c.client.start();
  const ended = (): SyncState | undefined => c.states.slice(from).find((s) => s.status !== 'syncing');
  await until('the first sync cycle ends', () => ended() !== undefined, timeoutMs);
  return ended() as SyncState;
}
