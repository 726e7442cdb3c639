/**
 * R-PAID-SCOPE: some requests are outside the tariff (marketing, discounts, access rights) and go
 * by e-mail as paid work (seed 000). Pure. The rule applies where the desk profile has the
 * «платная услуга — по почте» outcome among its wrap-up codes; the address is the one the desk's
 * redirect line names (the profile keeps money and paid requests in one place, moneyRedirect).
 */
import type { DeskProfile } from './deskProfile';

/** The kinds of out-of-tariff request the seed names, plus anything else the operator judges so. */
export const PAID_SCOPE_TOPICS = ['marketing', 'discounts', 'access-rights', 'other'] as const;
export type PaidScopeTopic = (typeof PAID_SCOPE_TOPICS)[number];

/** The wrap-up outcome that marks a call as sent to paid work by e-mail. */
export const PAID_SCOPE_CODE = 'paid-request-email';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

export type PaidScopeRoute = {
  /** Where the customer writes; null when the desk's redirect line names no address. */
  readonly email: string | null;
  /** The desk's own redirect line, shown as is. */
  readonly label: string;
};

/** The desk's route for out-of-tariff requests, or null when this desk has no such rule. */
export function paidScopeRoute(p: Pick<DeskProfile, 'wrapUpCodes' | 'moneyRedirect'> | null): PaidScopeRoute | null {
  if (p === null || !p.wrapUpCodes.includes(PAID_SCOPE_CODE)) return null;
  return { email: EMAIL.exec(p.moneyRedirect.label)?.[0] ?? null, label: p.moneyRedirect.label };
}
