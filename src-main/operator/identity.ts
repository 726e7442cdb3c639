/**
 * The console's local operator (R-TKT-ASSIGN): a stable id created once and kept in settings,
 * and the display name beside it. Tickets are assigned by the id, so «Мои» keeps its tickets
 * when the SIP display name changes; the name is only shown. The id is an opaque string: a desk
 * server (src-server) will hand out its own user ids, which fit the same columns.
 */
import { uuidv7 } from '../../src-shared/ids';
import type { SettingsRepo } from '../settings/repo';

export const OPERATOR_ID_KEY = 'operator.id';
export const OPERATOR_NAME_KEY = 'operator.name';
/** Shown when neither the softphone account nor settings name the operator. */
export const DEFAULT_OPERATOR_NAME = 'оператор';

/** The display name: the softphone account's (display name or SIP user), else settings 'operator.name', else the default. */
export function operatorDisplayName(accountName: string | null, settings: SettingsRepo): string {
  return accountName?.trim() || settings.get(OPERATOR_NAME_KEY)?.trim() || DEFAULT_OPERATOR_NAME;
}

/** The stored local operator id, created on first use (also by migration 0076 for existing data). */
export function ensureOperatorId(settings: SettingsRepo, newId: () => string = () => uuidv7()): string {
  const stored = settings.get(OPERATOR_ID_KEY)?.trim();
  if (stored) return stored;
  const id = newId();
  settings.set(OPERATOR_ID_KEY, id);
  return id;
}

export type OperatorIdentity = {
  readonly id: () => string;
  readonly name: () => string;
};

export function createOperatorIdentity(deps: { settings: SettingsRepo; accountName: () => string | null }): OperatorIdentity {
  const id = ensureOperatorId(deps.settings);
  return { id: () => id, name: () => operatorDisplayName(deps.accountName(), deps.settings) };
}
