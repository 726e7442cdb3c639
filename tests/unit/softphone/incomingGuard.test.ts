import { afterEach, describe, expect, it, vi } from 'vitest';
import { Core, UserAgent, type Invitation } from 'sip.js';
import { WebSocketServer, type WebSocket } from 'ws';
import { installIncomingGuard, rawHeaders, standInFrom, type RefusedInvite } from '../../../src-main/softphone/incomingGuard';
import { installWsForSipJs } from '../../../src-main/softphone/ws';
import { createLogger } from '../../../src-main/log';
import { until } from '../../helpers/until';

const invite = (from: string) =>
  [
    `INVITE sip:1001@h SIP/2.0`,
    'Via: SIP/2.0/WS a.invalid;branch=z9hG4bK1',
    `From: ${from}`,
    'To: <sip:1001@h>',
    'Call-ID: c1',
    'CSeq: 1 INVITE',
    'Max-Forwards: 70',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
const quiet = { error: () => undefined, warn: () => undefined, log: () => undefined, debug: () => undefined } as unknown as Core.Logger;

describe('incoming guard helpers', () => {
  it('reads raw headers with compact names and folded lines', () => {
    const h = rawHeaders('INVITE sip:a@b SIP/2.0\r\nf: <tel:+79039691445>\r\n ;tag=1\r\nv: SIP/2.0/WS x\r\n\r\nbody');
    expect(h.firstLine).toBe('INVITE sip:a@b SIP/2.0');
    expect(h.headers).toEqual([
      { name: 'from', value: '<tel:+79039691445> ;tag=1' },
      { name: 'via', value: 'SIP/2.0/WS x' },
    ]);
    expect(h.body).toBe('body');
  });

  it.each([
    ['<tel:+79039691445>;tag=abc', '<sip:+79039691445@caller.invalid>;tag=abc'],
    ['"Ива\u0001нов" <sip:+79039691445@h>;tag=abc', '"Иванов" <sip:+79039691445@caller.invalid>;tag=abc'],
    ['"a\\"b\u0007" <tel:unknown>;tag=abc', '"a\\"b" <sip:anonymous@caller.invalid>;tag=abc'],
  ])('a From sip.js refuses (%j) gets a stand-in it parses, with the same tag', (from, standIn) => {
    expect(Core.Parser.parseMessage(invite(from), quiet)).toBeUndefined(); // why the guard exists
    expect(standInFrom(from)).toBe(standIn);
    const msg = Core.Parser.parseMessage(invite(standIn), quiet);
    expect(msg?.fromTag).toBe('abc');
  });

  it('no tag, no stand-in (the request is refused instead)', () => {
    expect(standInFrom('<tel:+79039691445>')).toBeNull();
  });
});

/** A started sip.js UA behind the guard, connected to a loopback WebSocket server that plays the PBX. */
async function guardedUa() {
  installWsForSipJs();
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'sip' });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const pbx: { socket: WebSocket | null; received: string[] } = { socket: null, received: [] };
  wss.on('connection', (ws) => {
    pbx.socket = ws;
    ws.on('message', (m) => pbx.received.push(String(m)));
  });
  const invites: Invitation[] = [];
  const refused: RefusedInvite[] = [];
  const ua = new UserAgent({
    uri: UserAgent.makeURI('sip:1001@127.0.0.1'),
    transportOptions: { server: `ws://127.0.0.1:${(wss.address() as { port: number }).port}` },
    logLevel: 'error',
    delegate: { onInvite: (inv) => invites.push(inv) },
  });
  installIncomingGuard(ua, { log: createLogger('test'), onRefused: (r) => refused.push(r) });
  await ua.start();
  await until('the UA connected', () => pbx.socket !== null);
  return {
    pbx,
    invites,
    refused,
    ua,
    close: async () => {
      await ua.stop();
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
}

const callInvite = (callId: string, contentLength?: number) => {
  const body = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n';
  return [
    'INVITE sip:1001@127.0.0.1 SIP/2.0',
    'Via: SIP/2.0/WS pbx.invalid;branch=z9hG4bK-' + callId,
    'From: "Иванов" <sip:+79039691445@127.0.0.1>;tag=f1',
    'To: <sip:1001@127.0.0.1>',
    `Call-ID: ${callId}`,
    'CSeq: 1 INVITE',
    'Contact: <sip:+79039691445@pbx.invalid;transport=ws>',
    'Max-Forwards: 70',
    'Content-Type: application/sdp',
    `Content-Length: ${contentLength ?? new TextEncoder().encode(body).length}`,
    '',
    body,
  ].join('\r\n');
};

describe('incoming guard on a running UA', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const c of cleanups.splice(0)) await c();
  });

  it('an INVITE that parses reaches sip.js parsed once (the pop does not pay for the grammar twice)', async () => {
    const g = await guardedUa();
    cleanups.push(g.close);
    const parses = vi.spyOn(Core.Parser, 'parseMessage');
    g.pbx.socket?.send(callInvite('once-1'));
    await until('the INVITE offered', () => g.invites.length === 1);
    expect(g.invites[0]?.request.callId).toBe('once-1');
    expect(g.invites[0]?.request.from.uri.user).toBe('+79039691445');
    expect(parses).toHaveBeenCalledTimes(1);
    await until('100 Trying sent', () => g.pbx.received.some((m) => m.startsWith('SIP/2.0 100') && m.includes('once-1')));
    expect(g.refused).toEqual([]);
  });

  it("keeps sip.js' own request checks: a body shorter than its Content-Length is answered 400 and never offered", async () => {
    const g = await guardedUa();
    cleanups.push(g.close);
    g.pbx.socket?.send(callInvite('short-1', 4000));
    await until('400 sent', () => g.pbx.received.some((m) => m.startsWith('SIP/2.0 400') && m.includes('short-1')));
    g.pbx.socket?.send(callInvite('fine-2')); // the next call still rings
    await until('the next INVITE offered', () => g.invites.length === 1);
    expect(g.invites.map((i) => i.request.callId)).toEqual(['fine-2']);
  });

  it("keeps sip.js' loop check: an INVITE carrying this UA's own id in its Call-ID is answered 482", async () => {
    const g = await guardedUa();
    cleanups.push(g.close);
    const own = `${g.ua.configuration.sipjsId}loop`;
    g.pbx.socket?.send(callInvite(own));
    await until('482 sent', () => g.pbx.received.some((m) => m.startsWith('SIP/2.0 482') && m.includes(own)));
    expect(g.invites).toEqual([]);
  });
});
