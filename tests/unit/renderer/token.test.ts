import { describe, expect, it } from 'vitest';
import { takeToken, tokenFromHash, tokenFromLink, TOKEN_STORAGE_KEY } from '../../../src-renderer/api/token';

function env(hash: string, stored: string | null = null) {
  const storage = new Map<string, string>(stored === null ? [] : [[TOKEN_STORAGE_KEY, stored]]);
  const replaced: string[] = [];
  return {
    replaced,
    storage,
    location: { hash, pathname: '/', search: '' },
    history: { replaceState: (_d: unknown, _u: string, url?: string) => void replaced.push(url ?? '') },
    sessionStorage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) },
  };
}

describe('browser-mode token', () => {
  it('reads the token from the fragment', () => {
    expect(tokenFromHash('#token=abc_DEF-123')).toBe('abc_DEF-123');
    expect(tokenFromHash('token=x')).toBe('x');
    expect(tokenFromHash('#other=1&token=t')).toBe('t');
    expect(tokenFromHash('')).toBeNull();
    expect(tokenFromHash('#token=')).toBeNull();
  });
  it('keeps it in sessionStorage and removes it from the address bar', () => {
    const e = env('#token=secret');
    expect(takeToken(e)).toBe('secret');
    expect(e.storage.get(TOKEN_STORAGE_KEY)).toBe('secret');
    expect(e.replaced).toEqual(['/']);
  });
  it('after a reload (no fragment) uses the stored token; without either there is none', () => {
    const e = env('', 'stored');
    expect(takeToken(e)).toBe('stored');
    expect(e.replaced).toEqual([]);
    expect(takeToken(env(''))).toBeNull();
  });
  it('a new link wins over an old stored token', () => {
    expect(takeToken(env('#token=new', 'old'))).toBe('new');
  });
  it("a pasted link of a restarted host gives its token only for this page's own origin", () => {
    const page = 'http://127.0.0.1:4100';
    const token = 'Ab_-'.repeat(11);
    expect(tokenFromLink(`  http://127.0.0.1:4100/#token=${token}\n`, page)).toEqual({ ok: true, token });
    expect(tokenFromLink(`#token=${token}`, page)).toEqual({ ok: true, token });
    // Another port is another console (and the host would refuse this page's Origin).
    expect(tokenFromLink(`http://127.0.0.1:4101/#token=${token}`, page)).toEqual({ ok: false, problem: 'other-console' });
    for (const bad of [
      '',
      'привет',
      'http://127.0.0.1:4100/',
      `javascript:alert(1)#token=${token}`,
      'http://127.0.0.1:4100/#token=short',
      `http://127.0.0.1:4100/#token=${token}%3Cscript`,
    ])
      expect(tokenFromLink(bad, page), bad).toEqual({ ok: false, problem: 'not-a-link' });
  });
});
