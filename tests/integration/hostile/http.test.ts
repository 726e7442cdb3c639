/**
 * Hostile HTTP against the real browser-mode host. Every request goes over a raw TCP socket, byte for byte as written here, to one child
 * process; each must get a clean 4xx/5xx (or, for what is not HTTP at all, a closed socket), no
 * answer may carry a file from outside the renderer folder, nothing may be left half-uploaded, and
 * after the whole table the same process still answers `app:info` over its WebSocket.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_DIR, WsClient, rawHttp, startWebHost, type RawAnswer, type WebHostChild } from './webHost';

type Case = {
  readonly name: string;
  /** The bytes to send; a function gets the port and token (Host headers, uploads). */
  readonly send: (port: number, token: string) => readonly (string | Buffer)[];
  /** Allowed statuses; `null` in the list allows a socket closed without an answer. */
  readonly expect: readonly (number | null)[];
  readonly endEarly?: boolean;
};

const get =
  (target: string, extra = '') =>
  (port: number) => [`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${extra}Connection: close\r\n\r\n`];
const req =
  (method: string, target: string, extra = '', body = '') =>
  (port: number) => [`${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${extra}Connection: close\r\n\r\n${body}`];
const wsKey = 'dGhlIHNhbXBsZSBub25jZQ==';
const upgrade =
  (target: string, host: (port: number) => string, extra = '') =>
  (port: number) => [`GET ${target} HTTP/1.1\r\nHost: ${host(port)}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`];

function cases(secretRel: string): Case[] {
  const enc = (p: string) => p.split('/').map(encodeURIComponent).join('%2f');
  return [
    // Malformed percent-encoding: the finding itself.
    { name: 'GET /%ff', send: get('/%ff'), expect: [400] },
    { name: 'GET /%', send: get('/%'), expect: [400] },
    { name: 'GET /%%', send: get('/%%'), expect: [400] },
    { name: 'GET /%c0%af (overlong UTF-8 "/")', send: get('/%c0%af'), expect: [400] },
    { name: 'GET /assets/%e0%80', send: get('/assets/%e0%80'), expect: [400] },
    { name: 'GET /%ff as WebSocket upgrade', send: upgrade('/%ff', (p) => `127.0.0.1:${p}`, `Sec-WebSocket-Key: ${wsKey}\r\n`), expect: [404] },
    // Traversal, plain and encoded, towards /etc/passwd and towards a secret planted in the data folder.
    { name: 'GET /../../etc/passwd', send: get('/../../etc/passwd'), expect: [400] },
    { name: 'GET /..%2f..%2fetc%2fpasswd', send: get('/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd'), expect: [400] },
    { name: 'GET /%2e%2e/%2e%2e/etc/passwd', send: get('/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd'), expect: [400] },
    { name: 'GET //etc/passwd', send: get('//etc/passwd'), expect: [400] },
    { name: 'GET /%2fetc%2fpasswd', send: get('/%2fetc%2fpasswd'), expect: [400] },
    { name: 'GET /..\\..\\', send: get('/..\\..\\'), expect: [400] },
    { name: 'GET /..%5c..%5cetc%5cpasswd', send: get('/..%5c..%5cetc%5cpasswd'), expect: [400] },
    { name: 'GET /index.html%00.js', send: get('/index.html%00.js'), expect: [400] },
    { name: 'GET %00', send: get('%00'), expect: [400] },
    { name: 'GET /assets/../index.html', send: get('/assets/../index.html'), expect: [400] },
    { name: 'GET /./index.html', send: get('/./index.html'), expect: [400] },
    { name: 'GET the secret by relative path', send: get(`/${secretRel}`), expect: [400] },
    { name: 'GET the secret by encoded relative path', send: get(`/${enc(secretRel)}`), expect: [400] },
    { name: 'GET the secret by double-encoded relative path', send: get(`/${enc(secretRel).replace(/%/g, '%25')}`), expect: [404] },
    // Request targets that are not a plain path.
    { name: 'absolute-form GET http://evil/', send: get('http://evil/'), expect: [400] },
    { name: 'absolute-form GET to this very host', send: (p) => get(`http://127.0.0.1:${p}/`)(p), expect: [400] },
    { name: 'absolute-form file:///etc/passwd', send: get('file:///etc/passwd'), expect: [400] },
    { name: 'asterisk-form OPTIONS *', send: req('OPTIONS', '*'), expect: [400, 405] },
    // Methods.
    { name: 'CONNECT', send: (p) => [`CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\n\r\n`], expect: [405] },
    { name: 'TRACE /', send: req('TRACE', '/'), expect: [405] },
    { name: 'OPTIONS /', send: req('OPTIONS', '/'), expect: [405] },
    { name: 'PUT /upload', send: req('PUT', '/upload', 'Content-Length: 3\r\n', 'a;b'), expect: [405] },
    { name: 'DELETE /index.html', send: req('DELETE', '/index.html'), expect: [405] },
    { name: 'POST / ', send: req('POST', '/', 'Content-Length: 2\r\n', '{}'), expect: [405] },
    { name: 'made-up method FOO', send: req('FOO', '/'), expect: [400, 405] },
    // Host header: missing, foreign, DNS rebinding, tricks.
    { name: 'no Host (HTTP/1.1)', send: () => ['GET / HTTP/1.1\r\nConnection: close\r\n\r\n'], expect: [400] },
    { name: 'no Host (HTTP/1.0)', send: () => ['GET / HTTP/1.0\r\n\r\n'], expect: [421] },
    { name: 'foreign Host', send: () => ['GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n'], expect: [421] },
    { name: 'DNS rebinding Host with our port', send: (p) => [`GET / HTTP/1.1\r\nHost: rebind.evil.example:${p}\r\nConnection: close\r\n\r\n`], expect: [421] },
    { name: 'Host without port', send: () => ['GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'], expect: [421] },
    { name: 'Host with userinfo', send: (p) => [`GET / HTTP/1.1\r\nHost: evil@127.0.0.1:${p}\r\nConnection: close\r\n\r\n`], expect: [421] },
    {
      name: 'two Host headers',
      send: (p) => [`GET / HTTP/1.1\r\nHost: evil.example\r\nHost: 127.0.0.1:${p}\r\nConnection: close\r\n\r\n`],
      expect: [400, 421],
    },
    // Size.
    { name: '100 KB path', send: get(`/${'a'.repeat(100 * 1024)}`), expect: [431, null] },
    {
      name: 'oversized headers (40 × 1 KB)',
      send: get('/', Array.from({ length: 40 }, (_, i) => `X-Pad-${i}: ${'b'.repeat(1024)}\r\n`).join('')),
      expect: [431, null],
    },
    { name: '3000 tiny headers', send: get('/', Array.from({ length: 3000 }, (_, i) => `X${i}: y\r\n`).join('')), expect: [431, null] },
    // WebSocket endpoint misuse.
    { name: '/ws without upgrade', send: get('/ws'), expect: [404] },
    { name: 'upgrade to another path', send: upgrade('/index.html', (p) => `127.0.0.1:${p}`, `Sec-WebSocket-Key: ${wsKey}\r\n`), expect: [404] },
    { name: 'upgrade to //ws', send: upgrade('//ws', (p) => `127.0.0.1:${p}`, `Sec-WebSocket-Key: ${wsKey}\r\n`), expect: [404] },
    { name: 'upgrade in absolute form', send: upgrade('http://evil/ws', (p) => `127.0.0.1:${p}`, `Sec-WebSocket-Key: ${wsKey}\r\n`), expect: [404] },
    { name: 'upgrade with a foreign Host', send: upgrade('/ws', () => 'evil.example', `Sec-WebSocket-Key: ${wsKey}\r\n`), expect: [421] },
    { name: 'upgrade with no Sec-WebSocket-Key', send: upgrade('/ws', (p) => `127.0.0.1:${p}`), expect: [400] },
    { name: 'upgrade to h2c', send: (p) => [`GET / HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n`], expect: [404] },
    // Uploads.
    { name: 'upload without token', send: req('POST', '/upload', 'Content-Length: 3\r\n', 'a;b'), expect: [401] },
    { name: 'upload with a wrong token', send: req('POST', '/upload', 'X-Console-Token: wrong\r\nContent-Length: 3\r\n', 'a;b'), expect: [401] },
    {
      name: 'upload with the token from a foreign Origin',
      send: (p, t) => req('POST', '/upload', `X-Console-Token: ${t}\r\nOrigin: http://evil.example\r\nContent-Length: 3\r\n`, 'a;b')(p),
      expect: [403],
    },
    { name: 'upload claiming 5 GB', send: (p, t) => req('POST', '/upload', `X-Console-Token: ${t}\r\nContent-Length: 5368709120\r\n`)(p), expect: [413] },
    {
      name: 'upload with a lying Content-Length, then closed',
      send: (p, t) => req('POST', '/upload', `X-Console-Token: ${t}\r\nContent-Length: 100000\r\n`, 'only a few bytes')(p),
      endEarly: true,
      expect: [400, null],
    },
    {
      name: 'upload with a negative Content-Length',
      send: (p, t) => req('POST', '/upload', `X-Console-Token: ${t}\r\nContent-Length: -1\r\n`)(p),
      expect: [400],
    },
    {
      name: 'upload with two different Content-Lengths',
      send: (p, t) => req('POST', '/upload', `X-Console-Token: ${t}\r\nContent-Length: 3\r\nContent-Length: 30\r\n`, 'a;b')(p),
      expect: [400],
    },
    {
      name: 'upload smuggling Transfer-Encoding with Content-Length',
      send: (p, t) => req('POST', '/upload', `X-Console-Token: ${t}\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n`, '0\r\n\r\n')(p),
      expect: [400],
    },
    {
      name: 'upload with a malformed chunk',
      send: (p, t) => req('POST', '/upload', `X-Console-Token: ${t}\r\nTransfer-Encoding: chunked\r\n`, 'zz\r\nabc\r\n0\r\n\r\n')(p),
      expect: [400, null],
    },
    // Not HTTP, or broken HTTP.
    { name: 'HTTP/0.9 (taken as a request without Host)', send: () => ['GET /\r\n\r\n'], expect: [400, 421, null] },
    { name: 'request line without target', send: () => ['GET\r\n\r\n'], expect: [400, null] },
    { name: 'garbage request line', send: () => ['\u0000\u0001\u0002 ABC\r\n\r\n'], expect: [400, null] },
    { name: 'HTTP/9.9', send: (p) => [`GET / HTTP/9.9\r\nHost: 127.0.0.1:${p}\r\n\r\n`], expect: [400, 505, null] },
    { name: 'LF-only line ends with a bare CR in a header', send: (p) => [`GET / HTTP/1.1\nHost: 127.0.0.1:${p}\nX: a\rb\n\n`], expect: [400, null] },
    { name: 'NUL in a header value', send: get('/', 'X-Evil: a\u0000b\r\n'), expect: [400, null] },
    { name: 'header without a colon', send: get('/', 'NoColonHere\r\n'), expect: [400, null] },
    { name: 'space before the colon', send: get('/', 'Host : evil.example\r\n'), expect: [400, null] },
    { name: 'TLS ClientHello on the plain port', send: () => [Buffer.from('16030100a5010000a10303', 'hex'), randomBytes(160)], expect: [400, null] },
    { name: 'slow half-sent request, closed early', send: () => ['GET /index.ht'], endEarly: true, expect: [400, null] },
    { name: 'half-sent headers, closed early', send: (p) => [`GET / HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\nX-Half: `], endEarly: true, expect: [400, null] },
    {
      name: 'valid request followed by garbage on the same socket',
      send: (p) => [`GET /%ff HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\n\r\n\u0000\u0001garbage\r\n\r\n`],
      expect: [400],
    },
  ];
}

describe('hostile HTTP against the browser-mode host', () => {
  let host: WebHostChild;
  const secret = `secret-${randomBytes(16).toString('hex')}`;
  beforeAll(async () => {
    host = await startWebHost();
    writeFileSync(join(host.dataDir, 'planted-secret.txt'), secret);
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('every hostile request gets a clean refusal, never a foreign file, and the same process lives on', async () => {
    const secretRel = relative(RENDERER_DIR, join(host.dataDir, 'planted-secret.txt'));
    expect(secretRel.startsWith('..')).toBe(true); // the planted file really is outside the renderer folder
    // A control: the harness does see a real answer when one is due.
    const control = await rawHttp(host.port, get('/')(host.port));
    expect(control.status).toBe(200);
    expect(control.raw).toContain('<div id="root">');

    const table = cases(secretRel);
    const failures: string[] = [];
    for (const c of table) {
      const a: RawAnswer = await rawHttp(host.port, c.send(host.port, host.token), { endEarly: c.endEarly ?? false });
      const got = a.status === null && a.closed ? null : a.status;
      if (!c.expect.includes(got))
        failures.push(
          `${c.name}: expected ${c.expect.join(' or ')}, got ${a.status ?? (a.closed ? 'closed socket' : 'no answer, socket left open')}: ${a.raw.slice(0, 120)}`,
        );
      if (a.raw.includes('root:') || a.raw.includes(secret) || a.raw.includes(host.token)) failures.push(`${c.name}: the answer leaks a file or the token`);
      if (!host.alive()) {
        failures.push(`${c.name}: the host process died\n${host.output()}`);
        break;
      }
    }
    expect(failures).toEqual([]);
    console.log(`hostile http: ${table.length} requests`);

    // Nothing half-written: the cut upload left no file for an import to pick up.
    expect(readdirSync(join(host.dataDir, 'uploads'))).toEqual([]);
    // The same process, still serving: the contract over its WebSocket and a page.
    expect(host.alive()).toBe(true);
    const c = await WsClient.open(host);
    expect(await c.call('app:info', {})).toMatchObject({ ok: true, value: { transport: 'web' } });
    c.close();
    expect((await rawHttp(host.port, get('/')(host.port))).status).toBe(200);
    // Each refusal was logged as a warning, none as a crash.
    expect(host.output()).not.toMatch(/URIError|uncaught|unhandled/i);
  });
});
