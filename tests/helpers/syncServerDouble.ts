/**
 * A PROTOCOL DOUBLE of the desk server's sync routes, for testing the console's sync client
 * (src-main/sync) before the real server's push/pull are merged. It is a real HTTP server on a
 * free loopback port that speaks src-shared/server/sync.ts over an in-memory change log: requests
 * are validated with the same schemas the server uses (a request outside them answers 400, which
 * the tests treat as a client bug), push keeps lastSeq per client (duplicates answered from the
 * stored result, gaps answered 409 with expectedSeq, rejections still advance the seq), pull serves
 * the log by an opaque cursor in pages. It runs no mutators: a test decides what an applied
 * mutation publishes (`onApply`) and which ones are refused (`reject`). It is NOT the desk server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SERVER_API } from '../../src-shared/server/api';
import { SYNC_REGISTER } from '../../src-shared/server/seat';
import {
  PullRequestSchema,
  PushRequestSchema,
  SYNC_API,
  type PullResponse,
  type PushMutation,
  type PushResult,
  type Rejection,
  type SyncChange,
} from '../../src-shared/server/sync';

export type Fault =
  /** Answer 200 with a body that is not JSON. */
  | 'badJson'
  /** Answer 200 with JSON outside the schema. */
  | 'wrongSchema'
  /** Answer with a body larger than the client's limit (declared length). */
  | 'oversize'
  /** Process the request, then cut the connection without an answer (a crash between apply and answer). */
  | 'cutAfterApply'
  /** Cut the connection before processing anything. */
  | 'cut'
  /** Answer 401. */
  | 'unauthorized'
  /** Push: claim a lastSeq far past what the batch carried. */
  | 'overAck';

type Route = 'push' | 'pull' | 'register';
type Stored = { readonly mutation: PushMutation; readonly result: PushResult };

export type SyncServerDouble = {
  readonly url: string;
  readonly token: string;
  /** Every mutation applied once (not duplicates), in the order applied, per client. */
  readonly applied: (clientId: string) => readonly PushMutation[];
  /** Every push request's seq range as received (to check batching). */
  readonly pushes: { clientId: string; first: number; last: number; count: number }[];
  readonly pulls: number;
  lastSeq(clientId: string): number;
  setLastSeq(clientId: string, seq: number): void;
  /** Appends server-side changes to the log (another console's work). */
  publish(...changes: SyncChange[]): void;
  /** The next pull with a cursor answers reset: true with the current rows. */
  forceReset(): void;
  /** The next `times` requests to this route meet the fault (the client retries a cut connection once at once). */
  fault(route: Route, f: Fault, times?: number): void;
  /** Refuse a mutation (stored as rejected; the seq still advances). */
  reject: (m: PushMutation) => Rejection | null;
  /** What an applied mutation publishes to the log. */
  onApply: (m: PushMutation) => SyncChange[];
  /** Called as each pull request arrives (a test looks at the console between pages). */
  beforePull: (n: number) => void;
  /** Requests the double refused as outside the protocol (should stay 0). */
  readonly badRequests: string[];
  close(): Promise<void>;
};

export async function startSyncServerDouble(
  opts: { token?: string; pageMax?: number; seat?: string; /** Answer 404 to seat registration (a server without it). */ noRegister?: boolean } = {},
): Promise<SyncServerDouble> {
  const token = opts.token ?? 'a'.repeat(43);
  const log: SyncChange[] = [];
  const clients = new Map<string, { lastSeq: number; stored: Map<number, Stored>; applied: PushMutation[] }>();
  const faults = new Map<Route, { fault: Fault; left: number }>();
  const badRequests: string[] = [];
  const pushes: SyncServerDouble['pushes'] = [];
  let resetPending = false;
  let pulls = 0;

  const client = (id: string) => {
    let c = clients.get(id);
    if (!c) clients.set(id, (c = { lastSeq: 0, stored: new Map(), applied: [] }));
    return c;
  };

  /** The newest change per row (what a snapshot serves). */
  function snapshot(): SyncChange[] {
    const rows = new Map<string, SyncChange>();
    for (const c of log) rows.set(`${c.kind}/${c.id}`, c);
    return [...rows.values()].filter((c) => c.data !== null);
  }

  const self: SyncServerDouble = {
    url: '',
    token,
    applied: (id) => client(id).applied,
    pushes,
    get pulls() {
      return pulls;
    },
    lastSeq: (id) => client(id).lastSeq,
    setLastSeq: (id, seq) => {
      client(id).lastSeq = seq;
    },
    publish: (...changes) => {
      log.push(...changes);
    },
    forceReset: () => {
      resetPending = true;
    },
    fault: (route, f, times = 1) => {
      faults.set(route, { fault: f, left: times });
    },
    reject: () => null,
    onApply: () => [],
    beforePull: () => undefined,
    badRequests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  function send(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  function push(body: unknown): { status: number; body: unknown } {
    const parsed = PushRequestSchema.safeParse(body);
    if (!parsed.success) {
      badRequests.push(`push: ${parsed.error.issues[0]?.message}`);
      return { status: 400, body: { error: { code: 'VALIDATION', message: 'push outside the protocol' } } };
    }
    const { clientId, mutations } = parsed.data;
    const c = client(clientId);
    pushes.push({ clientId, first: mutations[0]!.seq, last: mutations[mutations.length - 1]!.seq, count: mutations.length });
    if (mutations[0]!.seq > c.lastSeq + 1) {
      return { status: 409, body: { error: { code: 'CONFLICT', message: 'gap', expectedSeq: c.lastSeq + 1 } } };
    }
    const results: PushResult[] = [];
    for (const m of mutations) {
      const seen = c.stored.get(m.seq);
      if (m.seq <= c.lastSeq) {
        results.push(seen ? { ...seen.result, status: 'duplicate' } : { seq: m.seq, id: m.id, status: 'duplicate' });
        continue;
      }
      const rejection = self.reject(m);
      const result: PushResult = rejection
        ? { seq: m.seq, id: m.id, status: 'rejected', rejection }
        : { seq: m.seq, id: m.id, status: 'applied', result: null };
      if (!rejection) {
        c.applied.push(m);
        log.push(...self.onApply(m));
      }
      c.stored.set(m.seq, { mutation: m, result });
      c.lastSeq = m.seq;
      results.push(result);
    }
    return { status: 200, body: { lastSeq: c.lastSeq, results } };
  }

  function pull(body: unknown): { status: number; body: unknown } {
    const parsed = PullRequestSchema.safeParse(body);
    if (!parsed.success) {
      badRequests.push(`pull: ${parsed.error.issues[0]?.message}`);
      return { status: 400, body: { error: { code: 'VALIDATION', message: 'pull outside the protocol' } } };
    }
    pulls++;
    self.beforePull(pulls);
    const { clientId, cursor } = parsed.data;
    const limit = Math.min(parsed.data.limit ?? opts.pageMax ?? 1000, opts.pageMax ?? 1000);
    const lastSeq = client(clientId).lastSeq;
    if (resetPending) {
      resetPending = false;
      return { status: 200, body: { cursor: `c:${log.length}`, reset: true, more: false, changes: snapshot(), lastSeq } satisfies PullResponse };
    }
    const from = cursor === null ? 0 : Number(cursor.slice(2));
    const changes = log.slice(from, from + limit);
    const next = from + changes.length;
    return { status: 200, body: { cursor: `c:${next}`, reset: false, more: next < log.length, changes, lastSeq } satisfies PullResponse };
  }

  function register(body: unknown): { status: number; body: unknown } {
    const parsed = SYNC_REGISTER.input.safeParse(body);
    if (!parsed.success) {
      badRequests.push('register: outside the protocol');
      return { status: 400, body: { error: { code: 'VALIDATION', message: 'register outside the protocol' } } };
    }
    return { status: 200, body: { seat: opts.seat ?? '42' } };
  }

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const route: Route | null =
        req.url === SYNC_API.push.path ? 'push' : req.url === SYNC_API.pull.path ? 'pull' : req.url === SYNC_REGISTER.path ? 'register' : null;
      // Sign-in, so a whole host can sign in to the double like to a desk server (any password).
      if (req.url === SERVER_API.signIn.path && req.method === 'POST') {
        const user = {
          id: '01a24a32-0000-7000-8000-0000000000aa',
          login: 'anna',
          displayName: 'Анна',
          role: 'operator',
          queues: ['support'],
          disabled: false,
          createdAt: new Date(0).toISOString(),
        };
        return send(res, 201, { token, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), user });
      }
      if (route === 'register' && opts.noRegister) return send(res, 404, { error: { code: 'NOT_FOUND', message: 'no such route' } });
      if (route === null || req.method !== 'POST') return send(res, 404, { error: { code: 'NOT_FOUND', message: 'no such route' } });
      const planned = faults.get(route);
      const fault = planned?.fault;
      if (planned && --planned.left <= 0) faults.delete(route);
      if (fault === 'cut') return req.socket.destroy();
      if (req.headers.authorization !== `Bearer ${token}` || fault === 'unauthorized') {
        return send(res, 401, { error: { code: 'UNAUTHORIZED', message: 'no session' } });
      }
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
      } catch (err) {
        badRequests.push(`${route}: not JSON (${String(err)})`);
        return send(res, 400, { error: { code: 'BAD_JSON', message: 'not JSON' } });
      }
      const answer = route === 'push' ? push(body) : route === 'pull' ? pull(body) : register(body);
      if (fault === 'cutAfterApply') return req.socket.destroy();
      if (fault === 'badJson') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"lastSeq": 1, "results": [');
      }
      if (fault === 'wrongSchema') {
        return send(
          res,
          200,
          route === 'pull'
            ? { cursor: 'c:0', reset: false, more: false, changes: [{ kind: 'ticket', id: 'x', version: 1, data: { id: 'x' } }], lastSeq: 0 }
            : { lastSeq: 'many' },
        );
      }
      if (fault === 'overAck') return send(res, 200, { ...(answer.body as object), lastSeq: 1000 });
      if (fault === 'oversize') {
        const big = 'x'.repeat(2 * 1024 * 1024);
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ padding: big }));
      }
      return send(res, answer.status, answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (self as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return self;
}
