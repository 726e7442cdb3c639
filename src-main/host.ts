/**
 * The console host: opens the local database, builds the services and returns the contract's
 * handlers. Both transports (Electron IPC in src-main/electron, the loopback WebSocket in
 * src-main/web) wrap the same host; this is the one place the services are wired together.
 */
import { join } from 'node:path';
import { RU_CALENDAR, calendarCoverage } from '../src-shared/worktime/calendar';
import { openDatabase, type Db } from './db/open';
import { createOutbox } from './mutations/outbox';
import { createSettingsRepo } from './settings/repo';
import { createProfilesService } from './profiles/service';
import { createProfilesHandlers } from './profiles/handlers';
import { createRedirectsService } from './identification/redirects';
import { createVerificationService } from './identification/verify';
import { createIdentificationHandlers } from './identification/handlers';
import { createDirectoryRepo } from './directory/repo';
import { createDirectoryService } from './directory/service';
import { createDirectoryHandlers } from './directory/handlers';
import { createDirectoryImporter, dropLeftoverStaging } from './directory/importer';
import { createImportJobs } from './directory/jobs';
import { writeDemoDirectory } from './directory/demo';
import { createDispatcher, type Dispatch, type Handlers } from './ipc/dispatch';
import { createEventBus, type EventBus } from './ipc/events';
import { createFileRegistry, type FileRegistry } from './files/registry';
import { createFilesHandlers, type PickFile } from './files/pick';
import type { Logger } from './log';
import { ensurePrivateDir, prepareDataDir } from './privateFiles';
import { createAgentService } from './agent/service';
import { createAgentHandlers } from './agent/handlers';
import { createCallLogRepo } from './calls/repo';
import { createCallsService, type DirectoryLookup } from './calls/service';
import { createCallLogHandlers } from './calls/handlers';
import { createSoftphoneAccount } from './softphone/account';
import { createSoftphone } from './softphone/index';
import type { RegistrationTimings } from './softphone/registration';
import { createFileSecretStore, type SecretStore } from './secrets/fileSecretStore';
import type { RecomputeResult } from './sla/cache';
import { createSlaService } from './sla/service';
import { createAttachmentFiles } from './tickets/attachments';
import { createTicketsRepo } from './tickets/repo';
import { createMutations } from './mutations/index';
import { createTicketsService } from './tickets/service';
import { createTicketViews } from './tickets/views';
import { createTicketWriter } from './tickets/write';
import { createVisitRequestsRepo } from './visits/requests';
import { createVisitsService } from './visits/service';
import { createClaimsService } from './claims/service';
import { createDiagnosticsHandlers } from './diagnostics/handlers';
import { createDeskServerSession } from './deskServer/session';
import { createDeskServerHandlers } from './deskServer/handlers';
import { createDeskPeople } from './visits/people';
import { createOperatorIdentity } from './operator/identity';
import { createSyncStore } from './sync/store';
import { createPageApplier } from './sync/apply';
import { createSyncClient, type SyncTimings } from './sync/client';
import { createLiveClient } from './sync/liveClient';
import { createSyncHandlers } from './sync/handlers';
import { createSyncOwner } from './sync/owner';
import { pageEvents } from './sync/pageEvents';
import type { Locale } from '../src-shared/domain/values';

export const APP_VERSION = '0.1.0';
export const DEMO_ROWS = 300;
/** Sign-out waits this long for the outbox to reach the desk server before the session goes. */
export const SIGN_OUT_DRAIN_MS = 5_000;

export type HostOptions = {
  dataDir: string;
  transport: 'electron' | 'web';
  log: Logger;
  now?: () => Date;
  /** Import a small demo directory when the console starts with none (first run). */
  demo?: boolean;
  /** Where the SIP password lives: Electron passes safeStorage; default `<dataDir>/secrets.json` (0600). */
  secrets?: SecretStore;
  /** Desktop notification for an incoming call (Electron); browser mode notifies from the renderer. */
  notify?: (title: string, body: string) => void;
  /** SIP registration timings (tests shorten the backoff). */
  sipTimings?: Partial<RegistrationTimings>;
  /** The host's own file dialog (Electron) behind `files:pick`; browser mode has none (it uploads). */
  pickFile?: PickFile;
  /** Sync timings (tests shorten them). */
  syncTimings?: Partial<SyncTimings>;
  /** How long sign-out waits for the outbox to drain (SIGN_OUT_DRAIN_MS). */
  signOutDrainMs?: number;
};

export type Host = {
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  readonly dataDir: string;
  readonly uploadsDir: string;
  /** File handles: uploads (browser mode) and files picked in the host's dialog (Electron). */
  readonly files: FileRegistry;
  readonly db: Db;
  /** SLA recomputation of every open ticket (after a desk-profile change; the benchmark). */
  readonly tickets: { recomputeSla(now?: Date): RecomputeResult };
  /** Resolves when start-up work (the first-run demo import) has finished. */
  readonly ready: Promise<void>;
  /** System resume or network change: the softphone re-registers at once. */
  resume(): void;
  close(): void;
};

export function createHost(opts: HostOptions): Host {
  const now = opts.now ?? (() => new Date());
  const { log } = opts;
  const uploadsDir = join(opts.dataDir, 'uploads');
  const reportDir = join(opts.dataDir, 'import-reports');
  // Before anything is written: the folder and everything in it become private to this user.
  prepareDataDir(opts.dataDir, log);
  // Removes the stale uploads of a previous run: handles do not survive a restart.
  const files = createFileRegistry({ uploadsDir, dataDir: opts.dataDir, now: () => now().getTime(), log });
  ensurePrivateDir(uploadsDir);
  ensurePrivateDir(reportDir);

  const db = openDatabase(join(opts.dataDir, 'console.db'));
  // An import killed mid-way left its staging tables (up to the size of a directory): drop them now.
  dropLeftoverStaging(db, log);
  const events = createEventBus();
  const settings = createSettingsRepo(db);
  const outbox = createOutbox(db);
  const locale = (): Locale => (settings.get('ui.locale') === 'en' ? 'en' : 'ru');
  const profiles = createProfilesService({ db, settings, now });
  const profile = profiles.active;
  const calendar = RU_CALENDAR;

  // Directory and identification.
  const directoryRepo = createDirectoryRepo(db);
  // A contract number typed into a ticket or visit form, as dictated («д6»): the one contract it
  // names, so the ticket gets the directory's phone; none when it names several or none.
  const contract = (contractNo: string) => {
    const found = directoryRepo.findByTypedNumber(contractNo, 2);
    return found.length === 1 ? (found[0] ?? null) : null;
  };
  const lookup: DirectoryLookup = {
    contractsByPhone: (e164) => directoryRepo.contractNosByPhone(e164),
    contract,
  };
  const directory = createDirectoryService({ repo: directoryRepo, profile, now, calendar });
  const verification = createVerificationService({ repo: directoryRepo, profile, now, calendar });
  const jobs = createImportJobs({
    importer: createDirectoryImporter({ db, log, now }),
    reportDir,
    log,
    onProgress: (p) => events.emit('directory:importProgress', p),
    // Called when a job ends, long after directoryHandlers exists.
    onFinished: () => events.emit('directory:changed', directoryHandlers.status()),
  });
  const directoryHandlers = createDirectoryHandlers({ repo: directoryRepo, directory, settings, jobs, files });

  // Agent state, the call log and the softphone.
  // The SIP password and the desk-server session token live here, never in settings or the database.
  const secrets = opts.secrets ?? createFileSecretStore({ file: join(opts.dataDir, 'secrets.json'), log });
  const account = createSoftphoneAccount({ settings, secrets, log });
  // One mutation runner for every local write (the call log, the redirects, tickets, visits, claims):
  // apply + outbox row in one SQLite transaction (src-main/mutations).
  // R-TKT-ASSIGN: the local operator: a stable id (assignments, «Мои») and the display name shown beside it.
  const operator = createOperatorIdentity({ settings, accountName: account.operatorName });
  const sla = createSlaService({ db, profile, calendar, events, now });
  // The desk server: sign-in (token in the secrets store) and the sync client that uses it. With no
  // server signed in the sync client never starts: no timer, no request (src-main/sync).
  const deskServer = createDeskServerSession({ settings, secrets, log });
  const syncStore = createSyncStore({ db, settings });
  const syncApplier = createPageApplier({ db, sla: sla.cache, store: syncStore });
  const syncOwner = createSyncOwner({ db, settings, store: syncStore, applier: syncApplier, log });
  const sync = createSyncClient({
    store: syncStore,
    applier: syncApplier,
    settings,
    log,
    now,
    credentials: deskServer.credentials,
    timings: opts.syncTimings,
    onState: (s) => events.emit('sync:state', s),
    // Pulled rows reach the screens the way local writes do: `tickets:changed`, `calls:changed`, … (sync/pageEvents.ts).
    onPage: (e) => {
      for (const { event, payload } of pageEvents(e, now().toISOString())) events.emit(event, payload as never);
    },
    live: (d) => createLiveClient({ ...d, log }),
    onSessionEnd: () => deskServer.forget(),
  });
  const { context, runMutation } = createMutations({
    db,
    outbox,
    settings,
    now,
    profile,
    calendar,
    contract,
    operator,
    locale,
    sla: sla.cache,
    onCommit: sync.kick,
  });
  const redirects = createRedirectsService({ db, runMutation, now, profile, contractNo: (id) => directoryRepo.getById(id)?.contractNo ?? null });

  const agent = createAgentService({ now, profile, onChange: (s) => events.emit('agent:state', s) });
  const callLog = createCallLogRepo({ db, runMutation });
  const visitRequests = createVisitRequestsRepo(db);
  const calls = createCallsService({
    log,
    now,
    repo: callLog,
    visits: visitRequests,
    agent,
    directory: lookup,
    profile,
    operator: account.operatorName,
    emit: (snapshot) => events.emit('calls:state', snapshot),
    notify: opts.notify,
  });
  const interrupted = calls.closeInterrupted();
  if (interrupted > 0) log.warn({ calls: interrupted }, 'calls left open by the previous run closed as interrupted');
  const softphone = createSoftphone({ account, settings, calls, agent, events, log, now, timings: opts.sipTimings });

  // Tickets, visits, claims and their SLA clocks: every write is a named mutation (runMutation).
  const ticketsRepo = createTicketsRepo(db);
  const people = createDeskPeople(db);
  const views = createTicketViews({ repo: ticketsRepo, sla: sla.cache, locale, personName: people.name });
  const write = createTicketWriter({ runMutation, events, now });
  // Clocks that waited for calendar data (a year the previous build lacked) get their due now.
  if (ticketsRepo.missingYears().length > 0) sla.recomputeSla();

  const coverage = calendarCoverage(calendar);
  const years: number[] = [];
  for (let y = coverage.from; y <= coverage.to; y++) years.push(y);

  const handlers: Handlers = {
    'app:info': () => ({ version: APP_VERSION, dataDir: opts.dataDir, transport: opts.transport, locale: locale(), calendarYears: years }),
    'settings:setLocale': ({ locale: l }) => {
      settings.set('ui.locale', l);
      return { locale: l };
    },
    ...createProfilesHandlers({ profiles, sla, events, log }),
    ...directoryHandlers.handlers,
    ...createIdentificationHandlers({ verification, redirects }),
    ...createFilesHandlers({ registry: files, pickFile: opts.pickFile, locale }),
    ...softphone.handlers,
    ...createCallLogHandlers({ calls }),
    ...createAgentHandlers({ agent }),
    ...createTicketsService({
      repo: ticketsRepo,
      views,
      write,
      now,
      operatorId: operator.id,
      attachments: createAttachmentFiles({ dataDir: opts.dataDir, registry: files }),
    }),
    ...createVisitsService({
      repo: ticketsRepo,
      views,
      write,
      sla: sla.cache,
      calendar,
      now,
      locale,
      context,
      contract,
      contractsByPhone: lookup.contractsByPhone,
      calls: callLog,
      requests: visitRequests,
      people,
      deskUser: () => deskServer.status().user,
    }),
    ...createClaimsService({ write, views, now }),
    ...createDiagnosticsHandlers({
      dataDir: opts.dataDir,
      db,
      appVersion: APP_VERSION,
      transport: opts.transport,
      now,
      profile,
      registration: () => softphone.status(),
    }),
    ...createDeskServerHandlers({
      ...deskServer,
      // Another user on this console (src-main/sync/owner.ts): admitted before the token is kept,
      // with no cycle running under the previous client id; the previous session resumes if refused.
      signIn: async (input) => {
        try {
          return await deskServer.signIn(input, async (user) => {
            await sync.stop();
            syncOwner.admit(user);
          });
        } finally {
          sync.start();
        }
      },
      // The changes made under this session are sent under it while it lasts: a drain first
      // (bounded: sign-out must work with the server away; what stays waits for this user).
      signOut: async () => {
        await sync.drain(opts.signOutDrainMs ?? SIGN_OUT_DRAIN_MS);
        await sync.stop();
        return deskServer.signOut();
      },
    }),
    ...createSyncHandlers({ db, store: syncStore, client: sync, now }),
  };
  sync.start();

  const ready = (async () => {
    if (!opts.demo || settings.get('directory.imported_at') !== null || directoryRepo.counts().contracts > 0) return;
    const file = join(uploadsDir, 'demo-directory.csv');
    // The console's clock, not the machine's: with --now in the past the demo balances and debts
    // would otherwise be dated in the console's future.
    await writeDemoDirectory({ rows: DEMO_ROWS, seed: 1, path: file, now: now() });
    // The host's own file, by path: it never crosses the contract.
    const job = jobs.start({ path: file, label: 'demo', owned: true }, { skipBadRows: false, encoding: 'utf-8', demo: true });
    await job.done;
  })().catch((err: unknown) => log.error({ err }, 'demo directory import failed'));

  return {
    dispatch: createDispatcher(handlers, log),
    events,
    dataDir: opts.dataDir,
    uploadsDir,
    files,
    db,
    tickets: { recomputeSla: sla.recomputeSla },
    ready,
    resume: () => {
      softphone.resume();
      sync.resume();
    },
    close() {
      void sync.stop(); // timers cleared at once; a cycle in flight schedules nothing more
      files.close();
      softphone.dispose(); // first: calls still up are ended and logged as interrupted
      calls.dispose();
      agent.dispose();
      db.close();
    },
  };
}
