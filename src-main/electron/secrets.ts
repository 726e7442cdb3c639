/**
 * The Electron secret store: safeStorage encrypts (Keychain on macOS, DPAPI on Windows,
 * libsecret/KWallet on Linux) and the file keeps base64 ciphertext, still with mode 0600. It says
 * truthfully how well: on Linux without a keyring Chromium falls back to `basic_text`, a key
 * built into every copy of Chromium, which protects nothing; that is reported as 'hardcoded-key',
 * never as encrypted.
 */
import type { SafeStorage } from 'electron';
import type { SecretProtection } from '../../src-shared/ipc/softphone';
import { createFileSecretStore, SecretStoreError, type SecretStore } from '../secrets/fileSecretStore';
import type { Logger } from '../log';

export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>;

/** Linux keyrings whose key is held by the OS user's session, not by the program. */
const LINUX_KEYRINGS = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

export function safeStorageProtection(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): SecretProtection {
  if (!safeStorage.isEncryptionAvailable()) return 'unavailable';
  // getSelectedStorageBackend is Linux-only; macOS and Windows always use the OS keychain / DPAPI.
  if (platform !== 'linux') return 'os-encrypted';
  return LINUX_KEYRINGS.has(safeStorage.getSelectedStorageBackend()) ? 'os-encrypted' : 'hardcoded-key';
}

export function createSafeStorageSecretStore(opts: { file: string; log: Logger; safeStorage: SafeStorageLike; platform?: NodeJS.Platform }): SecretStore {
  const { safeStorage } = opts;
  const protection = (): SecretProtection => safeStorageProtection(safeStorage, opts.platform);
  let warned = false;
  return createFileSecretStore({
    file: opts.file,
    log: opts.log,
    codec: {
      protection,
      encode(plain) {
        const p = protection();
        if (p === 'unavailable') throw new SecretStoreError('the OS keychain is not available: the password cannot be stored encrypted');
        if (p === 'hardcoded-key' && !warned) {
          warned = true;
          opts.log.warn(
            { backend: safeStorage.getSelectedStorageBackend() },
            'no OS keyring: the SIP password is stored with a built-in key, readable by anyone who can read the file',
          );
        }
        return safeStorage.encryptString(plain).toString('base64');
      },
      decode: (stored) => safeStorage.decryptString(Buffer.from(stored, 'base64')),
    },
  });
}
