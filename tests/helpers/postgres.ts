/**
 * A private PostgreSQL 15 cluster from Debian's `postgresql` package for one test file: initdb in
 * a temp folder, started on a free loopback port, stopped by its postmaster's PID (never by name).
 * As root the cluster runs as the `postgres` user (PostgreSQL refuses to run as root).
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { until } from './until';

const run = promisify(execFile);
export const PG_BIN = '/usr/lib/postgresql/15/bin';

export type PgCluster = Readonly<{
  url: string;
  /** The postmaster's PID while it runs. */
  pid(): number;
  /** SIGINT to the postmaster (fast shutdown), then waits until that PID is gone. */
  stop(): Promise<void>;
  /** SIGQUIT to the postmaster (`pg_ctl stop -m immediate`: no checkpoint, crash recovery at the next start), then waits until that PID is gone. */
  stopImmediate(): Promise<void>;
  /** Starts a stopped cluster again on the same port (the URL stays valid). */
  restart(): Promise<void>;
  /** Stops if running and removes the folder. */
  destroy(): Promise<void>;
}>;

export function postgresAvailable(): boolean {
  return existsSync(join(PG_BIN, 'initdb'));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A private cluster on a free loopback port. Tests run it with fsync off (their data is thrown
 * away); `durable: true` keeps PostgreSQL's defaults, for figures that stand for production.
 */
export async function startPostgres(opts: { durable?: boolean } = {}): Promise<PgCluster> {
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'desk-pg-'));
  const as = (bin: string, args: string[]) => (root ? run('runuser', ['-u', 'postgres', '--', join(PG_BIN, bin), ...args]) : run(join(PG_BIN, bin), args));
  const password = `pw${Math.random().toString(36).slice(2)}`;
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, password, { mode: 0o600 });
  if (root) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
    chownSync(pwfile, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = join(dir, 'data');
  await as('initdb', ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C.UTF-8']);
  let port = 0;
  let pid = 0;
  const start = async (): Promise<void> => {
    // A port found free can be taken before the postmaster binds it: try a few.
    // A restart keeps its port: clients hold the URL.
    const keep = port;
    for (let attempt = 0; ; attempt++) {
      port = keep !== 0 ? keep : await freePort();
      try {
        await as('pg_ctl', [
          '-D',
          data,
          '-l',
          join(dir, 'log'),
          '-w',
          '-o',
          `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir}${opts.durable ? '' : ' -c fsync=off'}`,
          'start',
        ]);
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
    pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  };
  await start();
  const stop = async (signal: NodeJS.Signals = 'SIGINT'): Promise<void> => {
    if (pid === 0 || !alive(pid)) return;
    process.kill(pid, signal);
    const p = pid;
    await until(`postgres PID ${p} to exit`, () => !alive(p), 20_000);
    pid = 0;
  };
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    pid: () => pid,
    stop: () => stop(),
    stopImmediate: () => stop('SIGQUIT'),
    restart: start,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
