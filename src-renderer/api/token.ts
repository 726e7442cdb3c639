/** Browser mode: the per-start secret arrives in the URL fragment (`#token=…`), never in a request line. */
export const TOKEN_STORAGE_KEY = 'console.token';

export function tokenFromHash(hash: string): string | null {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (h === '') return null;
  const t = new URLSearchParams(h).get('token');
  return t !== null && t.trim() !== '' ? t.trim() : null;
}

type TokenEnv = {
  readonly location: { readonly hash: string; readonly pathname: string; readonly search: string };
  readonly history: { replaceState(data: unknown, unused: string, url?: string): void };
  readonly sessionStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void };
};

/**
 * Takes the token from the address bar (then removes it there, so it does not linger in the
 * history, screenshots or a copied link) or from sessionStorage after a reload of the tab.
 */
export function takeToken(env: TokenEnv): string | null {
  const fromHash = tokenFromHash(env.location.hash);
  if (fromHash !== null) {
    env.sessionStorage.setItem(TOKEN_STORAGE_KEY, fromHash);
    env.history.replaceState(null, '', env.location.pathname + env.location.search);
    return fromHash;
  }
  return env.sessionStorage.getItem(TOKEN_STORAGE_KEY);
}

/** What a pasted console link gave: its token, or why it cannot be used in this tab. */
export type PastedLink = { readonly ok: true; readonly token: string } | { readonly ok: false; readonly problem: 'not-a-link' | 'other-console' };

/**
 * A console link the operator pasted (`http://127.0.0.1:PORT/#token=…`, as `npm run web` prints
 * it). Only a link to this page's own origin can be taken in place: the socket goes to this
 * origin, and the host refuses any other `Origin`. A bare `#token=…` counts as this origin's.
 */
export function tokenFromLink(text: string, pageOrigin: string): PastedLink {
  const s = text.trim();
  if (s.startsWith('#')) {
    const t = tokenFromHash(s);
    return t !== null && TOKEN_SHAPE.test(t) ? { ok: true, token: t } : { ok: false, problem: 'not-a-link' };
  }
  let url: URL;
  try {
    url = new URL(s);
  } catch (err) {
    if (err instanceof TypeError) return { ok: false, problem: 'not-a-link' };
    throw err;
  }
  const t = tokenFromHash(url.hash);
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || t === null || !TOKEN_SHAPE.test(t)) return { ok: false, problem: 'not-a-link' };
  return url.origin === pageOrigin ? { ok: true, token: t } : { ok: false, problem: 'other-console' };
}

/** The host's tokens are base64url (src-main/web/server.ts); anything else is not one of them. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,128}$/;

export function isTokenShape(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}

/** Keeps a token taken while the page runs, so a reload of the tab uses it too. */
export function storeToken(storage: TokenEnv['sessionStorage'], token: string): void {
  storage.setItem(TOKEN_STORAGE_KEY, token);
}
