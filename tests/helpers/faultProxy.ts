/**
 * A fault-injecting HTTP proxy of our own on loopback, between a console and the desk server
 * (issue 12 item 7). It forwards HTTP/1.1 requests and lets a test decide, per request (a rule)
 * or by seeded chance (odds), to:
 *
 * - `drop`: never forward, never answer (the client's timeout has to notice);
 * - `delay`: forward after `ms`;
 * - `duplicate`: forward, answer the client, then send the same request upstream again (a retry
 *   that arrives late, after the client already moved on);
 * - `reorder`: hold the request until the next one has been answered (or `holdMs` passed);
 * - `cut` at `request`: half of the request's bytes reach the server, then both sides are closed;
 * - `cut` at `response`: the server got and answered the whole request; the client gets half of
 *   the answer's bytes and a closed socket (the "applied, never acknowledged" case).
 *
 * WebSocket upgrades pass through untouched (a byte tunnel). `offline()` cuts every connection,
 * tunnels included, and closes new ones on accept until `online()`.
 *
 * Requests are buffered whole before forwarding (bodies here are JSON of at most a few MiB), so
 * the proxy always knows a request's exact bytes: what `duplicate` re-sends and `cut` halves.
 */
import { request as httpRequest, createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export type Fault =
  | Readonly<{ kind: 'drop' }>
  | Readonly<{ kind: 'delay'; ms: number }>
  | Readonly<{ kind: 'duplicate' }>
  | Readonly<{ kind: 'reorder' }>
  | Readonly<{ kind: 'cut'; at: 'request' | 'response' }>;

export type ProxiedRequest = Readonly<{ n: number; method: string; path: string }>;
/** Chooses the fault of one request (null: pass it through). */
export type FaultRule = (req: ProxiedRequest) => Fault | null;
/** Chances per request (their sum at most 1), drawn from a PRNG seeded with `seed`: the same seed gives the same faults to the same sequence of requests. */
export type FaultOdds = Readonly<{
  seed: number;
  drop?: number;
  delay?: number;
  delayMs?: readonly [min: number, max: number];
  duplicate?: number;
  reorder?: number;
  cutRequest?: number;
  cutResponse?: number;
}>;

/** `body`: the request's bytes as the client sent them (what a push carried). */
export type FaultLogEntry = ProxiedRequest & Readonly<{ fault: Fault | null; body: Buffer }>;

export type FaultProxy = Readonly<{
  url: string;
  port: number;
  /** Replaces the fault plan (null: pass everything through). */
  plan(p: FaultRule | FaultOdds | null): void;
  offline(): void;
  online(): void;
  isOnline(): boolean;
  /** Every request seen, in arrival order, with the fault it got. */
  log(): readonly FaultLogEntry[];
  /** WebSocket tunnels opened so far. */
  upgrades(): number;
  close(): Promise<void>;
}>;

export type FaultProxyOptions = Readonly<{
  /** The upstream base URL, `http://127.0.0.1:PORT` (plain HTTP on loopback). */
  target: string;
  /** How long a `reorder` waits for a next request before it goes anyway. */
  holdMs?: number;
  maxBodyBytes?: number;
}>;

/** mulberry32: small, fast and good enough to spread faults; deterministic per seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function oddsRule(o: FaultOdds): FaultRule {
  const random = seededRandom(o.seed);
  const [minMs, maxMs] = o.delayMs ?? [10, 200];
  const table: Array<[number, () => Fault]> = [
    [o.drop ?? 0, () => ({ kind: 'drop' })],
    [o.delay ?? 0, () => ({ kind: 'delay', ms: Math.round(minMs + (maxMs - minMs) * random()) })],
    [o.duplicate ?? 0, () => ({ kind: 'duplicate' })],
    [o.reorder ?? 0, () => ({ kind: 'reorder' })],
    [o.cutRequest ?? 0, () => ({ kind: 'cut', at: 'request' })],
    [o.cutResponse ?? 0, () => ({ kind: 'cut', at: 'response' })],
  ];
  const total = table.reduce((s, [p]) => s + p, 0);
  if (total > 1 + 1e-9) throw new RangeError(`fault odds add up to ${total}, more than 1`);
  return () => {
    let r = random();
    for (const [p, make] of table) {
      if (r < p) return make();
      r -= p;
    }
    return null;
  };
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'content-length']);

function endToEnd(headers: IncomingHttpHeaders, bodyLength: number): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
  out['content-length'] = String(bodyLength);
  return out;
}

function rawHead(firstLine: string, headers: Record<string, string | string[]>): string {
  const lines = [firstLine];
  for (const [k, v] of Object.entries(headers)) for (const one of Array.isArray(v) ? v : [v]) lines.push(`${k}: ${one}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

type Upstream = { status: number; message: string; headers: IncomingHttpHeaders; body: Buffer };
type Incoming = { req: IncomingMessage; res: ServerResponse; body: Buffer };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function startFaultProxy(opts: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(opts.target);
  if (target.protocol !== 'http:') throw new Error('the fault proxy forwards to plain HTTP on loopback only');
  const upstreamHost = target.hostname;
  const upstreamPort = Number(target.port || 80);
  const holdMs = opts.holdMs ?? 2_000;
  const maxBody = opts.maxBodyBytes ?? 16 * 1024 * 1024;

  let rule: FaultRule | null = null;
  let online = true;
  let n = 0;
  let upgrades = 0;
  const entries: FaultLogEntry[] = [];
  const sockets = new Set<Duplex>();
  let held: { release: () => void } | null = null;
  const background = new Set<Promise<unknown>>();

  const track = (s: Duplex): void => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };

  function forward(inc: Incoming): Promise<Upstream> {
    return new Promise((resolve, reject) => {
      const up = httpRequest(
        {
          host: upstreamHost,
          port: upstreamPort,
          method: inc.req.method,
          path: inc.req.url,
          headers: endToEnd(inc.req.headers, inc.body.length),
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 502, message: res.statusMessage ?? '', headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      up.on('error', reject);
      up.end(inc.body);
    });
  }

  function answer(inc: Incoming, u: Upstream): void {
    if (inc.res.destroyed) return;
    inc.res.writeHead(u.status, u.message, endToEnd(u.headers, u.body.length));
    inc.res.end(u.body);
  }

  function badGateway(inc: Incoming, err: unknown): void {
    if (inc.res.headersSent || inc.res.destroyed) {
      inc.req.socket.destroy();
      return;
    }
    const text = `fault proxy: upstream failed: ${err instanceof Error ? err.message : String(err)}`;
    inc.res.writeHead(502, { 'content-type': 'text/plain', 'content-length': String(Buffer.byteLength(text)) });
    inc.res.end(text);
  }

  /** Half of the request's bytes over a raw socket, then both ends closed. */
  async function cutRequest(inc: Incoming): Promise<void> {
    const head = rawHead(`${inc.req.method} ${inc.req.url} HTTP/1.1`, { ...endToEnd(inc.req.headers, inc.body.length), connection: 'close' });
    const bytes = Buffer.concat([Buffer.from(head, 'latin1'), inc.body]);
    const half = bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2)));
    await new Promise<void>((resolve) => {
      const s: Socket = connect(upstreamPort, upstreamHost, () => s.write(half, () => setTimeout(() => (s.destroy(), resolve()), 50)));
      s.on('error', () => resolve());
    });
    inc.req.socket.destroy();
  }

  /** The whole answer from upstream, half of its bytes to the client, then the client's socket closed. */
  async function cutResponse(inc: Incoming): Promise<void> {
    const u = await forward(inc);
    const head = rawHead(`HTTP/1.1 ${u.status} ${u.message}`, endToEnd(u.headers, u.body.length));
    const bytes = Buffer.concat([Buffer.from(head, 'latin1'), u.body]);
    const sock = inc.req.socket;
    await new Promise<void>((resolve) => sock.write(bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2))), () => resolve()));
    sock.destroy();
  }

  async function pass(inc: Incoming): Promise<void> {
    answer(inc, await forward(inc));
  }

  async function handle(inc: Incoming, fault: Fault | null): Promise<void> {
    // A request arriving while another is held for `reorder` goes first; the held one follows.
    const before = held;
    if (before && fault?.kind !== 'reorder') held = null;
    try {
      switch (fault?.kind) {
        case undefined:
          await pass(inc);
          return;
        case 'drop':
          return; // the socket stays open and silent until the client gives up (or offline/close)
        case 'delay':
          await sleep(fault.ms);
          await pass(inc);
          return;
        case 'duplicate': {
          await pass(inc);
          const again = forward(inc).catch(() => undefined);
          background.add(again);
          void again.then(() => background.delete(again));
          return;
        }
        case 'reorder': {
          before?.release();
          await new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              if (held?.release === release) held = null;
              resolve();
            }, holdMs);
            const release = (): void => {
              clearTimeout(timer);
              resolve();
            };
            held = { release };
          });
          await pass(inc);
          return;
        }
        case 'cut':
          await (fault.at === 'request' ? cutRequest(inc) : cutResponse(inc));
          return;
      }
    } finally {
      if (before && fault?.kind !== 'reorder') before.release();
    }
  }

  const server = createServer((req, res) => {
    if (!online) {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBody) req.socket.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      const meta: ProxiedRequest = { n: ++n, method: req.method ?? 'GET', path: req.url ?? '/' };
      const fault = rule ? rule(meta) : null;
      const body = Buffer.concat(chunks);
      entries.push({ ...meta, fault, body });
      const inc = { req, res, body };
      handle(inc, fault).catch((err: unknown) => badGateway(inc, err));
    });
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', (s) => {
    if (!online) {
      s.destroy();
      return;
    }
    track(s);
  });
  server.on('clientError', (_err, s) => s.destroy());
  server.on('upgrade', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    if (!online) {
      client.destroy();
      return;
    }
    upgrades++;
    track(client);
    const up = connect(upstreamPort, upstreamHost, () => {
      const headers: string[] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      up.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    track(up);
    up.once('close', () => client.destroy());
    client.once('close', () => up.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    plan(p) {
      rule = p === null ? null : typeof p === 'function' ? p : oddsRule(p);
    },
    offline() {
      online = false;
      for (const s of [...sockets]) s.destroy();
    },
    online() {
      online = true;
    },
    isOnline: () => online,
    log: () => entries,
    upgrades: () => upgrades,
    async close() {
      online = false;
      held?.release();
      for (const s of [...sockets]) s.destroy();
      await Promise.allSettled([...background]);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
