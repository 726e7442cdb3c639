/**
 * The Electron secret store: safeStorage encrypts with the OS keychain (Keychain, DPAPI,
 * libsecret/kwallet) and the file keeps base64 ciphertext, still with mode 0600.
 */
import type { SafeStorage } from 'electron';
import { createFileSecretStore, SecretStoreError, type SecretStore } from '../secrets/store';
import type { Logger } from '../log';

export function createSafeStorageSecretStore(opts: { file: string; log: Logger; safeStorage: SafeStorage }): SecretStore {
  const { safeStorage } = opts;
  return createFileSecretStore({
    file: opts.file,
    log: opts.log,
    codec: {
      encode(plain) {
        if (!safeStorage.isEncryptionAvailable()) throw new SecretStoreError('the OS keychain is not available: the password cannot be stored encrypted');
        return safeStorage.encryptString(plain).toString('base64');
      },
      decode: (stored) => safeStorage.decryptString(Buffer.from(stored, 'base64')),
    },
  });
}
