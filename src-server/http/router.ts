/**
 * One pipeline for every route of `SERVER_API`: match, authenticate, authorize from the user's
 * role, read and validate the body, run the handler, answer JSON. A handler only ever sees input
 * its schema accepted and a session the server looked up itself.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import {
  SERVER_API,
  UserIdSchema,
  type RouteInput as ApiInput,
  type RouteOutput as ApiOutput,
  type ServerRoute as ApiRoute,
} from '../../src-shared/server/api';
import { can } from '../../src-shared/server/roles';
import { SYNC_API } from '../../src-shared/server/sync';
import { zodIssues } from '../../src-shared/ipc/envelope';
import type { StoredUser } from '../users/repo';
import { readJsonBody } from './body';
import { ApiError } from './errors';

/**
 * Every route the server answers: SERVER_API and the sync routes. Sync needs only a session here;
 * what a user may push or pull is decided per mutation and per bucket (src-server/sync/).
 */
export const ROUTE_TABLE = {
  ...SERVER_API,
  syncRegister: { ...SYNC_API.register, auth: 'session' },
  syncPush: { ...SYNC_API.push, auth: 'session' },
  syncPull: { ...SYNC_API.pull, auth: 'session' },
} as const;
type ServerRoute = keyof typeof ROUTE_TABLE;
// SERVER_API's routes keep the contract's own types; the sync routes take theirs from SYNC_API.
type RouteInput<R extends ServerRoute> = R extends ApiRoute ? ApiInput<R> : z.output<(typeof ROUTE_TABLE)[R]['input']>;
type RouteOutput<R extends ServerRoute> = R extends ApiRoute ? ApiOutput<R> : z.output<(typeof ROUTE_TABLE)[R]['output']>;

export type Session = Readonly<{ user: StoredUser; tokenHash: string; expiresAt: Date }>;

export type RouteContext<R extends ServerRoute> = Readonly<{
  input: RouteInput<R>;
  /** The `:id` of the path, already checked to be a UUID. */
  id: string;
  session: Session | null;
  clientIp: string;
  userAgent: string;
}>;
export type Answer<R extends ServerRoute> = { status?: number; body: RouteOutput<R> };
export type Handlers = { [R in ServerRoute]: (ctx: RouteContext<R>) => Promise<Answer<R>> };

export type RouterDeps = Readonly<{
  handlers: Handlers;
  /** The live session of a bearer token, or null (unknown, expired, revoked, disabled user). */
  authenticate(token: string): Promise<Session | null>;
  bodyLimitBytes: number;
}>;

const HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } as const;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...HEADERS, 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

type Compiled = { route: ServerRoute; method: string; parts: readonly string[] };
const ROUTES: readonly Compiled[] = (Object.keys(ROUTE_TABLE) as ServerRoute[]).map((route) => ({
  route,
  method: ROUTE_TABLE[route].method,
  parts: ROUTE_TABLE[route].path.split('/'),
}));

function match(path: string): { candidates: Compiled[]; id: string } {
  const parts = path.split('/');
  let id = '';
  const candidates = ROUTES.filter((r) => {
    if (r.parts.length !== parts.length) return false;
    return r.parts.every((p, i) => {
      if (p !== ':id') return p === parts[i];
      id = parts[i] ?? '';
      return true;
    });
  });
  return { candidates, id };
}

const BEARER_RE = /^Bearer ([^\s]{1,200})$/;

/** The session of the request's bearer token; ApiError UNAUTHORIZED naming what is missing. Also used on the live WebSocket's upgrade. */
export async function sessionOf(req: IncomingMessage, deps: Pick<RouterDeps, 'authenticate'>): Promise<Session> {
  const header = req.headers.authorization;
  if (header === undefined) throw new ApiError('UNAUTHORIZED', 'sign in first: the request has no "Authorization: Bearer <token>" header');
  const m = BEARER_RE.exec(header);
  if (!m) throw new ApiError('UNAUTHORIZED', 'the Authorization header must be "Bearer <token>"');
  const session = await deps.authenticate(m[1]!);
  if (!session) throw new ApiError('UNAUTHORIZED', 'the session is unknown, expired or revoked: sign in again');
  return session;
}

export function createRouter(deps: RouterDeps) {
  return async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://desk');
    } catch (err) {
      throw new ApiError('BAD_REQUEST', `malformed request target: ${err instanceof Error ? err.message : 'unparsable'}`);
    }
    const { candidates, id } = match(url.pathname);
    // The live socket is served by the upgrade handler; a plain request there is a client mistake, not a missing resource.
    if (url.pathname === SYNC_API.live.path) throw new ApiError('BAD_REQUEST', 'this path takes a WebSocket upgrade (GET with "Upgrade: websocket")');
    if (candidates.length === 0) throw new ApiError('NOT_FOUND', `no such resource: ${url.pathname.slice(0, 100)}`);
    const found = candidates.find((c) => c.method === req.method);
    if (!found) {
      throw new ApiError('METHOD_NOT_ALLOWED', `${String(req.method).slice(0, 10)} is not allowed here`, undefined, {
        allow: candidates.map((c) => c.method).join(', '),
      });
    }
    const spec = ROUTE_TABLE[found.route];
    if (found.parts.includes(':id') && !UserIdSchema.safeParse(id).success) throw new ApiError('NOT_FOUND', 'no such user: the id is not a UUID');

    // Who asks is settled before the body is read: an unauthenticated client cannot make the
    // server buffer anything.
    let session: Session | null = null;
    if (spec.auth !== null) {
      session = await sessionOf(req, deps);
      if (spec.auth !== 'session' && !can(session.user.role, spec.auth)) {
        throw new ApiError('FORBIDDEN', `the role "${session.user.role}" may not do this (needs "${spec.auth}")`);
      }
    }

    const raw = await readJsonBody(req, deps.bodyLimitBytes);
    const parsed = spec.input.safeParse(raw);
    if (!parsed.success) {
      if (raw !== undefined && spec.input.safeParse(undefined).success) throw new ApiError('BAD_REQUEST', 'this request takes no body');
      throw new ApiError('VALIDATION', 'the request body is not valid', zodIssues(parsed.error));
    }
    const handler = deps.handlers[found.route] as (ctx: RouteContext<ServerRoute>) => Promise<Answer<ServerRoute>>;
    const answer = await handler({
      input: parsed.data as RouteInput<ServerRoute>,
      id,
      session,
      clientIp: req.socket.remoteAddress ?? 'unknown',
      userAgent: String(req.headers['user-agent'] ?? ''),
    });
    sendJson(res, answer.status ?? 200, answer.body);
  };
}
