/**
 * The server's data folder holds password hashes and session hashes: folders 0700, files 0600,
 * repaired whenever the storage opens or closes (PGlite writes its files 0666 minus the umask).
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
const OTHERS = 0o077;
const posix = process.platform !== 'win32';

/** Creates `dir` 0700 if missing and tightens every folder and file under it; symbolic links are left alone. */
export function ensurePrivateTree(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (!posix) return;
  const walk = (path: string, isDir: boolean): void => {
    const mode = lstatSync(path).mode;
    if ((mode & OTHERS) !== 0) chmodSync(path, isDir ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE);
    if (!isDir) return;
    for (const e of readdirSync(path, { withFileTypes: true })) {
      if (e.isSymbolicLink()) continue;
      if (e.isDirectory() || e.isFile()) walk(join(path, e.name), e.isDirectory());
    }
  };
  walk(dir, true);
}
