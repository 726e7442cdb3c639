/**
 * Hostile WebSocket frames against the real browser-mode host, after a valid token: broken
 * framing, bad UTF-8, oversized and fragmented frames, payloads that are not requests. Each
 * either gets an envelope (the socket stays usable) or closes that one socket with a protocol
 * close code; the host process lives on and answers `app:info` on a fresh socket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawWs, WsClient, frame, startWebHost, until, type WebHostChild } from './webHost';

type FrameCase = {
  readonly name: string;
  readonly bytes: () => Buffer;
  /** 'envelope': answered with an error envelope, socket still usable; a number: closed with that code. */
  readonly expect: 'envelope' | number;
};

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

const CASES: readonly FrameCase[] = [
  { name: 'not JSON', bytes: () => frame('not json'), expect: 'envelope' },
  { name: 'JSON array', bytes: () => frame('[1,2,3]'), expect: 'envelope' },
  { name: 'JSON null', bytes: () => frame('null'), expect: 'envelope' },
  { name: 'request without id', bytes: () => frame('{"channel":"app:info","input":{}}'), expect: 'envelope' },
  { name: 'id that is an object', bytes: () => frame('{"id":{"x":1},"channel":"app:info"}'), expect: 'envelope' },
  { name: 'unknown channel', bytes: () => frame('{"id":1,"channel":"__proto__","input":{}}'), expect: 'envelope' },
  { name: 'prototype pollution attempt', bytes: () => frame('{"id":2,"channel":"app:info","input":{"__proto__":{"polluted":true}}}'), expect: 'envelope' },
  { name: '100,000 nested arrays', bytes: () => frame(`{"id":3,"channel":"app:info","input":${deep(100_000)}}`), expect: 'envelope' },
  { name: 'binary frame', bytes: () => frame(Buffer.from([1, 2, 3]), { first: 0x82 }), expect: 'envelope' },
  { name: 'text frame of invalid UTF-8', bytes: () => frame(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), expect: 1007 },
  { name: 'unmasked client frame', bytes: () => frame('{"id":1}', { masked: false }), expect: 1002 },
  { name: 'reserved opcode 0x3', bytes: () => frame('x', { first: 0x83 }), expect: 1002 },
  { name: 'RSV1 set without an extension', bytes: () => frame('x', { first: 0xc1 }), expect: 1002 },
  { name: 'continuation frame with nothing to continue', bytes: () => frame('x', { first: 0x80 }), expect: 1002 },
  { name: 'frame over the 1 MiB payload limit', bytes: () => frame(Buffer.alloc(2 * 1024 * 1024, 0x20)), expect: 1009 },
  { name: 'close frame with an invalid code', bytes: () => frame(Buffer.from([0x00, 0x05]), { first: 0x88 }), expect: 1002 },
  { name: 'ping with a 200-byte payload (control frames are at most 125)', bytes: () => frame(Buffer.alloc(200), { first: 0x89 }), expect: 1002 },
];

describe('hostile WebSocket frames against the browser-mode host', () => {
  let host: WebHostChild;
  beforeAll(async () => {
    host = await startWebHost();
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('each broken frame gets an envelope or closes only its own socket with a protocol code; the host lives on', async () => {
    const failures: string[] = [];
    for (const c of CASES) {
      const raw = await RawWs.open(host);
      raw.sendRaw(c.bytes());
      if (c.expect === 'envelope') {
        // Answered (by id or, when there is no usable id, with id null), then still usable.
        await until(`${c.name}: an answer`, () => raw.unaddressed.length + raw.replies.size > 0 || raw.closed !== null, 10_000);
        const answers = [...raw.unaddressed, ...raw.replies.values()];
        if (raw.closed !== null || answers.length !== 1 || answers[0] === 'ok')
          failures.push(`${c.name}: expected one error envelope, got ${JSON.stringify(answers)}, closed ${String(raw.closed)}`);
        raw.sendAll([JSON.stringify({ id: 'after', channel: 'app:info', input: {} })]);
        await until(`${c.name}: the next answer`, () => raw.replies.has('after') || raw.closed !== null, 10_000);
        if (raw.replies.get('after') !== 'ok') failures.push(`${c.name}: the socket did not answer the next request`);
      } else {
        await until(`${c.name}: the close`, () => raw.closed !== null, 10_000);
        if (raw.closed !== c.expect) failures.push(`${c.name}: expected close ${c.expect}, got ${String(raw.closed)}`);
      }
      raw.close();
      if (!host.alive()) {
        failures.push(`${c.name}: the host process died\n${host.output()}`);
        break;
      }
    }
    expect(failures).toEqual([]);
    console.log(`hostile websocket: ${CASES.length} frames`);
    const c = await WsClient.open(host);
    expect(await c.call('app:info', {})).toMatchObject({ ok: true, value: { transport: 'web' } });
    c.close();
  });
});
