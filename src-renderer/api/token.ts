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
