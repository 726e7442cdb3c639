import { describe, expect, it } from 'vitest';
import { hashPassword, SCRYPT_PARAMS, verifyPassword } from '../../../src-server/auth/password';
import { hashToken, newToken } from '../../../src-server/auth/sessions';
import { SESSION_TOKEN_RE } from '../../../src-shared/server/api';

describe('password hashing (scrypt)', () => {
  it('stores the documented default parameters and a per-user salt with each hash', async () => {
    const [a, b] = await Promise.all([hashPassword('correct horse battery'), hashPassword('correct horse battery')]);
    expect(a).toMatch(new RegExp(`^scrypt\\$${SCRYPT_PARAMS.log2N}\\$${SCRYPT_PARAMS.r}\\$${SCRYPT_PARAMS.p}\\$[A-Za-z0-9_-]{22}\\$[A-Za-z0-9_-]{43}$`));
    expect(a).not.toBe(b); // same password, different salt
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
  });

  it('verifies by the parameters stored with the hash, and never matches a malformed or tampered one', async () => {
    const cheap = await hashPassword('пароль оператора', { log2N: 10, r: 8, p: 1 });
    expect(await verifyPassword('пароль оператора', cheap)).toBe(true);
    // NFC: the same text typed with a combining mark is the same password.
    expect(await verifyPassword('пароль оператора'.normalize('NFD'), cheap)).toBe(true);
    for (const bad of ['', 'plain', cheap.replace('scrypt$10', 'scrypt$30'), cheap.replace('scrypt$10', 'scrypt$4'), `${cheap}x$`, cheap.slice(0, -4)]) {
      expect(await verifyPassword('пароль оператора', bad), bad).toBe(false);
    }
  });
});

describe('session tokens', () => {
  it('are 256 random bits in base64url, and only their SHA-256 is kept', () => {
    const tokens = new Set(Array.from({ length: 1000 }, newToken));
    expect(tokens.size).toBe(1000);
    for (const t of tokens) expect(t).toMatch(SESSION_TOKEN_RE);
    const t = [...tokens][0]!;
    expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(t)).not.toContain(t);
  });
});
