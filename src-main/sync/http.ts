/**
 * The sync client's side of the wire: push, pull and seat registration over HTTP(S), every answer
 * read with a size cap and validated with the shared schemas (src-shared/server/sync.ts) before
 * anything local is touched. An answer from the network is as untrusted as a request from the
 * renderer: a body that is not JSON, breaks the schema or is too large is a SyncProtocolError and
 * the caller leaves its state as it was.
 */
import type { z } from 'zod';
import { ServerErrorSchema } from '../../src-shared/server/api';
import {
  PullResponseSchema,
  PushGapSchema,
  PushResponseSchema,
  SYNC_API,
  type PullRequest,
  type PullResponse,
  type PushRequest,
  type PushResponse,
} from '../../src-shared/server/sync';
import { SYNC_REGISTER, type RegisterRequest, type RegisterResponse } from '../../src-shared/server/seat';

/** Generous for a full pull page (PULL_PAGE_MAX rows); a larger body is refused unread. */
export const DEFAULT_MAX_ANSWER_BYTES = 64 * 1024 * 1024;
const TIMEOUT_MS = 30_000;

/** The server could not be reached or did not answer in time: retry later, nothing changed. */
export class SyncNetworkError extends Error {
  override readonly name = 'SyncNetworkError';
}
/** The server answered something this console does not accept (not JSON, wrong shape, too large, an unexpected status). */
export class SyncProtocolError extends Error {
  override readonly name = 'SyncProtocolError';
}
/** The session is gone (401): the console stops syncing until the operator signs in again. */
export class SyncAuthError extends Error {
  override readonly name = 'SyncAuthError';
}

export type PushAnswer = { readonly kind: 'ok'; readonly body: PushResponse } | { readonly kind: 'gap'; readonly expectedSeq: number };

export type SyncHttpDeps = Readonly<{
  /** The desk server's origin (settings), e.g. https://desk.example:8470. */
  baseUrl: string;
  token: string;
  maxAnswerBytes?: number;
  timeoutMs?: number;
}>;

export function createSyncHttp(deps: SyncHttpDeps) {
  const max = deps.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
  const timeoutMs = deps.timeoutMs ?? TIMEOUT_MS;

  async function post(path: string, body: unknown): Promise<{ status: number; json: unknown }> {
    const send = () =>
      fetch(`${deps.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${deps.token}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
    let res: Response;
    try {
      res = await send();
    } catch (first) {
      // A kept-alive connection the server closed while this console applied a long page fails at
      // once ("other side closed"): push and pull are idempotent by the protocol, so one immediate
      // retry on a fresh connection is safe; a second failure is the network's.
      if ((first as Error).name === 'TimeoutError') throw new SyncNetworkError(`desk server did not answer in ${timeoutMs} ms`, { cause: first });
      try {
        res = await send();
      } catch (err) {
        throw new SyncNetworkError(`desk server unreachable at ${deps.baseUrl}: ${(err as Error).message}`, { cause: err });
      }
    }
    const text = await readCapped(res, max);
    if (res.status === 401) throw new SyncAuthError(`the desk server refused the session (${path})`);
    // A proxy's or a restarting server's error page is not an answer: retry later like a network error.
    if (res.status === 502 || res.status === 503 || res.status === 504) throw new SyncNetworkError(`desk server unavailable: HTTP ${res.status}`);
    let json: unknown;
    try {
      json = JSON.parse(text) as unknown;
    } catch (err) {
      throw new SyncProtocolError(`${path}: HTTP ${res.status} answer is not JSON`, { cause: err });
    }
    return { status: res.status, json };
  }

  function refused(path: string, status: number, json: unknown): never {
    const e = ServerErrorSchema.safeParse(json);
    throw new SyncProtocolError(`${path}: HTTP ${status}${e.success ? ` ${e.data.error.code}: ${e.data.error.message.slice(0, 300)}` : ''}`);
  }

  function parse<S extends z.ZodType>(schema: S, path: string, json: unknown): z.output<S> {
    const r = schema.safeParse(json);
    if (!r.success) {
      const i = r.error.issues[0];
      throw new SyncProtocolError(`${path}: answer outside the protocol at ${i?.path.join('.') ?? '?'}: ${i?.message ?? 'bad shape'}`.slice(0, 500));
    }
    return r.data;
  }

  return {
    async push(req: PushRequest): Promise<PushAnswer> {
      const path = SYNC_API.push.path;
      const { status, json } = await post(path, req);
      if (status === 409) return { kind: 'gap', expectedSeq: parse(PushGapSchema, path, json).error.expectedSeq };
      if (status !== 200) refused(path, status, json);
      return { kind: 'ok', body: parse(PushResponseSchema, path, json) };
    },
    async pull(req: PullRequest): Promise<PullResponse> {
      const path = SYNC_API.pull.path;
      const { status, json } = await post(path, req);
      if (status !== 200) refused(path, status, json);
      return parse(PullResponseSchema, path, json);
    },
    /** null: the server has no seat registration (an older server): the console keeps its own seat and asks again next time. */
    async register(req: RegisterRequest): Promise<RegisterResponse | null> {
      const path = SYNC_REGISTER.path;
      const { status, json } = await post(path, req);
      if (status === 404) return null;
      if (status !== 200 && status !== 201) refused(path, status, json);
      return parse(SYNC_REGISTER.output, path, json);
    },
  };
}
export type SyncHttp = ReturnType<typeof createSyncHttp>;

/** The body as text, refusing (and cancelling) it as soon as it passes `max` bytes, declared or streamed. */
async function readCapped(res: Response, max: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > max) {
    await res.body?.cancel();
    throw new SyncProtocolError(`answer of ${declared} bytes is over the ${max}-byte limit`);
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (err) {
      throw new SyncNetworkError(`the answer was cut: ${(err as Error).message}`, { cause: err });
    }
    if (chunk.done) break;
    size += chunk.value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new SyncProtocolError(`answer over the ${max}-byte limit`);
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
