/**
 * The project's own loopback PBX for softphone tests and bench:calls: Kamailio (registrar +
 * proxy, UDP + WebSocket, optional digest auth) and, for media tests, rtpengine in userspace.
 * Free ports are chosen at run time; a fresh config + users file goes to a temp dir per rig;
 * processes are stopped by process group and "stopped" means their ports are free again.
 * See tests/sip-rig/README.md.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createSocket, type Socket } from 'node:dgram';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { crashGroup, killGroup, signalGroup, spawnGroup, tempDir, type Proc } from './proc';
import { freeTcpPort, freeUdpPort, freeUdpRange, PortsBusyError, waitPortsFree } from './ports';
import { optionsPing, registerContact } from './udpSip';
import { ngCommand, ngLegs, ngPlayMedia, ngStopMedia, type Leg } from './ng';

export const RIG_DIR = dirname(fileURLToPath(import.meta.url));
export const SIPP_DIR = join(RIG_DIR, 'sipp');

export type RigUser = { readonly user: string; readonly password: string };
export type RigOptions = {
  /** Digest auth for WebSocket clients with these users; without it every REGISTER is accepted. */
  readonly auth?: readonly RigUser[];
  /** Start rtpengine and bridge WebRTC <-> RTP/AVP through it. */
  readonly media?: boolean;
  /** Echo Kamailio/rtpengine output to stderr (debugging: SIP_RIG_VERBOSE=1 does the same). */
  readonly verbose?: boolean;
};
export type DtmfEvent = Record<string, unknown>;
export type Rtpengine = {
  readonly ngPort: number;
  readonly portMin: number;
  readonly portMax: number;
  /** Per-leg RTP counters of one call (query it while the call is up). */
  legs(callId: string): Promise<Leg[]>;
  /** Plays an audio file into the call towards the party `tag` (the PBX's own announcement). */
  playMedia(callId: string, tag: string, file: string): Promise<void>;
  stopMedia(callId: string, tag: string): Promise<void>;
  /** RFC 4733 events rtpengine saw (its --dtmf-log-dest JSON), oldest first. */
  dtmf(): readonly DtmfEvent[];
  logs(): string;
};
export type Rig = {
  readonly domain: '127.0.0.1';
  readonly wsUri: string;
  readonly wsPort: number;
  readonly udpPort: number;
  readonly rtpengine?: Rtpengine;
  /** REGISTER sip:user@127.0.0.1 -> 127.0.0.1:contactPort (a sipp UAS). "trunk" takes dialled numbers. */
  bindUser(user: string, contactPort: number): Promise<void>;
  /** SIGTERM then SIGKILL of every process group, ports free again, temp dir removed. */
  stop(): Promise<void>;
  /** SIGKILL of Kamailio's process group (a PBX crash); resolves when its ports are free. */
  crash(): Promise<void>;
  /** SIGSTOP of Kamailio's process group (by its PID): a frozen PBX, sockets open, nothing answered. */
  freeze(): void;
  /** SIGCONT: the frozen PBX runs on where it stopped. */
  thaw(): void;
  /** Kamailio again on the SAME ports (registrations are gone: usrloc is in memory). */
  restart(): Promise<void>;
  /** Kamailio's output since the rig started (all restarts). */
  logs(): string;
  /** Resolves when Kamailio's output matches `re` (counting only output after `from` chars). */
  waitForLog(re: RegExp, timeoutMs?: number, from?: number): Promise<string>;
};

export class RigError extends Error {
  override readonly name = 'RigError';
}

const KAMAILIO = '/usr/sbin/kamailio';
const RTPENGINE = '/usr/bin/rtpengine';
const READY_TIMEOUT_MS = 5000;

/** Kamailio's module folder for this machine's architecture (never a hard-coded x86_64 path). */
export function kamailioModulesDir(): string {
  const candidates: string[] = [];
  for (const d of readdirSync('/usr/lib', { withFileTypes: true })) {
    if (d.isDirectory()) candidates.push(join('/usr/lib', d.name, 'kamailio', 'modules'));
  }
  candidates.push('/usr/lib/kamailio/modules', '/usr/local/lib64/kamailio/modules', '/usr/local/lib/kamailio/modules');
  const found = candidates.find((c) => existsSync(join(c, 'tm.so')) && existsSync(join(c, 'websocket.so')));
  if (!found) throw new RigError('Kamailio modules not found (apt-get install kamailio kamailio-websocket-modules)');
  return found;
}

function usersFile(users: readonly RigUser[]): string {
  return users
    .map(({ user, password }) => {
      if (!/^[A-Za-z0-9_.+-]{1,64}$/.test(user)) throw new RigError(`rig user name not allowed in kamailio.cfg: ${user}`);
      if (/["\\\r\n$]/.test(password)) throw new RigError(`rig password for ${user} has a character kamailio.cfg cannot hold`);
      return `$sht(users=>${user}) = "${password}";\n`;
    })
    .join('');
}

function httpHealth(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: '/health', agent: false, timeout: 300 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

async function udpAlive(port: number): Promise<boolean> {
  try {
    return (await optionsPing(port, 200)) === 200;
  } catch (err) {
    if (err instanceof Error && err.name === 'SipUdpError') return false;
    throw err;
  }
}

type Kam = { proc: Proc; from: number };

export async function startRig(opts: RigOptions = {}): Promise<Rig> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await tryStartRig(opts);
    } catch (err) {
      // A port chosen free was taken before Kamailio bound it: choose again.
      if (!(err instanceof PortsBusyError) || attempt >= 4) throw err;
    }
  }
}

async function tryStartRig(opts: RigOptions): Promise<Rig> {
  const verbose = opts.verbose ?? process.env.SIP_RIG_VERBOSE === '1';
  const dir = mkdtempSync(join(tmpdir(), 'sip-rig-'));
  tempDir(dir);
  mkdirSync(join(dir, 'run'));
  const cfg = join(dir, 'kamailio.cfg');
  copyFileSync(join(RIG_DIR, 'kamailio.cfg'), cfg);
  writeFileSync(join(dir, 'rig-users.cfg'), usersFile(opts.auth ?? []), { mode: 0o600 });
  const mpath = kamailioModulesDir();
  const udpPort = await freeUdpPort();
  const wsPort = await freeTcpPort();
  const sink = verbose ? (s: string) => process.stderr.write(s) : undefined;

  let rtpe: { proc: Proc; ngPort: number; portMin: number; portMax: number; dtmfSock: Socket; events: DtmfEvent[] } | null = null;
  let kam: Kam | null = null;
  let kamLog = '';
  const cleanup = async (): Promise<void> => {
    if (kam) {
      signalGroup(kam.proc.pid, 'SIGCONT'); // a frozen PBX cannot act on SIGTERM
      kamLog += kam.proc.output();
      await killGroup(kam.proc);
      kam = null;
    }
    if (rtpe) {
      await killGroup(rtpe.proc);
      rtpe.dtmfSock.close();
      rtpe = null;
    }
    tempDir(dir, true);
  };

  try {
    const defs = ['-A', `SIP_PORT=${udpPort}`, '-A', `WS_PORT=${wsPort}`];
    if (opts.auth) defs.push('-A', 'WITH_AUTH');
    if (opts.media) {
      rtpe = await startRtpengine(dir, sink);
      defs.push('-A', 'WITH_RTPENGINE', '-A', `RTPE_SOCK="udp:127.0.0.1:${rtpe.ngPort}"`);
    }
    const args = ['-DD', '-E', '-f', cfg, '-L', mpath, ...defs, '-Y', join(dir, 'run'), '-m', '64', '-M', '8'];

    const launch = async (): Promise<Kam> => {
      const proc = spawnGroup(KAMAILIO, args, { cwd: dir, sink });
      const k: Kam = { proc, from: kamLog.length };
      const deadline = Date.now() + READY_TIMEOUT_MS;
      for (;;) {
        if (proc.exitCode() !== undefined) {
          const out = proc.output();
          kamLog += out;
          await killGroup(proc);
          if (/Address already in use|bind.*failed/i.test(out)) throw new PortsBusyError(`kamailio could not bind udp ${udpPort} / tcp ${wsPort}`);
          throw new RigError(`kamailio exited (${String(proc.exitCode())}) during start:\n${out.slice(-3000)}`);
        }
        if ((await httpHealth(wsPort)) && (await udpAlive(udpPort))) return k;
        if (Date.now() > deadline) {
          const out = proc.output();
          await killGroup(proc);
          throw new RigError(`kamailio not ready in ${READY_TIMEOUT_MS} ms:\n${out.slice(-3000)}`);
        }
        await sleep(20);
      }
    };
    kam = await launch();
    const ports = { udp: [udpPort], tcp: [wsPort] };
    const currentLog = (): string => kamLog + (kam ? kam.proc.output() : '');

    const rig: Rig = {
      domain: '127.0.0.1',
      wsUri: `ws://127.0.0.1:${wsPort}`,
      wsPort,
      udpPort,
      bindUser: (user, contactPort) => registerContact(udpPort, user, contactPort),
      async stop() {
        await cleanup();
        await waitPortsFree(ports);
      },
      freeze() {
        if (!kam) throw new RigError('freeze(): kamailio is not running');
        signalGroup(kam.proc.pid, 'SIGSTOP');
      },
      thaw() {
        if (!kam) throw new RigError('thaw(): kamailio is not running');
        signalGroup(kam.proc.pid, 'SIGCONT');
      },
      async crash() {
        if (!kam) throw new RigError('crash(): kamailio is not running');
        kamLog += kam.proc.output();
        await crashGroup(kam.proc);
        kam = null;
        await waitPortsFree(ports);
      },
      async restart() {
        if (kam) {
          kamLog += kam.proc.output();
          await killGroup(kam.proc);
          kam = null;
          await waitPortsFree(ports);
        }
        kamLog += '\n----- restart -----\n';
        kam = await launch();
      },
      logs: currentLog,
      async waitForLog(re, timeoutMs = 3000, from = 0) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const m = re.exec(currentLog().slice(from));
          if (m) return m[0];
          if (Date.now() > deadline) throw new RigError(`kamailio log did not show ${String(re)} in ${timeoutMs} ms`);
          await sleep(20);
        }
      },
    };
    if (rtpe) {
      const r = rtpe;
      return {
        ...rig,
        rtpengine: {
          ngPort: r.ngPort,
          portMin: r.portMin,
          portMax: r.portMax,
          legs: (callId) => ngLegs(r.ngPort, callId),
          playMedia: (callId, tag, file) => ngPlayMedia(r.ngPort, callId, tag, file),
          stopMedia: (callId, tag) => ngStopMedia(r.ngPort, callId, tag),
          dtmf: () => r.events,
          logs: () => r.proc.output(),
        },
      };
    }
    return rig;
  } catch (err) {
    await cleanup();
    throw err;
  }
}

async function startRtpengine(dir: string, sink: ((s: string) => void) | undefined) {
  if (!existsSync(RTPENGINE)) throw new RigError('rtpengine not installed (apt-get install rtpengine-daemon)');
  const events: DtmfEvent[] = [];
  const dtmfSock = createSocket('udp4');
  dtmfSock.on('message', (m) => {
    const text = m.toString('utf8');
    try {
      events.push(JSON.parse(text) as DtmfEvent);
    } catch (err) {
      events.push({ raw: text, parseError: String(err) });
    }
  });
  await new Promise<void>((resolve) => dtmfSock.bind(0, '127.0.0.1', resolve));
  const dtmfPort = dtmfSock.address().port;
  const ngPort = await freeUdpPort();
  const portMin = await freeUdpRange(2);
  const portMax = portMin + 199;
  // --table=-1: userspace forwarding only, no kernel module or iptables (sip-rig pitfall 6).
  const proc = spawnGroup(
    RTPENGINE,
    [
      '--config-file=none',
      '--foreground',
      '--log-stderr',
      '--table=-1',
      '--interface=127.0.0.1',
      `--listen-ng=127.0.0.1:${ngPort}`,
      `--port-min=${portMin}`,
      `--port-max=${portMax}`,
      `--dtmf-log-dest=127.0.0.1:${dtmfPort}`,
      '--delete-delay=0',
      '-L',
      '6',
    ],
    { cwd: dir, sink },
  );
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (proc.exitCode() !== undefined) {
      dtmfSock.close();
      throw new RigError(`rtpengine exited during start:\n${proc.output().slice(-3000)}`);
    }
    const pong = await ngCommand(ngPort, { command: 'ping' }, 200).then(
      (r) => r.result === 'pong',
      (err: unknown) => {
        if (err instanceof Error && err.name === 'NgError') return false;
        throw err;
      },
    );
    if (pong) return { proc, ngPort, portMin, portMax, dtmfSock, events };
    if (Date.now() > deadline) {
      await killGroup(proc);
      dtmfSock.close();
      throw new RigError(`rtpengine not ready in ${READY_TIMEOUT_MS} ms:\n${proc.output().slice(-3000)}`);
    }
    await sleep(20);
  }
}
