/**
 * What the tickets handlers share: the SQLite store and runner, the SLA cache, the read repo and
 * views, and `write(name, args)` = runMutation + `tickets:changed`. Built once by createTickets.
 */
import type { DeskProfile } from '../../src-shared/domain/deskProfile';
import { trimOrNull } from '../../src-shared/mutators/common';
import type { ContractInfo, MutationArgs, MutationContext, MutationResult, MutatorName } from '../../src-shared/mutators/index';
import type { ProductionCalendar } from '../../src-shared/worktime/calendar';
import type { Db } from '../db/open';
import type { Outbox } from '../db/outbox';
import type { FileRegistry } from '../files/registry';
import type { EventBus } from '../ipc/events';
import type { SettingsRepo } from '../settings/repo';
import { createAttachmentFiles } from './attachments';
import { createTicketsRepo } from './repo';
import { createMutationRunner } from './runner';
import { createSlaCache, createSlaRecompute } from './sla';
import { createSqliteMutationStore } from './store';
import { createTicketViews } from './views';
import type { Locale } from '../../src-shared/domain/values';

export type ContractLookup = (contractNo: string) => (ContractInfo & { readonly contractNo: string }) | null;

export type TicketsDeps = {
  db: Db;
  outbox: Outbox;
  settings: SettingsRepo;
  events: EventBus;
  now: () => Date;
  profile: () => DeskProfile;
  calendar: ProductionCalendar;
  /** The directory's contract by canonical number. */
  contract: ContractLookup;
  /** Contract numbers on an E.164 phone (R-ID-PHONE; several on a shared phone). */
  contractsByPhone?: (e164: string) => readonly string[];
  /** The acting operator (R-TKT-ASSIGN, the "mine" view). */
  operator: () => string;
  locale: () => Locale;
  dataDir: string;
  /** File handles (src-main/files): an attachment names one, never a path. */
  files: Pick<FileRegistry, 'take' | 'discard'>;
  /** Seat code randomness (tests pin it). */
  random?: () => number;
};

export function createTicketsKit(deps: TicketsDeps) {
  const { db, events } = deps;
  const sla = createSlaCache({ profile: deps.profile, calendar: deps.calendar });
  const store = createSqliteMutationStore({ db, settings: deps.settings, sla, random: deps.random });
  const repo = createTicketsRepo(db);
  const views = createTicketViews({ repo, sla, locale: deps.locale });
  const nowMs = () => deps.now().getTime();

  const contract = (no: string): ContractInfo | null => {
    const c = deps.contract(no);
    return c ? { holderName: c.holderName, tariff: trimOrNull(c.tariff), address: c.address, phones: c.phones } : null;
  };

  const context = (at: number, mutationId: string): MutationContext => ({
    now: at,
    actor: deps.operator(),
    mutationId,
    profile: sla.profile(),
    calendar: deps.calendar,
    locale: deps.locale(),
    contract,
    workingTime: sla.workingTime,
  });

  const runMutation = createMutationRunner({ db, outbox: deps.outbox, store, now: deps.now, context });

  function emitChanged(ids: readonly string[]): void {
    if (ids.length === 0) return;
    events.emit('tickets:changed', { ids: [...new Set(ids)], at: deps.now().toISOString() });
  }

  /** Runs the mutation and tells the renderer which tickets changed. */
  function write<N extends MutatorName>(name: N, args: MutationArgs<N>): MutationResult<N> {
    const { result, mutationId } = runMutation(name, args);
    if (mutationId !== null) emitChanged((result as { touched: readonly string[] }).touched);
    return result;
  }

  return {
    db,
    deps,
    sla,
    store,
    repo,
    views,
    nowMs,
    operator: deps.operator,
    contract: deps.contract,
    context,
    runMutation,
    write,
    emitChanged,
    files: createAttachmentFiles({ dataDir: deps.dataDir, registry: deps.files }),
    recompute: createSlaRecompute(db, sla),
  };
}
export type TicketsKit = ReturnType<typeof createTicketsKit>;
