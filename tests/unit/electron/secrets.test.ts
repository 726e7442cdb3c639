/**
 * The Electron secret store with a stand-in safeStorage per backend (Electron cannot run here):
 * it reports 'os-encrypted' only when a real OS keychain holds the key.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createSafeStorageSecretStore, type SafeStorageLike } from '../../../src-main/electron/secrets';
import { useTempDir } from '../../helpers/tmp';

type Backend = ReturnType<SafeStorageLike['getSelectedStorageBackend']>;

/** Reversible but visibly not plain text, like safeStorage's ciphertext. */
function standIn(backend: Backend, available = true): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (s) => Buffer.from(`v10${Buffer.from(s).toString('hex')}`),
    decryptString: (b) => Buffer.from(b.toString().slice(3), 'hex').toString(),
  };
}

function capture(): { log: pino.Logger; text: () => string } {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  });
  return { log: pino({ level: 'info' }, sink), text: () => text };
}

describe('Electron secret store reports how the password is really kept', () => {
  const tmp = useTempDir();
  const PASSWORD = 'Pw-секрет-42';

  for (const backend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'] as const) {
    it(`Linux with ${backend}: os-encrypted, the file holds no plain text`, () => {
      const file = join(tmp(), 'secrets.json');
      const store = createSafeStorageSecretStore({ file, log: pino({ level: 'silent' }), safeStorage: standIn(backend), platform: 'linux' });
      expect(store.protection()).toBe('os-encrypted');
      store.set('softphone.password', PASSWORD);
      expect(readFileSync(file, 'utf8')).not.toContain(PASSWORD);
      expect(store.get('softphone.password')).toBe(PASSWORD);
    });
  }

  it("Linux with basic_text (Chromium's built-in key): 'hardcoded-key', and the log says so once", () => {
    const file = join(tmp(), 'secrets.json');
    const { log, text } = capture();
    const store = createSafeStorageSecretStore({ file, log, safeStorage: standIn('basic_text'), platform: 'linux' });
    expect(store.protection()).toBe('hardcoded-key');
    store.set('softphone.password', PASSWORD);
    store.set('softphone.password', `${PASSWORD}2`);
    expect(text().match(/built-in key/g)).toHaveLength(1);
    expect(text()).not.toContain(PASSWORD);
  });

  it('Linux with an unknown backend is not claimed as encrypted', () => {
    const store = createSafeStorageSecretStore({
      file: join(tmp(), 's.json'),
      log: pino({ level: 'silent' }),
      safeStorage: standIn('unknown'),
      platform: 'linux',
    });
    expect(store.protection()).toBe('hardcoded-key');
  });

  it('macOS and Windows: the OS keychain / DPAPI, os-encrypted', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const store = createSafeStorageSecretStore({ file: join(tmp(), 's.json'), log: pino({ level: 'silent' }), safeStorage: standIn('unknown'), platform });
      expect(store.protection()).toBe('os-encrypted');
    }
  });

  it("no encryption available: 'unavailable', and saving a password is refused with a named error, nothing written", () => {
    const file = join(tmp(), 'secrets.json');
    const store = createSafeStorageSecretStore({ file, log: pino({ level: 'silent' }), safeStorage: standIn('gnome_libsecret', false), platform: 'linux' });
    expect(store.protection()).toBe('unavailable');
    expect(() => store.set('softphone.password', PASSWORD)).toThrow(
      expect.objectContaining({ name: 'SecretStoreError', message: expect.stringMatching(/OS keychain is not available/) }),
    );
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
  });
});
