/**
 * Child processes of the SIP rig (Kamailio, rtpengine, sipp): each is spawned detached, so it
 * leads its own process group, and is stopped by signalling the whole group (`kill(-pgid)`):
 * Kamailio's ~10 children keep serving its ports when only the main PID dies (sip-rig pitfall 3).
 * Never by name. Output goes to a bounded in-memory buffer for `logs()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

const LOG_LIMIT = 4 * 1024 * 1024;

export type Proc = {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or null after a signal) once the main process has exited. */
  readonly exited: Promise<number | null>;
  exitCode(): number | null | undefined;
  output(): string;
};

/**
 * `p`, or 'timeout' after `ms`; the timer is cleared either way (a pending race timer would keep
 * a bench process alive for minutes after its work is done).
 */
export function within<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** Process groups still alive; killed synchronously if the test process exits without stop(). */
const live = new Set<number>();
/** Temp dirs of rigs and sipp runs not cleaned up yet; removed if the test process exits first. */
const tempDirs = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const pgid of live) signalGroup(pgid, 'SIGKILL');
    for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
  });
}

/** Removes `dir` now (`remove: true`) or when the process exits, whichever comes first. */
export function tempDir(dir: string, remove = false): void {
  installExitHook();
  if (remove) {
    tempDirs.delete(dir);
    rmSync(dir, { recursive: true, force: true });
  } else tempDirs.add(dir);
}

/** Sends `sig` to process group `pgid`; false when the group is already gone. */
export function signalGroup(pgid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, sig);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

export function spawnGroup(cmd: string, args: readonly string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; sink?: (chunk: string) => void }): Proc {
  installExitHook();
  const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let buf = '';
  const take = (d: Buffer): void => {
    const s = d.toString('utf8');
    opts.sink?.(s);
    buf += s;
    if (buf.length > LOG_LIMIT) buf = buf.slice(buf.length - LOG_LIMIT / 2);
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  let code: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', (err) => {
      buf += `\n[spawn ${cmd} failed: ${err.message}]\n`;
      code = -1;
      resolve(-1);
    });
    child.once('exit', (c) => {
      code = c;
      resolve(c);
    });
  });
  const pid = child.pid ?? -1;
  // Tracked until killGroup/crashGroup: after the leader exits its group may still have members.
  if (pid > 0) live.add(pid);
  return { pid, child, exited, exitCode: () => code, output: () => buf };
}

/**
 * Stops a process group: SIGTERM to the group, up to `graceMs` for the leader to exit, then
 * SIGKILL to the group (orphaned children included). Callers judge "really gone" by ports.
 */
export async function killGroup(p: Proc, graceMs = 2000): Promise<void> {
  if (p.pid <= 0) return;
  if (p.exitCode() === undefined) {
    signalGroup(p.pid, 'SIGTERM');
    await within(p.exited, graceMs);
  }
  signalGroup(p.pid, 'SIGKILL');
  await within(p.exited, graceMs);
  live.delete(p.pid);
}

/** SIGKILL of the whole group at once: a crash, no cleanup by the process. */
export async function crashGroup(p: Proc): Promise<void> {
  if (p.pid <= 0) return;
  signalGroup(p.pid, 'SIGKILL');
  await within(p.exited, 2000);
  live.delete(p.pid);
}
