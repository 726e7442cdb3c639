/** A plain HTTP(S) client for server tests: the real wire, every header and status visible. */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

export type Reply = { status: number; headers: IncomingHttpHeaders; text: string; json: unknown };

export type RequestOptions = Readonly<{
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  json?: unknown;
  token?: string;
  localAddress?: string;
  ca?: Buffer;
}>;

export function send(base: string, path: string, opts: RequestOptions = {}): Promise<Reply> {
  const url = new URL(path, base);
  const body = opts.json !== undefined ? JSON.stringify(opts.json) : opts.body;
  const headers: Record<string, string> = { connection: 'close', ...(opts.json !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers };
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  if (body !== undefined && headers['content-length'] === undefined) headers['content-length'] = String(Buffer.byteLength(body));
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: opts.method ?? (body !== undefined ? 'POST' : 'GET'), headers, localAddress: opts.localAddress, ...(opts.ca ? { ca: opts.ca } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = null;
          try {
            json = text ? (JSON.parse(text) as unknown) : null;
          } catch (err) {
            json = { unparsable: String(err) };
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

/** The `error.code` of a server error answer. */
export function errorCode(r: Reply): string | undefined {
  return (r.json as { error?: { code?: string } } | null)?.error?.code;
}
