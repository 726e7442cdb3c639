/**
 * Where the SIP password lives: never in settings, the database or a log line. The host gets a
 * `SecretStore`; Electron passes one backed by safeStorage (src-main/electron/secrets.ts: the OS
 * keychain / DPAPI / libsecret encrypts, the file holds base64 ciphertext); browser mode uses
 * `<dataDir>/secrets.json`, a file only the user can read (mode 0600, checked and repaired on
 * every open). Both keep one small JSON object `{ key: encoded value }`.
 */
import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import type { SecretProtection } from '../../src-shared/ipc/softphone';
import type { Logger } from '../log';
import { PRIVATE_FILE_MODE } from '../privateFiles';

export type SecretStore = {
  /** How values are kept at rest, asked each time: the OS keychain can come and go. */
  protection(): SecretProtection;
  get(key: string): string | null;
  /** `null` deletes the secret. */
  set(key: string, value: string | null): void;
};

/** How a value is stored in the file: plain (browser mode, file permissions protect it) or encrypted. */
export type SecretCodec = { protection(): SecretProtection; encode(plain: string): string; decode(stored: string): string };
const PLAIN: SecretCodec = { protection: () => 'user-only-file', encode: (s) => s, decode: (s) => s };

export class SecretStoreError extends Error {
  override readonly name = 'SecretStoreError';
}

export const SECRET_FILE_MODE = PRIVATE_FILE_MODE;

export function createFileSecretStore(opts: { file: string; log: Logger; codec?: SecretCodec }): SecretStore {
  const { file, log } = opts;
  const codec = opts.codec ?? PLAIN;
  let cache: Record<string, string> | null = null;

  function load(): Record<string, string> {
    if (cache) return cache;
    if (!existsSync(file)) return (cache = {});
    ensurePrivate(file, log);
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SecretStoreError(`${file} is not a JSON object`);
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') out[k] = v;
    return (cache = out);
  }

  function save(next: Record<string, string>): void {
    // Written to a private temp file and renamed over: the secret is never world-readable,
    // not even for the moment between create and chmod.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(next), { mode: SECRET_FILE_MODE });
    chmodSync(tmp, SECRET_FILE_MODE); // the umask may have removed bits, never added: be explicit
    renameSync(tmp, file);
    cache = next;
  }

  return {
    protection: () => codec.protection(),
    get(key) {
      const v = load()[key];
      return v === undefined ? null : codec.decode(v);
    },
    set(key, value) {
      const next = { ...load() };
      if (value === null) delete next[key];
      else next[key] = codec.encode(value);
      save(next);
    },
  };
}

/** Repairs group/other permissions on an existing secrets file (copied, restored from backup…). */
function ensurePrivate(file: string, log: Logger): void {
  if (process.platform === 'win32') return; // NTFS ACLs of the user profile protect it there
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    log.warn({ file, mode: mode.toString(8) }, 'secrets file was readable by others; permissions repaired to 0600');
    chmodSync(file, SECRET_FILE_MODE);
  }
}
