/**
 * The verdict travels (issue 11, item 2): what the operator saw on the caller card — the
 * verification (R-ID-CONTRACT, R-ID-STAFF) and the eligibility verdict (R-BAL-POSITIVE,
 * R-BAL-SUSPEND / R-DEBT-STOP) — decides whether a ticket or a visit for the contract may be made,
 * and with what. Pure: the mutators (host now, desk server later) and the renderer's form use the
 * same checks, so the form says beforehand what the host will demand.
 */
import { z } from 'zod';
import type { EligibilityReason } from './eligibility';
import type { Locale } from './values';

/** A check that failed, in the order the operator reads them. */
export const VERDICT_CHECKS = ['unverified', 'not-staff', 'contract-closed', 'contract-suspended', 'balance-not-positive', 'debt-suspended'] as const;
export type VerdictCheck = (typeof VERDICT_CHECKS)[number];
export const VerdictCheckSchema = z.enum(VERDICT_CHECKS);

/** Desk profile: what a ticket or a visit for a contract that failed a check needs. */
export const VERDICT_POLICIES = ['reason', 'refuse'] as const;
export type VerdictPolicy = (typeof VERDICT_POLICIES)[number];

export type VerdictInput = Readonly<{
  /** Verification is known only on a call: the call's contract and its result (R-ID-CONTRACT). */
  onCall: boolean;
  verified: boolean;
  /** R-ID-STAFF: null when the desk does not ask (or it was not asked yet). */
  callerStaff: boolean | null;
  staffOnly: boolean;
  /** The card's verdict (its reasons are enough); null when the directory has no such contract. */
  eligibility: { readonly reasons: readonly { readonly code: string }[] } | null;
}>;

export type VerdictOutcome = Readonly<{
  checks: readonly VerdictCheck[];
  /** What the host does: nothing to ask, ask for a reason, or refuse (the desk, or R-ID-STAFF). */
  demand: 'none' | 'reason' | 'refuse';
}>;

const BLOCKING: ReadonlySet<string> = new Set<EligibilityReason['code']>(['contract-closed', 'contract-suspended', 'balance-not-positive', 'debt-suspended']);

/** R-ID-STAFF: a staff-only desk verifies only a caller who said they are the customer's own staff. */
export function staffVerified(verified: boolean, staffOnly: boolean, callerStaff: boolean | null): boolean {
  return verified && (!staffOnly || callerStaff === true);
}

export function verdictChecks(v: VerdictInput): VerdictCheck[] {
  const out: VerdictCheck[] = [];
  if (v.onCall && !v.verified) out.push('unverified');
  // R-ID-STAFF: the desk supports only the customer's own staff, not its partners.
  if (v.onCall && v.staffOnly && v.callerStaff === false) out.push('not-staff');
  for (const r of v.eligibility?.reasons ?? []) {
    // These codes are block-level by definition (eligibility.ts); the wire form may omit the level.
    if (BLOCKING.has(r.code)) out.push(r.code as VerdictCheck);
  }
  return VERDICT_CHECKS.filter((c) => out.includes(c));
}

/** What the desk demands for these failed checks; a partner of a staff-only desk is always refused (R-ID-STAFF). */
export function verdictDemand(checks: readonly VerdictCheck[], policy: VerdictPolicy): VerdictOutcome['demand'] {
  if (checks.length === 0) return 'none';
  if (checks.includes('not-staff')) return 'refuse';
  return policy === 'refuse' ? 'refuse' : 'reason';
}

const TEXT: Readonly<Record<Locale, Readonly<Record<VerdictCheck, string>>>> = {
  ru: {
    unverified: 'договор не проверен (номер договора и фамилия владельца не подтверждены)',
    'not-staff': 'звонит не сотрудник клиента: поддержка только для сотрудников клиента',
    'contract-closed': 'договор расторгнут',
    'contract-suspended': 'обслуживание по договору приостановлено',
    'balance-not-positive': 'баланс не положительный',
    'debt-suspended': 'долг старше допустимого: обслуживание приостановлено',
  },
  en: {
    unverified: 'the contract is not verified (contract number and holder surname not confirmed)',
    'not-staff': "the caller is not the customer's staff: support is for the customer's own staff only",
    'contract-closed': 'the contract is closed',
    'contract-suspended': 'service under the contract is suspended',
    'balance-not-positive': 'the balance is not positive',
    'debt-suspended': 'the debt is older than allowed: service is suspended',
  },
};

export function checkText(check: VerdictCheck, locale: Locale): string {
  return TEXT[locale][check];
}

/** The host's refusal, in the operator's language, naming every failed check. */
export function verdictRefusal(checks: readonly VerdictCheck[], demand: 'reason' | 'refuse', locale: Locale): string {
  const list = checks.map((c) => checkText(c, locale)).join('; ');
  if (locale === 'en') {
    return demand === 'refuse' ? `Refused for this contract: ${list}.` : `A reason is required: ${list}. Type why the request is made anyway.`;
  }
  return demand === 'refuse' ? `Для этого договора не оформляется: ${list}.` : `Нужна причина: ${list}. Укажите, почему заявка всё же оформляется.`;
}
