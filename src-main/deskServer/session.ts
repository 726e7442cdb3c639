/**
 * The console's sign-in to the desk server («Настройки → Сервер»). The host talks to the server
 * with the shared API schemas (src-shared/server/api.ts); the session token goes to the secrets
 * store like the SIP password (Electron: safeStorage; browser mode: a 0600 file) and never crosses
 * the contract. The sync client of issue 12 will read it from here.
 */
import { AppError } from '../../src-shared/ipc/envelope';
import type { ServerStatus } from '../../src-shared/ipc/server';
import { API_PREFIX, ServerErrorSchema, SignInResponseSchema, type User } from '../../src-shared/server/api';
import type { Logger } from '../log';
import type { SecretStore } from '../secrets/fileSecretStore';
import type { SettingsRepo } from '../settings/repo';

export const TOKEN_SECRET = 'deskServer.token';
const URL_KEY = 'deskServer.url';
const LOGIN_KEY = 'deskServer.login';
const USER_KEY = 'deskServer.user';
const TIMEOUT_MS = 10_000;

export function createDeskServerSession(deps: Readonly<{ settings: SettingsRepo; secrets: SecretStore; log: Logger }>) {
  const { settings, secrets, log } = deps;

  function storedUser(): ServerStatus['user'] {
    const raw = settings.get(USER_KEY);
    if (!raw) return null;
    try {
      const u = JSON.parse(raw) as { displayName?: unknown; role?: unknown };
      return typeof u.displayName === 'string' && typeof u.role === 'string' ? ({ displayName: u.displayName, role: u.role } as ServerStatus['user']) : null;
    } catch (err) {
      log.warn({ err }, 'stored desk-server user is not JSON; ignored');
      return null;
    }
  }

  function status(): ServerStatus {
    const signedIn = secrets.get(TOKEN_SECRET) !== null;
    return { url: settings.get(URL_KEY), login: settings.get(LOGIN_KEY), user: signedIn ? storedUser() : null, signedIn, tokenStorage: secrets.protection() };
  }

  async function request(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'error' });
    } catch (err) {
      log.warn({ err, url }, 'desk server unreachable');
      throw new AppError('OFFLINE', `the desk server at ${new URL(url).origin} does not answer`);
    }
  }

  /** The server's error answer as a contract error (its code kept in the message for the log). */
  async function refused(res: Response): Promise<never> {
    const body = ServerErrorSchema.safeParse(await res.json().catch(() => null));
    const message = body.success ? body.data.error.message : `HTTP ${res.status}`;
    if (res.status === 401) throw new AppError('UNAUTHORIZED', message);
    if (res.status === 429) throw new AppError('BUSY', message);
    if (res.status === 400) throw new AppError('VALIDATION', message);
    throw new AppError('OFFLINE', `the desk server answered ${res.status}: ${message}`);
  }

  /** Best effort: the server's copy expires by itself (idle 12 h) when it cannot be reached. */
  async function revoke(url: string, token: string): Promise<void> {
    await request(`${url}${API_PREFIX}/session`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } }).then(
      (res) => (res.ok ? undefined : log.warn({ status: res.status }, 'desk server did not revoke the session')),
      (err: unknown) => log.warn({ err }, 'desk server away at sign-out; its session expires by itself'),
    );
  }

  return {
    status,
    /** What the sync client needs to talk to the server (src-main/sync): null when not signed in. */
    credentials(): { readonly url: string; readonly token: string } | null {
      const token = secrets.get(TOKEN_SECRET);
      const url = settings.get(URL_KEY);
      return token !== null && url !== null ? { url, token } : null;
    },
    /**
     * `admit` sees the user before the token is kept (src-main/sync/owner.ts: a console holding
     * another user's unsent changes refuses); when it throws, the session just opened is closed.
     */
    async signIn(input: Readonly<{ url: string; login: string; password: string }>, admit?: (user: User) => void | Promise<void>): Promise<ServerStatus> {
      const res = await request(`${input.url}${API_PREFIX}/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: input.login, password: input.password }),
      });
      if (res.status !== 201) return refused(res);
      const parsed = SignInResponseSchema.safeParse(await res.json().catch(() => null));
      if (!parsed.success) throw new AppError('OFFLINE', 'the desk server gave an answer this console does not understand (another version?)');
      const user: User = parsed.data.user;
      if (admit) {
        try {
          await admit(user);
        } catch (err) {
          await revoke(input.url, parsed.data.token);
          throw err;
        }
      }
      secrets.set(TOKEN_SECRET, parsed.data.token);
      settings.set(URL_KEY, input.url);
      settings.set(LOGIN_KEY, user.login);
      settings.set(USER_KEY, JSON.stringify({ displayName: user.displayName, role: user.role }));
      log.info({ url: input.url, login: user.login, role: user.role }, 'signed in to the desk server');
      return status();
    },
    /** The server already ended the session (live `bye`): only the local token goes, nothing is sent. */
    forget(): void {
      secrets.set(TOKEN_SECRET, null);
      log.info('desk server ended the session; token forgotten');
    },
    async signOut(): Promise<ServerStatus> {
      const token = secrets.get(TOKEN_SECRET);
      const url = settings.get(URL_KEY);
      // The local token goes first: signing out must work with the server away, and the server's
      // copy expires by itself (idle 12 h).
      secrets.set(TOKEN_SECRET, null);
      if (token && url) await revoke(url, token);
      return status();
    },
  };
}
export type DeskServerSession = ReturnType<typeof createDeskServerSession>;
