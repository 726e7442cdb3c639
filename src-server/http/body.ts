/**
 * Reading a request body as hostile input: a declared length over the limit is refused before a
 * byte is read, a streamed body is cut off as soon as it passes the limit, only JSON is accepted,
 * and nothing is parsed until the whole body is in.
 */
import type { IncomingMessage } from 'node:http';
import { ApiError } from './errors';

export async function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  const declared = req.headers['content-length'];
  const hasBody = declared !== undefined ? declared !== '0' : req.headers['transfer-encoding'] !== undefined;
  if (!hasBody) return undefined;
  if (declared !== undefined && Number(declared) > limitBytes) throw tooLarge(limitBytes);
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new ApiError('UNSUPPORTED_MEDIA_TYPE', `the body must be application/json, got "${type.slice(0, 60) || 'nothing'}"`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw tooLarge(limitBytes);
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ApiError('BAD_JSON', `the body is not valid JSON: ${err instanceof Error ? err.message.slice(0, 200) : 'parse error'}`);
  }
}

function tooLarge(limitBytes: number): ApiError {
  // The rest of the body is never read: the connection closes after this answer.
  return new ApiError('PAYLOAD_TOO_LARGE', `the body is larger than ${limitBytes} bytes`, undefined, { connection: 'close' });
}
