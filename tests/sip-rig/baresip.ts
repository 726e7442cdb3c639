/**
 * baresip (Debian's, v1.0) as an independent far end on the rig: a private config dir, a UDP
 * account registered at the rig's Kamailio, audio from `ausine` (a sine tone) played into
 * `aubridge` (no sound card), driven and observed over `ctrl_tcp` (netstring JSON: commands
 * `dial`, `accept`, `hangup`, `sndcode` (DTMF); events such as
 * CALL_INCOMING, CALL_ESTABLISHED, CALL_DTMF_START, CALL_CLOSED). Spawned detached and stopped
 * by its process group; every port is free at run time.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeTcpPort, freeUdpPort, freeUdpRange } from './ports';
import { killGroup, spawnGroup, tempDir, type Proc } from './proc';
import { until } from '../helpers/until';

/** Polls like every test (tests/helpers/until.ts); a timeout is a BaresipError carrying baresip's own output. */
async function pollOr(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, detail: () => string): Promise<void> {
  try {
    await until(what, check, timeoutMs);
  } catch (err) {
    if (err instanceof BaresipError) throw err;
    throw new BaresipError(`${err instanceof Error ? err.message : String(err)}\n${detail()}`);
  }
}

export type BaresipEvent = Readonly<{ type: string; param?: string; peeruri?: string; id?: string } & Record<string, unknown>>;

export type Baresip = {
  readonly user: string;
  readonly sipPort: number;
  /** Every ctrl_tcp event so far, oldest first. */
  readonly events: readonly BaresipEvent[];
  command(command: string, params?: string): Promise<{ ok: boolean; data: string }>;
  /** The first event (at or after index `since`) matching; throws after `timeoutMs`. */
  waitEvent(pred: (e: BaresipEvent) => boolean, opts?: { since?: number; timeoutMs?: number }): Promise<BaresipEvent>;
  output(): string;
  stop(): Promise<void>;
};

export class BaresipError extends Error {
  override readonly name = 'BaresipError';
}

export type BaresipOptions = {
  /** The rig's UDP port (Kamailio): the account registers there. */
  readonly pbxPort: number;
  readonly user: string;
  /** Audio codecs in order, e.g. ['opus'] or ['PCMA']. */
  readonly codecs: readonly string[];
  /** Answer incoming calls at once. */
  readonly autoAnswer?: boolean;
  /**
   * baresip's account answermode; `early` answers an INVITE with 183 + SDP and starts its audio
   * (the tone) at once, as an announcement before answer; `accept` then sends the 200.
   * Overrides `autoAnswer`.
   */
  readonly answerMode?: 'manual' | 'auto' | 'early';
};

function netstring(s: string): string {
  return `${Buffer.byteLength(s)}:${s},`;
}

export async function startBaresip(o: BaresipOptions): Promise<Baresip> {
  const dir = mkdtempSync(join(tmpdir(), 'baresip-'));
  tempDir(dir);
  const sipPort = await freeUdpPort();
  const ctrlPort = await freeTcpPort();
  const rtpFrom = await freeUdpRange(20);
  writeFileSync(
    join(dir, 'config'),
    [
      'poll_method epoll',
      `sip_listen 127.0.0.1:${sipPort}`,
      'audio_source ausine,440',
      'audio_player aubridge,far',
      'audio_alert aubridge,far',
      // ausine makes only 48 kHz stereo: baresip resamples to the codec's rate (PCMA: 8 kHz).
      'ausrc_srate 48000',
      'auplay_srate 48000',
      'ausrc_channels 2',
      'auplay_channels 2',
      `rtp_ports ${rtpFrom}-${rtpFrom + 19}`,
      'jitter_buffer_delay 1-10',
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module opus.so',
      'module ausine.so',
      'module aubridge.so',
      'module_app account.so',
      'module_app menu.so',
      'module_app ctrl_tcp.so',
      `ctrl_tcp_listen 127.0.0.1:${ctrlPort}`,
      '',
    ].join('\n'),
  );
  const params = [
    `regint=60`,
    `audio_codecs=${o.codecs.join(',')}`,
    `answermode=${o.answerMode ?? (o.autoAnswer ? 'auto' : 'manual')}`,
    'mediaenc=',
    'ptime=20',
  ];
  writeFileSync(join(dir, 'accounts'), `<sip:${o.user}@127.0.0.1:${o.pbxPort};transport=udp>;${params.join(';')}\n`);
  writeFileSync(join(dir, 'contacts'), '');
  const proc: Proc = spawnGroup('baresip', [...(process.env.BARESIP_SIP_TRACE === '1' ? ['-s'] : []), '-f', dir], { cwd: dir });

  const events: BaresipEvent[] = [];
  const waiting = new Map<string, (r: { ok: boolean; data: string }) => void>();
  let opened: Socket | null = null;
  await pollOr(
    "baresip's ctrl_tcp to open",
    async () => {
      if (proc.exitCode() !== undefined) throw new BaresipError(`baresip exited at start:\n${proc.output()}`);
      opened = await new Promise<Socket | null>((resolve) => {
        const s = connect(ctrlPort, '127.0.0.1');
        s.once('connect', () => resolve(s));
        s.once('error', () => resolve(null));
      });
      return opened !== null;
    },
    10_000,
    () => proc.output(),
  );
  const sock = opened as unknown as Socket; // set by the poll above, which returns only once it is
  // Netstrings count bytes, not characters: parse the raw buffer.
  let buf = Buffer.alloc(0);
  sock.on('data', (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const colon = buf.indexOf(':');
      if (colon < 0) return;
      const len = Number(buf.subarray(0, colon).toString('latin1'));
      if (buf.length < colon + 1 + len + 1) return;
      const body = buf.subarray(colon + 1, colon + 1 + len).toString('utf8');
      buf = buf.subarray(colon + 1 + len + 1);
      const msg = JSON.parse(body) as Record<string, unknown>;
      if (msg.event === true) events.push(msg as BaresipEvent);
      else if (msg.response === true && typeof msg.token === 'string') {
        waiting.get(msg.token)?.({ ok: msg.ok === true, data: typeof msg.data === 'string' ? msg.data : '' });
        waiting.delete(msg.token);
      }
    }
  });
  let seq = 0;
  const b: Baresip = {
    user: o.user,
    sipPort,
    events,
    command(command, params = '') {
      const token = `t${++seq}`;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new BaresipError(`baresip did not answer "${command}"`)), 5000);
        waiting.set(token, (r) => {
          clearTimeout(timer);
          resolve(r);
        });
        sock.write(netstring(JSON.stringify({ command, params, token })));
      });
    },
    async waitEvent(pred, opts = {}) {
      let hit: BaresipEvent | undefined;
      await pollOr(
        'a baresip event',
        () => (hit = events.slice(opts.since ?? 0).find(pred)) !== undefined,
        opts.timeoutMs ?? 10_000,
        () => `got: ${events.map((e) => `${e.type}${e.param ? `(${e.param})` : ''}`).join(' ')}\n${proc.output().slice(-3000)}`,
      );
      return hit as BaresipEvent;
    },
    output: () => proc.output(),
    async stop() {
      sock.destroy();
      await killGroup(proc);
      tempDir(dir, true);
    },
  };
  // Registration may finish before ctrl_tcp is connected (its event is then gone): read the log.
  try {
    await pollOr(
      `baresip to register at 127.0.0.1:${o.pbxPort}`,
      () => /\{0\/UDP\/v4\} 200 OK/.test(proc.output()),
      10_000,
      () => proc.output().slice(-3000),
    );
  } catch (err) {
    await b.stop();
    throw err;
  }
  return b;
}
