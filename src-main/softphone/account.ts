/**
 * The SIP account at rest: the account as JSON in settings, its password in the secret store
 * (never in settings, the database or a log). One copy in memory, read once at start, so the
 * softphone, the call log and the tickets' acting operator (R-TKT-ASSIGN) see the same account.
 */
import { AccountSchema, type Account } from '../../src-shared/ipc/softphone';
import type { Logger } from '../log';
import type { SecretStore } from '../secrets/fileSecretStore';
import type { SettingsRepo } from '../settings/repo';

export const ACCOUNT_KEY = 'softphone.account';
export const PASSWORD_SECRET = 'softphone.password';

/**
 * A stored account that is not JSON or fails its schema (written by an older build, edited by
 * hand, a torn file copy) is ignored with a warning: the console starts «не настроен» and the
 * operator saves the account again. It must never stop the host from starting.
 */
function loadAccount(settings: SettingsRepo, log: Logger): Account | null {
  const raw = settings.get(ACCOUNT_KEY);
  if (raw === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    log.warn({ err: err instanceof Error ? err.message : String(err) }, 'stored softphone account is not JSON; ignoring it');
    return null;
  }
  const parsed = AccountSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  log.warn({ issues: parsed.error.issues.length }, 'stored softphone account is invalid; ignoring it');
  return null;
}

/** The operator an account names (display name, else SIP auth user); null without an account. */
export function accountOperatorName(account: Account | null): string | null {
  return account ? account.displayName.trim() || account.authUser : null;
}

export function createSoftphoneAccount(deps: { settings: SettingsRepo; secrets: SecretStore; log: Logger }) {
  const { settings, secrets } = deps;
  let account = loadAccount(settings, deps.log);

  return {
    current: (): Account | null => account,
    password: (): string | null => secrets.get(PASSWORD_SECRET),
    hasPassword: (): boolean => secrets.get(PASSWORD_SECRET) !== null,
    protection: () => secrets.protection(),
    /** `password`: null keeps the stored one, '' removes it (softphone/README.md). */
    save(next: Account, password: string | null): void {
      if (password !== null) secrets.set(PASSWORD_SECRET, password === '' ? null : password);
      settings.set(ACCOUNT_KEY, JSON.stringify(next));
      account = next;
    },
    /** The operator this account names (display name, else SIP auth user); null without an account. */
    operatorName: (): string | null => accountOperatorName(account),
  };
}
export type SoftphoneAccount = ReturnType<typeof createSoftphoneAccount>;
