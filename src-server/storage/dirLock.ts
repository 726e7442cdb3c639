/**
 * One process per embedded data folder. PGlite has no postmaster.pid of its own: two server
 * processes on one folder would both write the same PostgreSQL files and corrupt them. The lock
 * is a file created exclusively with the owner's PID; a lock whose process is gone (a crash, a
 * SIGKILL) is taken over, one whose process lives is refused with its PID.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PRIVATE_FILE_MODE } from '../privateFiles';

export const LOCK_FILE = 'desk-server.lock';

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
  constructor(dataDir: string, pid: number) {
    super(`the data folder ${dataDir} is in use by another desk server (PID ${pid}); stop it first or use another --data-dir`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else — still alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', PRIVATE_FILE_MODE);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) throw new DataDirLockedError(dataDir, pid);
      if (pid === process.pid) throw new DataDirLockedError(dataDir, pid);
      rmSync(file, { force: true }); // left by a process that is gone
    }
  }
  throw new DataDirLockedError(dataDir, Number(readFileSync(file, 'utf8').trim()));
}
