import { chmodSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileSecretStore, SECRET_FILE_MODE } from '../../../src-main/secrets/fileSecretStore';
import { createLogger } from '../../../src-main/log';
import { useTempDir } from '../../helpers/tmp';

const modeOf = (f: string) => statSync(f).mode & 0o777;

describe('secret store: browser mode keeps the SIP password in a file only the user can read', () => {
  const tmp = useTempDir();

  it('creates secrets.json with mode 0600 and reads the value back in a new store', () => {
    const file = join(tmp(), 'secrets.json');
    const store = createFileSecretStore({ file, log: createLogger('test') });
    expect(store.get('softphone.password')).toBeNull();
    expect(existsSync(file)).toBe(false); // nothing written until something is stored
    store.set('softphone.password', 'S3cret-пароль');
    expect(modeOf(file)).toBe(SECRET_FILE_MODE);
    expect(createFileSecretStore({ file, log: createLogger('test') }).get('softphone.password')).toBe('S3cret-пароль');
    store.set('softphone.password', null);
    expect(createFileSecretStore({ file, log: createLogger('test') }).get('softphone.password')).toBeNull();
    expect(modeOf(file)).toBe(SECRET_FILE_MODE);
  });

  it("says what it is: a file only this user can read, not encryption ('user-only-file')", () => {
    expect(createFileSecretStore({ file: join(tmp(), 'secrets.json'), log: createLogger('test') }).protection()).toBe('user-only-file');
  });

  it('repairs a secrets file readable by others when it is opened', () => {
    const file = join(tmp(), 'secrets.json');
    writeFileSync(file, JSON.stringify({ 'softphone.password': 'x' }));
    chmodSync(file, 0o644);
    const store = createFileSecretStore({ file, log: createLogger('test') });
    expect(store.get('softphone.password')).toBe('x');
    expect(modeOf(file)).toBe(0o600);
  });

  it('stores what the codec makes of the value (Electron: safeStorage ciphertext)', () => {
    const file = join(tmp(), 'secrets.json');
    const codec = {
      protection: () => 'os-encrypted' as const,
      encode: (s: string) => Buffer.from(s).toString('base64'),
      decode: (s: string) => Buffer.from(s, 'base64').toString(),
    };
    createFileSecretStore({ file, log: createLogger('test'), codec }).set('k', 'plain-text-password');
    expect(readFileSync(file, 'utf8')).not.toContain('plain-text-password');
    expect(createFileSecretStore({ file, log: createLogger('test'), codec }).get('k')).toBe('plain-text-password');
  });

  it('refuses a corrupt file with a named error instead of losing it', () => {
    const file = join(tmp(), 'secrets.json');
    writeFileSync(file, '[1,2]', { mode: 0o600 });
    expect(() => createFileSecretStore({ file, log: createLogger('test') }).get('k')).toThrow(/not a JSON object/);
  });
});
