/**
 * The desk server's HTTP API under hostile requests: oversized and endless bodies, broken JSON,
 * wrong media types, bodies where none belong, every wrong shape of token, garbage HTTP. Each gets
 * a structured error naming the problem (never a stack), nothing is written, and the server keeps
 * serving.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeskServer, type DeskServer } from '../../../src-server/app';
import { createServerLogger } from '../../../src-server/log';
import { ServerErrorSchema } from '../../../src-shared/server/api';
import { startPostgres, type PgCluster } from '../../helpers/postgres';
import { errorCode, send, type Reply } from '../../helpers/http';

const log = createServerLogger({ level: 'silent', format: 'json' });
let cluster: PgCluster;
let server: DeskServer;
let token = '';
const LIMIT = 64 * 1024;

beforeAll(async () => {
  cluster = await startPostgres();
  server = await startDeskServer({
    database: { kind: 'postgres', url: cluster.url },
    host: '127.0.0.1',
    port: 0,
    tls: null,
    log,
    adminPassword: 'hostile suite admin',
    bodyLimitBytes: LIMIT,
    scrypt: { log2N: 12, r: 8, p: 1 },
  });
  token = ((await send(server.url, '/api/v1/session', { json: { login: 'admin', password: 'hostile suite admin' } })).json as { token: string }).token;
}, 120_000);
afterAll(async () => {
  await server?.close();
  await cluster?.destroy();
});

function expectError(r: Reply, status: number, code: string, message?: RegExp): void {
  expect(r.status, r.text).toBe(status);
  expect(ServerErrorSchema.safeParse(r.json).success, r.text).toBe(true);
  expect(errorCode(r)).toBe(code);
  if (message) expect(r.text).toMatch(message);
  expect(r.text).not.toMatch(/\n\s+at |node_modules|src-server/);
}

async function userCount(): Promise<number> {
  return ((await send(server.url, '/api/v1/users', { token })).json as { users: unknown[] }).users.length;
}

describe('desk server under hostile requests', () => {
  it('an oversized body is refused by its declared length and, streamed without one, as soon as it passes the limit', async () => {
    const before = await userCount();
    const big = JSON.stringify({ login: 'big', displayName: 'x'.repeat(LIMIT), role: 'admin', password: 'big password 123' });
    expectError(await send(server.url, '/api/v1/users', { token, json: JSON.parse(big) as unknown }), 413, 'PAYLOAD_TOO_LARGE', /larger than 65536 bytes/);
    // Chunked, with no length: the server stops reading at the limit instead of buffering it all.
    const chunked = await new Promise<Reply>((resolve, reject) => {
      const req = request(
        `${server.url}/api/v1/users`,
        { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString('utf8')));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: JSON.parse(text) as unknown }));
        },
      );
      req.on('error', reject);
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      let sent = 0;
      const pump = (): void => {
        // Up to 10 MiB if nobody stops us; the answer arrives long before.
        while (sent < 10 * 1024 * 1024 && !req.destroyed) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      pump();
    });
    expectError(chunked, 413, 'PAYLOAD_TOO_LARGE');
    expect(await userCount()).toBe(before);
  });

  it('broken JSON, deep nesting, a wrong media type and a body where none belongs each get their own code', async () => {
    expectError(await send(server.url, '/api/v1/users', { token, body: '{"login": "x",', headers: { 'content-type': 'application/json' } }), 400, 'BAD_JSON');
    expectError(await send(server.url, '/api/v1/users', { token, body: '['.repeat(60_000), headers: { 'content-type': 'application/json' } }), 400, 'BAD_JSON');
    expectError(
      await send(server.url, '/api/v1/users', { token, body: 'login=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectError(await send(server.url, '/api/v1/me', { method: 'GET', token, json: { user: 'admin' } }), 400, 'BAD_REQUEST', /takes no body/);
    expectError(await send(server.url, '/api/v1/users', { token, json: [1, 2] }), 400, 'VALIDATION');
    expectError(await send(server.url, '/api/v1/users', { token, json: null }), 400, 'VALIDATION');
  });

  it('fields are validated by the shared zod schemas: limits, control and direction characters, unknown keys', async () => {
    const before = await userCount();
    const base = { login: 'newop', displayName: 'Новый оператор', role: 'operator', password: 'long enough pass' };
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ ...base, login: 'x'.repeat(60_000) }, /"path":"login"/],
      [{ ...base, login: 'ivan\u0000ov' }, /"path":"login"/],
      [{ ...base, displayName: 'Ив\u202eанов' }, /control or text-direction character \(U\+202E\)/],
      [{ ...base, password: 'short' }, /at least 12 characters/],
      [{ ...base, password: 'p'.repeat(257) }, /"path":"password"/],
      [{ ...base, role: 'root' }, /"path":"role"/],
      [{ ...base, queues: Array.from({ length: 51 }, (_, i) => `q${i}`) }, /"path":"queues"/],
      [{ ...base, isAdmin: true }, /isAdmin/],
      [
        JSON.parse(`{"login":"newop","displayName":"x","role":"operator","password":"long enough pass","__proto__":{"role":"admin"}}`) as Record<
          string,
          unknown
        >,
        /__proto__/,
      ],
    ];
    for (const [body, why] of cases) expectError(await send(server.url, '/api/v1/users', { token, json: body }), 400, 'VALIDATION', why);
    expect(await userCount()).toBe(before);
  });

  it('every wrong shape of token is refused before the database is asked, with the same code', async () => {
    const headers: Array<Record<string, string>> = [
      {},
      { authorization: '' },
      { authorization: 'Basic YWRtaW46YWRtaW4=' },
      { authorization: 'Bearer' },
      { authorization: 'Bearer short' },
      { authorization: `Bearer ${'A'.repeat(43)}` },
      { authorization: `Bearer ${token}x` },
      { authorization: `Bearer ${token.slice(0, -1)}=` },
      { authorization: `Bearer ${token} ${token}` },
      { authorization: `bearer ${'A'.repeat(5000)}` },
      { authorization: `Bearer ${"' OR 1=1 --".padEnd(43, 'x')}` },
    ];
    for (const h of headers) expectError(await send(server.url, '/api/v1/me', { headers: h }), 401, 'UNAUTHORIZED');
    expect((await send(server.url, '/api/v1/me', { token })).status).toBe(200);
  });

  it('unknown paths, wrong methods, bad ids and garbage HTTP get clean answers; the server keeps serving', async () => {
    expectError(await send(server.url, '/api/v1/nothing', { token }), 404, 'NOT_FOUND');
    expectError(await send(server.url, '/../../etc/passwd', { token }), 404, 'NOT_FOUND');
    const wrongMethod = await send(server.url, '/api/v1/users', { method: 'DELETE', token });
    expectError(wrongMethod, 405, 'METHOD_NOT_ALLOWED');
    expect(wrongMethod.headers.allow).toBe('GET, POST');
    expectError(await send(server.url, "/api/v1/users/1'%20OR%201=1/password", { token, json: { password: 'long enough pass' } }), 404, 'NOT_FOUND');
    const raw = await new Promise<string>((resolve) => {
      const s = connect(server.port, '127.0.0.1', () => s.write('GARBAGE / HTTP/9.9\r\n\x00\x01\r\n\r\n'));
      let got = '';
      s.on('data', (c: Buffer) => (got += c.toString('latin1')));
      s.on('close', () => resolve(got));
      s.on('error', () => resolve(got));
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect((await send(server.url, '/healthz')).status).toBe(200);
  });
  it('push and pull: malformed batches, seqs, names, cursors and limits are refused whole; hostile args are stored as refused; nothing else is written', async () => {
    const clientId = randomUUID();
    const counts = async () =>
      (
        await server.storage.query<{ m: number; c: number; t: number }>(
          'SELECT (SELECT count(*)::int FROM sync_mutations) AS m, (SELECT count(*)::int FROM change_log) AS c, (SELECT count(*)::int FROM sync_tickets) AS t',
        )
      ).rows[0]!;
    const before = await counts();
    const at = new Date().toISOString();
    const m = (seq: unknown, over: Record<string, unknown> = {}) => ({ seq, id: randomUUID(), name: 'call.ended', args: 0, createdAt: at, ...over });
    const push = (body: unknown) => send(server.url, '/api/v1/sync/push', { token, json: body });
    const cases: Array<[unknown, RegExp]> = [
      [{ clientId, mutations: [] }, /"path":"mutations"/],
      [{ clientId, mutations: Array.from({ length: 501 }, (_, i) => m(i + 1)) }, /"path":"mutations"/],
      [{ clientId, mutations: [m(1), m(3)] }, /consecutive seq/],
      [{ clientId, mutations: [m(0)] }, /"path":"mutations.0.seq"/],
      [{ clientId, mutations: [m(1.5)] }, /"path":"mutations.0.seq"/],
      [{ clientId, mutations: [m(2 ** 60)] }, /"path":"mutations.0.seq"/],
      [{ clientId, mutations: [m('1')] }, /"path":"mutations.0.seq"/],
      [{ clientId, mutations: [m(1, { name: 'ticket.drop' })] }, /not a known mutation/],
      [{ clientId, mutations: [m(1, { name: '__proto__' })] }, /not a known mutation/],
      [{ clientId, mutations: [m(1, { createdAt: 'yesterday' })] }, /"path":"mutations.0.createdAt"/],
      [{ clientId, mutations: [m(1, { id: "1' OR 1=1" })] }, /"path":"mutations.0.id"/],
      [{ clientId, mutations: [m(1, { extra: true })] }, /extra/],
      [{ clientId: 'console-1', mutations: [m(1)] }, /"path":"clientId"/],
      [{ clientId, mutations: [m(1)], lastSeq: 99 }, /lastSeq/],
    ];
    for (const [body, why] of cases) expectError(await push(body), 400, 'VALIDATION', why);
    const pull = (body: unknown) => send(server.url, '/api/v1/sync/pull', { token, json: body });
    const pulls: Array<[unknown, RegExp]> = [
      [{ clientId, cursor: null, limit: 0 }, /"path":"limit"/],
      [{ clientId, cursor: null, limit: 5001 }, /"path":"limit"/],
      [{ clientId, cursor: "c1.1.1'; DROP TABLE change_log; --" }, /"path":"cursor"/],
      [{ clientId, cursor: 'c'.repeat(201) }, /"path":"cursor"/],
      [{ clientId, cursor: 'c1.18446744073709551616.0.0123456789abcdef' }, /cursor/],
      [{ clientId, cursor: 's1.1.9223372036854775808.1.0123456789abcdef' }, /cursor/],
      [{ clientId }, /"path":"cursor"/],
      [{ clientId, cursor: null, buckets: ['queue:claims'] }, /buckets/],
    ];
    for (const [body, why] of pulls) expectError(await pull(body), 400, 'VALIDATION', why);
    expect(await counts()).toEqual(before);

    // Args are the mutator's to judge: hostile ones are stored as refused (the seq advances), nothing of them written.
    const hostileArgs = [
      { id: randomUUID(), type: 'question', subject: 'x'.repeat(100_00) },
      { id: randomUUID(), type: 'question', subject: 'Ив\u202eанов' },
      JSON.parse('{"id":"00000000-0000-4000-8000-000000000000","type":"question","subject":"s","__proto__":{"queueId":"claims"}}') as unknown,
      { id: randomUUID(), type: 'question', subject: 's', queueId: 'no-such-queue' },
      'not an object',
    ];
    const r = await push({ clientId, mutations: hostileArgs.map((args, i) => m(i + 1, { name: 'ticket.create', args })) });
    expect(r.status, r.text).toBe(200);
    const body = r.json as { lastSeq: number; results: { status: string; rejection?: { code: string } }[] };
    expect(body.lastSeq).toBe(hostileArgs.length);
    expect(body.results.map((x) => [x.status, x.rejection?.code])).toEqual(Array(hostileArgs.length).fill(['rejected', 'VALIDATION']));
    expect(r.text).not.toMatch(/\n\s+at |node_modules|src-server/);
    const after = await counts();
    expect([after.m - before.m, after.c - before.c, after.t - before.t]).toEqual([hostileArgs.length, 0, 0]);
  });
});
