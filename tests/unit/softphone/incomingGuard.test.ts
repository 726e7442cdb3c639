import { describe, expect, it } from 'vitest';
import { Core } from 'sip.js';
import { rawHeaders, standInFrom } from '../../../src-main/softphone/incomingGuard';

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
