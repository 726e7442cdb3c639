/**
 * The desk server as a real child process (`src-server/cli.ts` under tsx on this Node), in its
 * own process group, stopped by PID. Collects stdout/stderr so tests can wait for lines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { until } from './until';

const root = join(import.meta.dirname, '..', '..');

export type ServerProcess = {
  readonly child: ChildProcess;
  readonly pid: number;
  out(): string;
  err(): string;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  readonly exited: Promise<number | string>;
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** SIGKILL to the whole group if it still runs (cleanup after a failed test). */
  kill(): void;
};

export function startServerProcess(args: readonly string[], env: Readonly<Record<string, string>> = {}): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-server/cli.ts', ...args], {
    cwd: root,
    env: { ...process.env, DESK_LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  let done = false;
  void exited.then(() => (done = true));
  const pid = child.pid ?? 0;
  return {
    child,
    pid,
    out: () => out,
    err: () => err,
    exited,
    async waitFor(re, timeoutMs = 120_000) {
      let m: RegExpExecArray | null = null;
      await until(`${re} in the server's output (stdout: ${out.slice(-500)} stderr: ${err.slice(-500)})`, () => (m = re.exec(out)) !== null || done, timeoutMs);
      if (!m) throw new Error(`the server exited before printing ${re}: ${out.slice(-1000)} ${err.slice(-1000)}`);
      return m;
    },
    kill() {
      if (done || pid === 0) return;
      try {
        process.kill(-pid, 'SIGKILL');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
      }
    },
  };
}
