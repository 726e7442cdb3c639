/**
 * sipp (Debian sip-tester) as the far end of softphone tests: `runSipp` for a UAC that runs to
 * completion, `startSipp` for a long-running UAS (or a UAC you want to observe while it runs).
 * Each run gets its own temp dir (logs, statistics, the A-law file for rtp_stream), a free local
 * SIP port and a free media port pair, and its own process group. The result carries sipp's exit
 * code, its statistics and its `<log>` lines: assert those, not only the console's side (sip-rig
 * pitfall 1: a BYE lost at the proxy still "ends" the call in sip.js).
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { killGroup, spawnGroup, tempDir, within, type Proc } from './proc';
import { freeUdpPort, freeUdpRange, isUdpFree, PortsBusyError } from './ports';
import { alawTone } from './alaw';
import { SIPP_DIR } from './rig';

const SIPP = '/usr/bin/sipp';

export type SippOptions = {
  /** A file under tests/sip-rig/sipp/ or an absolute path. */
  readonly scenario: string;
  /** Where to send: the rig's UDP port ("127.0.0.1:PORT"); omit for a pure UAS. */
  readonly remote?: string;
  /** -s: the user part of the Request-URI ([service]). */
  readonly service?: string;
  /** -key k v: scenario keywords; callerid/callername default to +79039691445 / "Caller". */
  readonly keys?: Readonly<Record<string, string>>;
  /** -m: calls to run before exiting (default 1). */
  readonly calls?: number;
  /** -d: the <pause/> length in ms. */
  readonly pauseMs?: number;
  /** -p: local SIP port (default: free at run time). */
  readonly localPort?: number;
  /** Global timeout in seconds (-timeout Ns -timeout_error), default 20. */
  readonly timeoutS?: number;
  /** Call rate for -m > 1 (-r, per second) and concurrency limit (-l). */
  readonly rate?: number;
  readonly limit?: number;
  readonly args?: readonly string[];
};

export type SippStats = {
  readonly successful: number;
  readonly failed: number;
  readonly created: number;
  readonly unexpected: number;
  readonly raw: Readonly<Record<string, string>>;
};

export type SippResult = {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly stats: SippStats;
  /** Lines written by the scenario's <log> actions. */
  readonly log: string;
  /** Every SIP message sent and received (-trace_msg), for failure reports. */
  readonly messages: string;
  readonly errors: string;
  readonly port: number;
  readonly mediaPort: number;
};

export type SippHandle = {
  readonly pid: number;
  readonly port: number;
  readonly mediaPort: number;
  /** The <log> lines so far. */
  log(): string;
  /** Resolves when the <log> output matches `re`. */
  waitForLog(re: RegExp, timeoutMs?: number): Promise<string>;
  waitExit(timeoutMs?: number): Promise<SippResult>;
  /** Ends it (process group) and returns what it had done. */
  kill(): Promise<SippResult>;
};

export class SippError extends Error {
  override readonly name = 'SippError';
}

const DEFAULT_KEYS: Readonly<Record<string, string>> = { callerid: '+79039691445', callername: 'Caller' };

function read(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/** Last data row of sipp's -trace_stat CSV as a name -> value map (cumulative "(C)" columns). */
function parseStats(dir: string): SippStats {
  const file = readdirSync(dir).find((f) => f.endsWith('.csv'));
  const lines = file
    ? read(join(dir, file))
        .split('\n')
        .filter((l) => l.trim() !== '')
    : [];
  const header = (lines[0] ?? '').split(';');
  const last = (lines[lines.length - 1] ?? '').split(';');
  const raw: Record<string, string> = {};
  if (lines.length > 1) header.forEach((h, i) => (raw[h] = last[i] ?? ''));
  const n = (k: string): number => Number(raw[k] ?? 0) || 0;
  return { successful: n('SuccessfulCall(C)'), failed: n('FailedCall(C)'), created: n('TotalCallCreated'), unexpected: n('FailedUnexpectedMessage(C)'), raw };
}

type Run = { proc: Proc; dir: string; port: number; mediaPort: number };

async function launch(o: SippOptions): Promise<Run> {
  const scenario = isAbsolute(o.scenario) ? o.scenario : join(SIPP_DIR, o.scenario);
  if (!existsSync(scenario)) throw new SippError(`no sipp scenario ${scenario}`);
  for (let attempt = 1; ; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), 'sipp-'));
    tempDir(dir);
    // rtp_stream plays raw A-law from the working dir (sip-rig pitfall 11: not a pcap).
    writeFileSync(join(dir, 'tone.alaw'), alawTone());
    const port = o.localPort ?? (await freeUdpPort());
    const mediaPort = await freeUdpRange(4);
    const keys = { ...DEFAULT_KEYS, ...o.keys };
    const args = [
      '-sf',
      scenario,
      '-i',
      '127.0.0.1',
      '-p',
      String(port),
      '-mi',
      '127.0.0.1',
      '-mp',
      String(mediaPort),
      '-m',
      String(o.calls ?? 1),
      '-nostdin',
      '-timeout',
      `${o.timeoutS ?? 20}s`,
      '-timeout_error',
      '-trace_logs',
      '-log_file',
      join(dir, 'log.txt'),
      '-trace_err',
      '-error_file',
      join(dir, 'errors.txt'),
      '-trace_msg',
      '-message_file',
      join(dir, 'messages.txt'),
      '-trace_stat',
      '-stf',
      join(dir, 'stats.csv'),
    ];
    if (o.service) args.push('-s', o.service);
    if (o.pauseMs !== undefined) args.push('-d', String(o.pauseMs));
    if (o.rate !== undefined) args.push('-r', String(o.rate));
    if (o.limit !== undefined) args.push('-l', String(o.limit));
    for (const [k, v] of Object.entries(keys)) args.push('-key', k, v);
    args.push(...(o.args ?? []));
    if (o.remote) args.push(o.remote);
    const proc = spawnGroup(SIPP, args, { cwd: dir });
    // Wait until sipp holds its SIP port (or died): then a UAS is ready for INVITEs.
    const deadline = Date.now() + 3000;
    while (proc.exitCode() === undefined && (await isUdpFree(port)) && Date.now() < deadline) await sleep(10);
    // -2 (254): sipp could not bind; a port chosen free was taken meanwhile.
    if (proc.exitCode() === 254 && o.localPort === undefined && attempt < 4) {
      tempDir(dir, true);
      continue;
    }
    if (proc.exitCode() === 254) throw new PortsBusyError(`sipp could not bind udp ${port}: ${proc.output().slice(-500)}`);
    return { proc, dir, port, mediaPort };
  }
}

function collect(r: Run): SippResult {
  const out = r.proc.output();
  const result: SippResult = {
    exitCode: r.proc.exitCode() ?? null,
    stdout: out,
    stderr: '',
    stats: parseStats(r.dir),
    log: read(join(r.dir, 'log.txt')),
    messages: read(join(r.dir, 'messages.txt')),
    errors: read(join(r.dir, 'errors.txt')),
    port: r.port,
    mediaPort: r.mediaPort,
  };
  tempDir(r.dir, true);
  return result;
}

function handle(r: Run, timeoutS: number): SippHandle {
  let done: SippResult | null = null;
  const finish = async (): Promise<SippResult> => {
    if (done) return done;
    await killGroup(r.proc, 500);
    done = collect(r);
    return done;
  };
  return {
    pid: r.proc.pid,
    port: r.port,
    mediaPort: r.mediaPort,
    log: () => (done ? done.log : read(join(r.dir, 'log.txt'))),
    async waitForLog(re, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const text = done ? done.log : read(join(r.dir, 'log.txt'));
        const m = re.exec(text);
        if (m) return m[0];
        if (done || r.proc.exitCode() !== undefined || Date.now() > deadline) {
          throw new SippError(
            `sipp log did not show ${String(re)} (exit ${String(r.proc.exitCode())}):\n${text}\n${read(join(r.dir, 'errors.txt')).slice(-2000)}`,
          );
        }
        await sleep(10);
      }
    },
    async waitExit(timeoutMs = (timeoutS + 5) * 1000) {
      if (done) return done;
      const t = await within(r.proc.exited, timeoutMs);
      const res = await finish();
      if (t === 'timeout') throw new SippError(`sipp still running after ${timeoutMs} ms; log:\n${res.log}\nerrors:\n${res.errors.slice(-2000)}`);
      return res;
    },
    kill: finish,
  };
}

/** Starts sipp and resolves once it holds its SIP port (a UAS is then ready for INVITEs). */
export async function startSipp(o: SippOptions): Promise<SippHandle> {
  return handle(await launch(o), o.timeoutS ?? 20);
}

/** Runs sipp to the end (its own -timeout bounds it) and returns the result. */
export async function runSipp(o: SippOptions): Promise<SippResult> {
  return (await startSipp(o)).waitExit();
}

/** A readable summary for assertion messages. */
export function describeSipp(r: SippResult): string {
  return `sipp exit ${String(r.exitCode)}, successful ${r.stats.successful}, failed ${r.stats.failed}\nlog:\n${r.log}\nerrors:\n${r.errors.slice(-3000)}\nmessages (tail):\n${r.messages.slice(-4000)}`;
}
