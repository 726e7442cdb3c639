/**
 * Limits and close codes of browser mode's WebSocket (the contract's second transport), shared by
 * the host (src-main/web) and the renderer's transport (src-renderer/api/wsTransport.ts), so both
 * ends agree on what a close means and the renderer never trips the host's request bound, and
 * the frames and the upload endpoint both ends parse.
 */
import { z } from 'zod';
import { ErrorBodySchema, type Envelope } from './envelope';
import { FileRefSchema } from './files';

/** WebSocket close codes the host uses on purpose (4000–4999 are application codes, RFC 6455 §7.4.2). */
export const WS_CLOSE = {
  /** Missing or wrong per-start token, or a foreign Origin: only a new link from the terminal helps. */
  unauthorized: 4401,
  /**
   * The connection stopped reading and its outgoing queue passed `MAX_BUFFERED_BYTES`: the host
   * dropped it rather than grow without limit. Harmless for a live page: it reconnects at once and
   * refetches what it may have missed.
   */
  slowConsumer: 4429,
} as const;

/** Unread bytes a connection may have queued on the host before it is dropped as a slow consumer. */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * Requests one connection may have in flight (received, not yet answered). Past it the host
 * answers BUSY at once instead of queueing more work; the renderer keeps its own requests under it.
 */
export const MAX_IN_FLIGHT = 64;

// ---------------------------------------------------------------------------------------------
// Frames: the shapes both ends parse with these schemas, never by hand. A frame is one JSON text
// message; what `input`, `result` and `payload` hold is checked by the contract's own schemas
// (the dispatcher, the renderer's envelope check), so here they are unknown.

/** The id of a request: the renderer numbers them; other clients may use strings. */
export const FrameIdSchema = z.union([z.number(), z.string()], { error: 'a request needs a numeric or string "id"' });

/** Renderer → host: `{ id, channel, input }`. */
// A missing channel or input is the dispatcher's to answer (UNKNOWN_CHANNEL, or the channel's empty input).
export const RequestFrameSchema = z.object({ id: FrameIdSchema, channel: z.unknown().optional(), input: z.unknown().optional() });
export type RequestFrame = z.infer<typeof RequestFrameSchema>;

/**
 * Host → renderer, the answer to one request: `{ id, result }` with the result envelope. `id` null:
 * the host refused the connection itself (wrong token) or could not read the request's id.
 */
export const ReplyFrameSchema = z.object({ id: FrameIdSchema.nullable(), result: z.unknown().optional() });
export type ReplyFrame = Readonly<{ id: RequestFrame['id'] | null; result: Envelope<unknown> }>;

/** Host → renderer, a host event: `{ event, payload }`. */
export const EventFrameSchema = z.object({ event: z.string(), payload: z.unknown().optional() });
export type EventFrame = Readonly<{ event: string; payload: unknown }>;

export type HostFrame = ReplyFrame | EventFrame;

/**
 * Parses what the host sent; null when it is not a frame of the contract (then the renderer
 * ignores it). An event wins over a reply, as it always has.
 */
export function parseHostFrame(msg: unknown): z.infer<typeof EventFrameSchema> | z.infer<typeof ReplyFrameSchema> | null {
  const event = EventFrameSchema.safeParse(msg);
  if (event.success) return event.data;
  const reply = ReplyFrameSchema.safeParse(msg);
  return reply.success ? reply.data : null;
}

// ---------------------------------------------------------------------------------------------
// Upload (browser mode's file handles, ./files.ts): the page streams the file's bytes as the body
// of `POST /upload`; the answer is an envelope holding the handle (FileRef), never a host path.

export const UPLOAD = {
  path: '/upload',
  /** The per-start secret token, the same one the WebSocket carries. */
  tokenHeader: 'X-Console-Token',
  /** The browser's file name, URI-encoded (a header carries only ASCII). */
  fileNameHeader: 'X-File-Name',
} as const;

/** The upload's answer: `{ ok: true, value: FileRef }` or the contract's error envelope. */
export const UploadReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: FileRefSchema }),
  z.object({ ok: z.literal(false), error: ErrorBodySchema }),
]);
export type UploadReply = z.infer<typeof UploadReplySchema>;
