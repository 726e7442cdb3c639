/**
 * Starts the console host in browser mode for one test: `npx tsx src-main/web/cli.ts` on a fresh
 * data folder and a free port, in its own process group so that stop() can end it and whatever
 * it spawned (npx → tsx → node) by process group id — never by name.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export type RunningHost = {
  /** `http://127.0.0.1:PORT/#token=…` as printed by the host. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly dataDir: string;
  readonly port: number;
  /** Everything the host printed so far (for failure messages). */
  output(): string;
  /** Ends the host and removes its data folder. */
  stop(): Promise<void>;
  /** Ends the host by its process group (SIGTERM) and keeps its data folder, as a restart would. */
  halt(): Promise<void>;
  /**
   * Starts the host again on the same data folder, without `--port` (so on the port it had, if
   * free, src-main/web/lastPort.ts): a new process, which issues a new token. The returned host
   * owns the data folder from then on (its stop() removes it).
   */
  restart(): Promise<RunningHost>;
};

const REPO = resolve(import.meta.dirname, '..', '..', '..');
const CONSOLE_LINE = /^Console: (http:\/\/127\.0\.0\.1:\d+\/)#token=([A-Za-z0-9_-]+)\s*$/m;

/**
 * `now`: the host's clock starts at this instant and runs on at real speed (`--now`), so dates,
 * slots and deadlines are deterministic.
 */
type HostOptions = { readonly demo?: boolean; readonly startTimeoutMs?: number; readonly now?: string };

export function startHost(opts: HostOptions = {}): Promise<RunningHost> {
  return launch(opts, mkdtempSync(join(tmpdir(), 'console-e2e-')), 0);
}

/** `port` null: no `--port`, so the host takes the port of its last start (as `npm run web` does). */
async function launch(opts: HostOptions, dataDir: string, port: number | null): Promise<RunningHost> {
  const args = ['tsx', 'src-main/web/cli.ts', '--data-dir', dataDir, ...(port === null ? [] : ['--port', String(port)])];
  if (!opts.demo) args.push('--no-demo');
  if (opts.now) args.push('--now', opts.now);
  const child = spawn('npx', args, {
    cwd: REPO,
    detached: true, // own process group: stop() signals -pid
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  if (child.pid === undefined) throw new Error('could not spawn the console host');
  const pid = child.pid;
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (out += s));
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));

  const halt = () => killGroup(child, pid, exited);
  const stop = async () => {
    await halt();
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const m = await new Promise<RegExpExecArray>((ok, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`host did not print its Console line in ${opts.startTimeoutMs ?? 30_000} ms:\n${out}`)),
        opts.startTimeoutMs ?? 30_000,
      );
      const check = () => {
        const found = CONSOLE_LINE.exec(out);
        if (found) {
          clearTimeout(timer);
          ok(found);
        }
      };
      child.stdout?.on('data', check);
      void exited.then((code) => {
        clearTimeout(timer);
        fail(new Error(`host exited (code ${code}) before it was ready:\n${out}`));
      });
    });
    const origin = (m[1] as string).replace(/\/$/, '');
    const boundPort = Number(new URL(origin).port);
    const restart = async () => {
      await halt();
      return launch(opts, dataDir, null);
    };
    return { url: `${m[1]}#token=${m[2]}`, origin, token: m[2] as string, dataDir, port: boundPort, output: () => out, stop, halt, restart };
  } catch (err) {
    await stop();
    throw err;
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

function signalGroup(pid: number, s: NodeJS.Signals): void {
  try {
    process.kill(-pid, s);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/** SIGTERM to the process group, then SIGKILL whatever of the group is left after 5 s. */
async function killGroup(child: ChildProcess, pid: number, exited: Promise<unknown>): Promise<void> {
  if (!groupAlive(pid)) return;
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + 5_000;
  // The group may hold more than the direct child (npx → tsx → node): wait for all of it.
  while (groupAlive(pid) && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 50));
  if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
  if (child.exitCode === null && child.signalCode === null) await exited;
}
