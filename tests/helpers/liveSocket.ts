/**
 * A test client of the desk server's live WebSocket: the real `ws` client, every message kept and
 * validated with the shared schema, the close code and reason visible. A refused upgrade resolves
 * with its HTTP status and body instead of a socket.
 */
import { WebSocket, type ClientOptions } from 'ws';
import { LiveMessageSchema, SYNC_API, type LiveMessage } from '../../src-shared/server/sync';

export type LiveProbe = {
  readonly ws: WebSocket;
  readonly messages: LiveMessage[];
  pokes(): number;
  byes(): string[];
  /** Set once the socket has closed. */
  closed(): { code: number; reason: string } | null;
};

export type Refused = { status: number; body: string };

export function liveUrl(base: string): string {
  return `${base.replace(/^http/, 'ws')}${SYNC_API.live.path}`;
}

export function openLive(base: string, token: string | null, opts: ClientOptions & { headers?: Record<string, string> } = {}): Promise<LiveProbe | Refused> {
  const headers: Record<string, string> = { ...(token !== null ? { authorization: `Bearer ${token}` } : {}), ...opts.headers };
  const ws = new WebSocket(liveUrl(base), { ...opts, headers });
  const messages: LiveMessage[] = [];
  let closed: { code: number; reason: string } | null = null;
  ws.on('message', (data) => {
    // Anything the schema refuses fails the test that reads `messages`.
    messages.push(LiveMessageSchema.parse(JSON.parse(String(data))));
  });
  ws.on('close', (code, reason) => (closed = { code, reason: reason.toString('utf8') }));
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        ws,
        messages,
        pokes: () => messages.filter((m) => m.type === 'poke').length,
        byes: () => messages.flatMap((m) => (m.type === 'bye' ? [m.reason] : [])),
        closed: () => closed,
      }),
    );
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    ws.once('error', (err) => {
      if (ws.readyState !== ws.OPEN) reject(err);
    });
  });
}

export function isProbe(x: LiveProbe | Refused): x is LiveProbe {
  return 'ws' in x;
}

export async function mustOpen(base: string, token: string, opts?: ClientOptions): Promise<LiveProbe> {
  const r = await openLive(base, token, opts);
  if (!isProbe(r)) throw new Error(`live socket refused: ${r.status} ${r.body}`);
  return r;
}
