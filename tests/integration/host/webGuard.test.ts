import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { guardRequest, guardSocket } from '../../../src-main/web/http';
import { rawHttp } from '../hostile/webHost';

/** A logger that keeps its lines, to check that a swallowed failure is still reported. */
function capturingLog() {
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as { level: number; msg: string });
      done();
    },
  });
  return { log: pino({ level: 'debug' }, sink), lines };
}

describe('browser-mode request guard: no handler error leaves the request', () => {
  let server: Server | null = null;
  afterEach(async () => {
    await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
    server?.closeAllConnections();
    server = null;
  });

  it('a handler that throws, rejects, or fails mid-answer costs its request only: 500 or a cut socket, logged at error', async () => {
    const { log, lines } = capturingLog();
    server = createServer(
      guardRequest(log, async (req, res) => {
        if (req.url === '/sync') throw new Error('thrown synchronously');
        await Promise.resolve();
        if (req.url === '/async') throw new Error('rejected later');
        res.writeHead(200, { 'content-length': '100' });
        await new Promise<void>((ok) => res.write('partial', () => ok()));
        throw new Error('failed after the headers');
      }),
    );
    server.on(
      'upgrade',
      guardSocket(log, () => {
        throw new Error('upgrade handler failed');
      }),
    );
    await new Promise<void>((ok) => server?.listen(0, '127.0.0.1', () => ok()));
    const port = (server.address() as { port: number }).port;
    const get = (path: string, connection = 'close') => [`GET ${path} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: ${connection}\r\n\r\n`];

    expect((await rawHttp(port, get('/sync'))).status).toBe(500);
    expect((await rawHttp(port, get('/async'))).status).toBe(500);
    const cut = await rawHttp(port, get('/late'));
    expect(cut.status).toBe(200); // the headers were out already…
    expect(cut.closed).toBe(true); // …so the socket is cut rather than the body completed
    expect(cut.raw.endsWith('partial')).toBe(true);
    expect((await rawHttp(port, get('/ws', 'Upgrade'))).status).toBe(500);
    // The server is still there, and each failure was reported.
    expect((await rawHttp(port, get('/async'))).status).toBe(500);
    const errors = lines.filter((l) => l.level >= 50).map((l) => l.msg);
    expect(errors).toEqual(['web request failed', 'web request failed', 'web request failed', 'web upgrade failed', 'web request failed']);
  });
});
