/**
 * The host's mutation plumbing, built once per database (README.md here): the SQLite store, the
 * context a mutator runs with, and runMutation (one transaction: apply + outbox row). The call
 * log, the redirects and the tickets all write through the runMutation made here.
 */
import type { Locale } from '../../src-shared/domain/values';
import type { DeskProfile } from '../../src-shared/domain/deskProfile';
import type { EligibilityInput } from '../../src-shared/domain/eligibility';
import { trimOrNull } from '../../src-shared/mutators/common';
import type { ContractInfo, MutationContext } from '../../src-shared/mutators/index';
import type { ProductionCalendar } from '../../src-shared/worktime/calendar';
import type { Db } from '../db/open';
import type { OperatorIdentity } from '../operator/identity';
import type { SettingsRepo } from '../settings/repo';
import { createSlaCache, type SlaCache } from '../sla/cache';
import type { Outbox } from './outbox';
import { createMutationRunner } from './runner';
import { createSqliteMutationStore } from './sqliteStore';

/** The directory's contract; its balance and status (when given) feed the verdict check (src-shared/mutators/verdict.ts). */
export type ContractLookup = (contractNo: string) => (Omit<ContractInfo, 'standing'> & Partial<EligibilityInput> & { readonly contractNo: string }) | null;

export type MutationsDeps = {
  db: Db;
  outbox: Outbox;
  settings: SettingsRepo;
  now: () => Date;
  profile: () => DeskProfile;
  calendar: ProductionCalendar;
  /** The directory's contract by canonical number. */
  contract: ContractLookup;
  /** The acting operator (ctx.actorId, ctx.actor): src-main/operator/identity.ts. */
  operator: OperatorIdentity;
  locale: () => Locale;
  /** Seat code randomness (tests pin it). */
  random?: () => number;
  /** The host's SLA cache (shared with the SLA service); tests may leave it out. */
  sla?: SlaCache;
  /** After a mutation's transaction committed with an outbox row (src-main/sync pushes it). */
  onCommit?: () => void;
};

export function createMutations(deps: MutationsDeps) {
  const { db } = deps;
  const sla = deps.sla ?? createSlaCache({ profile: deps.profile, calendar: deps.calendar });
  const store = createSqliteMutationStore({ db, settings: deps.settings, sla, random: deps.random });

  const contract = (no: string): ContractInfo | null => {
    const c = deps.contract(no);
    if (!c) return null;
    const standing: EligibilityInput | undefined =
      c.status === undefined
        ? undefined
        : { balanceKopecks: c.balanceKopecks ?? null, balanceAt: c.balanceAt ?? null, debtSince: c.debtSince ?? null, status: c.status };
    return { holderName: c.holderName, tariff: trimOrNull(c.tariff), address: c.address, phones: c.phones, ...(standing ? { standing } : {}) };
  };

  const context = (at: number, mutationId: string): MutationContext => ({
    now: at,
    actor: deps.operator.name(),
    actorId: deps.operator.id(),
    mutationId,
    profile: sla.profile(),
    calendar: deps.calendar,
    locale: deps.locale(),
    contract,
    workingTime: sla.workingTime,
  });

  const runMutation = createMutationRunner({ db, outbox: deps.outbox, store, now: deps.now, context, onCommit: deps.onCommit });
  return { sla, store, context, runMutation };
}
export type { RunMutation } from './runner';
