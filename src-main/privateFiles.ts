/**
 * Customer data (contracts, phones, call logs, tickets, attachments, import reports, the SIP
 * password) is for the operator's OS user alone: on a shared workstation other local users must
 * not read it. Folders 0700, files 0600, and whatever an older version (or a restored backup, or
 * a umask of 022) left looser is repaired when the host starts. Every writer in the host takes
 * its modes from here.
 */
import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from './log';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
/** Group and other bits: any of them set means someone else can read (or enter) it. */
const OTHERS = 0o077;

// NTFS ACLs of the user profile protect the data folder on Windows; POSIX bits mean little there.
const posix = process.platform !== 'win32';

/** Creates `dir` (and missing parents inside it) 0700, and tightens it if it already existed. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (posix && (statSync(dir).mode & OTHERS) !== 0) chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * Creates an empty file 0600 if it does not exist yet, or tightens an existing one. For files a
 * library creates by itself (SQLite gives its -wal and -shm the database file's mode, so the
 * database file must exist with 0600 before SQLite first opens it).
 */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  if (posix && (statSync(file).mode & OTHERS) !== 0) chmodSync(file, PRIVATE_FILE_MODE);
}

export type RepairResult = { readonly dirs: number; readonly files: number; readonly repaired: readonly string[] };

/**
 * The data folder at start: created 0700 if missing, then every folder in it set to 0700 and
 * every file to 0600 where group or others had any access. Symbolic links are neither followed
 * nor changed (a link to a system file must not make us chmod that file).
 */
export function prepareDataDir(dataDir: string, log: Logger): RepairResult {
  const before = statSync(dataDir, { throwIfNoEntry: false })?.mode;
  ensurePrivateDir(dataDir);
  const repaired: string[] = [];
  if (posix && before !== undefined && (before & OTHERS) !== 0) repaired.push(dataDir);
  let dirs = 0;
  let files = 0;
  if (posix) {
    const walk = (dir: string): void => {
      dirs++;
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isSymbolicLink()) continue;
        if (entry.isDirectory()) {
          if ((lstatSync(path).mode & OTHERS) !== 0) {
            chmodSync(path, PRIVATE_DIR_MODE);
            repaired.push(path);
          }
          walk(path);
        } else if (entry.isFile()) {
          files++;
          if ((lstatSync(path).mode & OTHERS) !== 0) {
            chmodSync(path, PRIVATE_FILE_MODE);
            repaired.push(path);
          }
        }
      }
    };
    walk(dataDir);
  }
  if (repaired.length > 0) {
    log.warn(
      { dataDir, count: repaired.length, examples: repaired.slice(0, 10) },
      'data folder was readable by other users: permissions repaired (folders 0700, files 0600)',
    );
  }
  return { dirs, files, repaired };
}
