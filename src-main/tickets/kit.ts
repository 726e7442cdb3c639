/**
 * What the tickets handlers share: the SQLite store and runner, the SLA cache, the read repo and
 * views, and `write(name, args)` = runMutation + `tickets:changed`. Built once by createTickets.
 */
import type { DeskProfile } from '../../src-shared/domain/deskProfile';
import type { MutationArgs, MutationResult, MutatorName } from '../../src-shared/mutators/index';
import type { ProductionCalendar } from '../../src-shared/worktime/calendar';
import type { Db } from '../db/open';
import type { Outbox } from '../mutations/outbox';
import type { FileRegistry } from '../files/registry';
import type { EventBus } from '../ipc/events';
import type { SettingsRepo } from '../settings/repo';
import { createAttachmentFiles } from './attachments';
import { createMutations, type ContractLookup, type Mutations } from '../mutations/index';
import { createTicketsRepo } from './repo';
import { createSlaRecompute } from './sla';
import { createTicketViews } from './views';

export type { ContractLookup } from '../mutations/index';

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
  locale: () => 'ru' | 'en';
  dataDir: string;
  /** File handles (src-main/files): an attachment names one, never a path. */
  files: Pick<FileRegistry, 'take' | 'discard'>;
  /** Seat code randomness (tests pin it). */
  random?: () => number;
  /** The host's mutation plumbing (shared with the call log); built here when absent (tests, tools). */
  mutations?: Mutations;
};

export function createTicketsKit(deps: TicketsDeps) {
  const { db, events } = deps;
  const { sla, store, context, runMutation } = deps.mutations ?? createMutations(deps);
  const repo = createTicketsRepo(db);
  const views = createTicketViews({ repo, sla, locale: deps.locale });
  const nowMs = () => deps.now().getTime();

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
