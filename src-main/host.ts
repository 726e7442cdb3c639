/**
 * The console host: opens the local database, builds the services and returns the contract's
 * handlers. Both transports (Electron IPC in src-main/electron, the loopback WebSocket in
 * src-main/web) wrap the same host; this is the one place the services are wired together.
 */
import { join } from 'node:path';
import { RU_CALENDAR, calendarCoverage } from '../src-shared/worktime/calendar';
import type { Output } from '../src-shared/ipc/contract';
import { openDatabase, type Db } from './db/open';
import { createOutbox } from './db/outbox';
import { createSettingsRepo } from './settings/repo';
import { createProfilesService } from './profiles/service';
import { createRedirectsService } from './identification/redirects';
import { createDirectoryRepo } from './directory/repo';
import { createDirectoryService } from './directory/service';
import { createDirectoryImporter, dropLeftoverStaging } from './directory/importer';
import { createImportJobs } from './directory/jobs';
import { writeDemoDirectory } from './directory/demo';
import { createDispatcher, type Dispatch, type Handlers } from './ipc/dispatch';
import { createEventBus, type EventBus } from './ipc/events';
import { createFileRegistry, type FileRegistry } from './files/registry';
import { createFilesHandlers, type PickFile } from './files/pick';
import type { Logger } from './log';
import { ensurePrivateDir, prepareDataDir } from './privateFiles';
import { ACCOUNT_KEY, createSoftphone } from './softphone/index';
import type { RegistrationTimings } from './softphone/registration';
import { createFileSecretStore, type SecretStore } from './secrets/store';
import { AccountSchema } from '../src-shared/ipc/softphone';
import { createTickets, type RecomputeResult } from './tickets/index';
import type { Locale } from '../src-shared/domain/values';

export const APP_VERSION = '0.1.0';
export const DEMO_ROWS = 300;

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
  const outbox = createOutbox(db, now);
  const profiles = createProfilesService({ db, settings, now });
  const repo = createDirectoryRepo(db);
  const directory = createDirectoryService({ repo, profile: profiles.active, now, calendar: RU_CALENDAR });
  const redirects = createRedirectsService({ db, outbox, now, profile: profiles.active, contractNo: (id) => repo.getById(id)?.contractNo ?? null });
  const importer = createDirectoryImporter({ db, log });
  const softphone = createSoftphone({
    db,
    outbox,
    settings,
    secrets: opts.secrets ?? createFileSecretStore({ file: join(opts.dataDir, 'secrets.json'), log }),
    events,
    log,
    now,
    profile: profiles.active,
    directory: {
      contractsByPhone: (e164) => repo.findByPhone(e164).map((c) => c.contractNo),
      contract: (contractNo) => repo.findByContractNo(contractNo),
    },
    notify: opts.notify,
    timings: opts.sipTimings,
  });

  const locale = (): Locale => (settings.get('ui.locale') === 'en' ? 'en' : 'ru');
  const tickets = createTickets({
    db,
    outbox,
    settings,
    events,
    now,
    profile: profiles.active,
    calendar: RU_CALENDAR,
    contract: (contractNo) => repo.findByContractNo(contractNo),
    contractsByPhone: (e164) => repo.findByPhone(e164).map((c) => c.contractNo),
    operator: operatorName(settings),
    locale,
    dataDir: opts.dataDir,
    files,
  });
  let activeProfileJson = JSON.stringify(profiles.active());

  const status = (): Output<'directory:status'> => {
    const c = repo.counts();
    return {
      ...c,
      importedAt: settings.get('directory.imported_at'),
      source: settings.get('directory.source'),
      demo: settings.get('directory.demo') === '1',
      importing: jobs.running(),
    };
  };

  const jobs = createImportJobs({
    importer,
    reportDir,
    log,
    onProgress: (p) => events.emit('directory:importProgress', p),
    onFinished: () => events.emit('directory:changed', status()),
  });

  const coverage = calendarCoverage(RU_CALENDAR);
  const years: number[] = [];
  for (let y = coverage.from; y <= coverage.to; y++) years.push(y);

  const handlers: Handlers = {
    'app:info': () => ({ version: APP_VERSION, dataDir: opts.dataDir, transport: opts.transport, locale: locale(), calendarYears: years }),
    'settings:setLocale': ({ locale: l }) => {
      settings.set('ui.locale', l);
      return { locale: l };
    },
    'profiles:list': () => profiles.list(),
    'profiles:setActive': ({ id }) => emitProfiles(profiles.setActive(id)),
    'profiles:save': ({ profile }) => emitProfiles(profiles.save(profile)),
    'profiles:reset': ({ id }) => emitProfiles(profiles.reset(id)),
    'directory:status': () => status(),
    'directory:import': ({ fileId, skipBadRows, encoding }) => {
      const file = files.get(fileId);
      const { jobId } = jobs.start({ path: file.path, label: file.name, owned: file.owned }, { skipBadRows, encoding });
      // Started (not BUSY): the job owns the file now and removes an upload when it ends.
      files.take(fileId);
      return { jobId };
    },
    'directory:cancelImport': ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    'directory:search': ({ query, limit }) => directory.search(query, limit),
    'directory:get': ({ id }) => directory.get(id),
    'identification:verify': (input) => directory.verify(input),
    'identification:moneyQuestion': (input) => redirects.record(input),
    'identification:redirects': ({ contractId }) => redirects.list(contractId),
    ...createFilesHandlers({ registry: files, pickFile: opts.pickFile, locale }),
    ...softphone.handlers,
    ...tickets.handlers,
  };

  function emitProfiles<T extends Output<'profiles:list'>>(snapshot: T): T {
    events.emit('profiles:changed', snapshot);
    // SLA clocks run on the active profile's schedules: a change there recomputes every open ticket.
    const active = JSON.stringify(profiles.active());
    if (active !== activeProfileJson) {
      activeProfileJson = active;
      const r = tickets.profileChanged();
      log.info({ tickets: r.tickets, changed: r.changed, ms: Math.round(r.ms) }, 'desk profile changed: SLA recomputed');
    }
    return snapshot;
  }

  const ready = (async () => {
    if (!opts.demo || settings.get('directory.imported_at') !== null || repo.counts().contracts > 0) return;
    const file = join(uploadsDir, 'demo-directory.csv');
    await writeDemoDirectory({ rows: DEMO_ROWS, seed: 1, path: file });
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
    tickets: { recomputeSla: tickets.recomputeSla },
    ready,
    resume: () => softphone.resume(),
    close() {
      files.close();
      softphone.dispose();
      db.close();
    },
  };
}

/**
 * The acting operator (R-TKT-ASSIGN): the softphone account's display name (or its SIP user) when
 * one is configured, else settings 'operator.name', else «оператор».
 */
function operatorName(settings: ReturnType<typeof createSettingsRepo>): () => string {
  let cachedRaw: string | null = null;
  let cachedName: string | null = null;
  return () => {
    const raw = settings.get(ACCOUNT_KEY);
    if (raw !== null) {
      if (raw !== cachedRaw) {
        cachedRaw = raw;
        const parsed = AccountSchema.safeParse(safeJson(raw));
        cachedName = parsed.success ? parsed.data.displayName.trim() || parsed.data.authUser : null;
      }
      if (cachedName) return cachedName;
    }
    return settings.get('operator.name')?.trim() || 'оператор';
  };
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (err) {
    // The softphone logs and ignores a broken stored account the same way (softphone/index.ts).
    return { invalid: err instanceof Error ? err.message : String(err) };
  }
}
