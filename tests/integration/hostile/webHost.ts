/**
 * The real browser-mode host (`src-main/web/cli.ts`) as a child process for the hostile suite:
 * one Node process (`node --import tsx`, no wrapper), so its PID is the host whose memory the
 * tests read, leading its own process group so stop() ends it by group id — never by name.
 * It serves the built renderer (`dist-renderer/`, made by `node scripts/build.mjs --renderer-only`).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';

export const REPO = resolve(import.meta.dirname, '..', '..', '..');
export const RENDERER_DIR = join(REPO, 'dist-renderer');
const CONSOLE_LINE = /^Console: http:\/\/127\.0\.0\.1:(\d+)\/#token=([A-Za-z0-9_-]+)\s*$/m;

export type WebHostChild = {
  readonly pid: number;
  readonly port: number;
  readonly token: string;
  readonly origin: string;
  readonly dataDir: string;
  /** stdout + stderr so far (pino JSON lines at warn and above). */
  output(): string;
  alive(): boolean;
  stop(): Promise<void>;
};

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

import { until } from '../../helpers/until';

export { until };

export async function startWebHost(opts: { demo?: boolean; dataDir?: string } = {}): Promise<WebHostChild> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error('dist-renderer/index.html is missing: build it first (node scripts/build.mjs --renderer-only)');
  }
  // On tmpfs where there is one: the host's synchronous=FULL commits then cost no disk flush, so
  // tests that drive thousands of writes stay short (durability is not what they check).
  const dataDir = opts.dataDir ?? mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'hostile-web-'));
  const args = ['--import', 'tsx', 'src-main/web/cli.ts', '--data-dir', dataDir, '--port', '0'];
  if (!opts.demo) args.push('--no-demo');
  const child = spawn(process.execPath, args, {
    cwd: REPO,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, OPCONSOLE_LOG_LEVEL: 'warn', NO_COLOR: '1' },
  });
  if (child.pid === undefined) throw new Error('could not spawn the browser-mode host');
  const pid = child.pid;
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (out += s));
  let exited = false;
  child.once('exit', () => (exited = true));
  const stop = async () => {
    if (groupAlive(pid)) {
      process.kill(-pid, 'SIGTERM');
      const deadline = Date.now() + 5_000;
      while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
    }
    if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await until(
      'the "Console:" line',
      () => {
        if (exited) throw new Error(`the host exited before it was ready:\n${out}`);
        return CONSOLE_LINE.test(out);
      },
      30_000,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  const m = CONSOLE_LINE.exec(out) as RegExpExecArray;
  const port = Number(m[1]);
  return {
    pid,
    port,
    token: m[2] as string,
    origin: `http://127.0.0.1:${port}`,
    dataDir,
    output: () => out,
    alive: () => !exited && child.exitCode === null && child.signalCode === null,
    stop,
  };
}

/** The host's resident memory in MB, from /proc (the figure `top` shows). */
export function rssMb(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) / 1024;
}

export type Frame = { id?: unknown; result?: { ok: boolean; value?: unknown; error?: { code: string; message: string } }; event?: string; payload?: unknown };

/** A well-behaved contract client over the `ws` library. */
export class WsClient {
  private next = 1;
  private readonly waiting = new Map<number, (f: Frame) => void>();
  closeCode: number | null = null;
  constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      const f = JSON.parse(d.toString()) as Frame;
      if (typeof f.id === 'number') this.waiting.get(f.id)?.(f);
    });
    ws.on('close', (code) => (this.closeCode = code));
    ws.on('error', () => undefined); // the close event carries what the tests look at
  }
  static open(host: WebHostChild): Promise<WsClient> {
    return new Promise((ok, fail) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { headers: { origin: host.origin } });
      const c = new WsClient(ws);
      ws.once('open', () => ok(c));
      ws.once('error', fail);
    });
  }
  /** Sends a request without waiting (ids are the client's own). */
  send(channel: string, input: unknown): number {
    const id = this.next++;
    this.ws.send(JSON.stringify({ id, channel, input }));
    return id;
  }
  call(channel: string, input: unknown, timeoutMs = 15_000): Promise<NonNullable<Frame['result']>> {
    const id = this.next++;
    return new Promise((ok, fail) => {
      const t = setTimeout(() => fail(new Error(`${channel}: no answer in ${timeoutMs} ms`)), timeoutMs);
      this.waiting.set(id, (f) => {
        clearTimeout(t);
        this.waiting.delete(id);
        ok(f.result as NonNullable<Frame['result']>);
      });
      this.ws.send(JSON.stringify({ id, channel, input }));
    });
  }
  close(): void {
    this.ws.close();
  }
}

export type RawAnswer = { readonly status: number | null; readonly raw: string; readonly closed: boolean };

/**
 * Writes `chunks` on a fresh TCP connection, exactly as given (no client library normalises
 * them), and reads until the server closes or one whole answer (headers + content-length body)
 * arrived. `endEarly`: half-close right after writing (a client that gives up mid-request).
 */
export function rawHttp(port: number, chunks: readonly (string | Buffer)[], opts: { endEarly?: boolean; timeoutMs?: number } = {}): Promise<RawAnswer> {
  return new Promise((ok) => {
    const socket = connect({ host: '127.0.0.1', port });
    let buf = Buffer.alloc(0);
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const raw = buf.toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3}) /.exec(raw);
      ok({ status: m ? Number(m[1]) : null, raw, closed });
    };
    const timer = setTimeout(() => finish(false), opts.timeoutMs ?? 5_000);
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const text = buf.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const len = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end));
      if (len && buf.length >= end + 4 + Number(len[1])) finish(false);
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.on('connect', () => {
      for (const c of chunks) socket.write(c);
      if (opts.endEarly) socket.end();
    });
  });
}

/**
 * A WebSocket client written out by hand over a TCP socket, so a burst of frames leaves in one
 * write (a client library writes each frame on its own). Masking key 0 keeps payloads readable.
 */
export class RawWs {
  /** Request id → 'ok' or the error code of its answer. */
  readonly replies = new Map<unknown, string>();
  /** Answers with `id: null` (frames the host could not take as a request), by error code. */
  readonly unaddressed: string[] = [];
  /** The close code the host sent, or 'gone' once the socket closed without one. */
  closed: number | 'gone' | null = null;
  private buf = Buffer.alloc(0);
  private constructor(private readonly socket: Socket) {}

  static open(h: WebHostChild): Promise<RawWs> {
    return new Promise((ok, fail) => {
      const socket = connect({ host: '127.0.0.1', port: h.port });
      const c = new RawWs(socket);
      let head = '';
      const onHead = (d: Buffer) => {
        head += d.toString('latin1');
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        socket.off('data', onHead);
        if (!head.startsWith('HTTP/1.1 101')) return fail(new Error(`no upgrade: ${head.slice(0, 200)}`));
        socket.on('data', (more: Buffer) => c.onData(more));
        c.onData(Buffer.from(head.slice(end + 4), 'latin1'));
        ok(c);
      };
      socket.on('data', onHead);
      socket.on('error', fail); // after the upgrade a reset only shows as `closed`
      socket.on('close', () => {
        if (c.closed === null) c.closed = 'gone';
      });
      socket.write(
        `GET /ws?token=${h.token} HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\nOrigin: ${h.origin}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    });
  }

  sendAll(texts: readonly string[]): void {
    this.socket.write(Buffer.concat(texts.map((t) => frame(t))));
  }

  /** Bytes as they are: hand-made frames, broken ones included. */
  sendRaw(bytes: Buffer): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      if (this.buf.length < 2) return;
      const b1 = this.buf[1] as number;
      let len = b1 & 0x7f;
      let off = 2;
      if (len === 126) {
        if (this.buf.length < 4) return;
        len = this.buf.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (this.buf.length < 10) return;
        len = Number(this.buf.readBigUInt64BE(2));
        off = 10;
      }
      if (this.buf.length < off + len) return;
      const opcode = (this.buf[0] as number) & 0x0f;
      const bytes = Buffer.from(this.buf.subarray(off, off + len));
      const payload = bytes.toString('utf8');
      this.buf = this.buf.subarray(off + len);
      if (opcode === 8) {
        this.closed = len >= 2 ? bytes.readUInt16BE(0) : 1005;
        continue;
      }
      if (opcode !== 1) continue;
      const f = JSON.parse(payload) as { id?: unknown; result?: { ok: boolean; error?: { code: string } } };
      if (f.id === null && f.result) this.unaddressed.push(f.result.error?.code ?? '?');
      else if (f.id !== undefined && f.result) this.replies.set(f.id, f.result.ok ? 'ok' : (f.result.error?.code ?? '?'));
    }
  }
}

/**
 * One client frame: masked unless told otherwise (client frames must be masked; a zero key leaves
 * the bytes as they are). `first` is the first byte: FIN + RSV + opcode (0x81 = final text frame).
 */
export function frame(payload: string | Buffer, opts: { first?: number; masked?: boolean } = {}): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const len = body.length;
  const mask = opts.masked === false ? 0 : 0x80;
  const head =
    len < 126
      ? Buffer.from([opts.first ?? 0x81, mask | len])
      : len < 65536
        ? Buffer.from([opts.first ?? 0x81, mask | 126, len >> 8, len & 0xff])
        : Buffer.concat([
            Buffer.from([opts.first ?? 0x81, mask | 127]),
            (() => {
              const b = Buffer.alloc(8);
              b.writeBigUInt64BE(BigInt(len));
              return b;
            })(),
          ]);
  return Buffer.concat([head, mask ? Buffer.alloc(4) : Buffer.alloc(0), body]);
}
