/**
 * Hostile SIP: caller-ID forms and malformed INVITEs sent by sipp through the rig's Kamailio to
 * the real console host (sip.js UA over WebSocket, null media). One scenario file
 * (sipp/uac-hostile.xml) takes each case through -key. For every case: it either rang (the host
 * showed a ringing call; sipp then CANCELs) or was refused with a clear SIP status (sipp logs the
 * code and the Warning), never the silence that made the PBX give up with 408; and it left exactly
 * one call-log row with the expected number or raw caller ID (R-CALL-WAIT).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRig, type Rig } from '../../sip-rig/rig';
import { describeSipp, runSipp } from '../../sip-rig/sippRunner';
import { settle, startConsole, type Console } from '../softphone/console';
import type { CallLogRow } from '../../../src-shared/ipc/calls';

const SDP = [
  'v=0',
  'o=sipp 1 1 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 6000 RTP/AVP 8 0 101',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=sendrecv',
  '',
].join('\r\n');

type Case = {
  readonly name: string;
  readonly from: string;
  readonly extra?: string;
  readonly ctype?: string;
  readonly sdp?: string;
  /** 'rings', or the SIP status the caller must get. */
  readonly expect: 'rings' | 400 | 488;
  /** The call's and the row's remoteNumber. */
  readonly number: string;
  /** The caller name on the ringing call (undefined: not checked). */
  readonly callerName?: string | null;
  /** R-ID-PHONE: the contracts the card pops (undefined: not checked). */
  readonly candidates?: readonly string[];
};

const H = '127.0.0.1';
const CASES: readonly Case[] = [
  { name: 'tel: URI', from: '<tel:+79039691445>', expect: 'rings', number: '+79039691445', candidates: ['Д-000001'] },
  {
    name: 'tel: URI with separators and phone-context',
    from: '"Иванов" <tel:8-903-969-14-45;phone-context=+7>',
    expect: 'rings',
    number: '+79039691445',
    callerName: 'Иванов',
  },
  {
    name: 'number only in the display name',
    from: `"8 903 969-14-45" <sip:anonymous@anonymous.invalid>`,
    expect: 'rings',
    number: '+79039691445',
    candidates: ['Д-000001'],
  },
  { name: 'sip:+7', from: `<sip:+79161110001@${H}>`, expect: 'rings', number: '+79161110001' },
  { name: 'sip:8', from: `<sip:89161110002@${H}>`, expect: 'rings', number: '+79161110002' },
  { name: 'ten digits', from: `<sip:9161110003@${H}>`, expect: 'rings', number: '+79161110003' },
  { name: ';user=phone', from: `<sip:+79161110004@${H};user=phone>`, expect: 'rings', number: '+79161110004' },
  { name: '%2B escape', from: `<sip:%2B79161110005@${H};user=phone>`, expect: 'rings', number: '+79161110005' },
  {
    name: 'control characters in the display name',
    from: `"Ива\u0001но\u0007в" <sip:+79161110006@${H}>`,
    expect: 'rings',
    number: '+79161110006',
    callerName: 'Иванов',
  },
  {
    name: 'control characters with a tel: URI',
    from: `"\u001b[31mИванов" <tel:+79161110007>`,
    expect: 'rings',
    number: '+79161110007',
    callerName: '[31mИванов',
  },
  {
    name: 'bidi override in the display name',
    from: `"\u202eвонавИ\u202c" <sip:+79161110008@${H}>`,
    expect: 'rings',
    number: '+79161110008',
    callerName: 'вонавИ',
  },
  {
    name: 'P-Asserted-Identity over an anonymous From',
    from: `"Anonymous" <sip:anonymous@anonymous.invalid>`,
    extra: 'P-Asserted-Identity: <tel:+79161110009>',
    expect: 'rings',
    number: '+79161110009',
    callerName: 'Anonymous',
  },
  {
    name: 'anonymous, no number anywhere: the raw caller ID is kept',
    from: `"Anonymous" <sip:anonymous@anonymous.invalid>`,
    expect: 'rings',
    number: 'anonymous',
  },
  { name: 'a 6 KB header', from: `<sip:+79161110010@${H}>`, extra: `X-Pad: ${'x'.repeat(6144)}`, expect: 'rings', number: '+79161110010' },
  { name: 'a 3 KB display name', from: `"${'Я'.repeat(3000)}" <sip:+79161110011@${H}>`, expect: 'rings', number: '+79161110011', callerName: 'Я'.repeat(64) },
  { name: 'no SDP (delayed offer)', from: `<sip:+79161110012@${H}>`, sdp: '', expect: 'rings', number: '+79161110012' },
  { name: 'garbage SDP', from: `<sip:+79161110013@${H}>`, sdp: 'this is not a session description\r\n', expect: 488, number: '+79161110013' },
  {
    name: 'SDP without audio',
    from: `<sip:+79161110014@${H}>`,
    sdp: SDP.replace(/m=audio[^\r]*/, 'm=video 6000 RTP/AVP 96'),
    expect: 488,
    number: '+79161110014',
  },
  { name: 'a body that is not SDP', from: `<sip:+79161110015@${H}>`, ctype: 'text/plain', sdp: 'hello\r\n', expect: 488, number: '+79161110015' },
  { name: 'a header sip.js cannot parse (Refer-To)', from: `<sip:+79161110016@${H}>`, extra: 'Refer-To: <<<not a uri', expect: 400, number: '+79161110016' },
  {
    name: 'unparsable header with a tel: caller',
    from: `"Ива\u0001нов" <tel:+79161110017>`,
    extra: 'Refer-To: <<<not a uri',
    expect: 400,
    number: '+79161110017',
  },
];

describe('hostile SIP: every INVITE rings or is refused with a clear status, and leaves one row', () => {
  let rig: Rig;
  let c: Console;
  let count = 0;
  beforeAll(async () => {
    rig = await startRig();
    c = await startConsole({ rig });
  });
  afterAll(async () => {
    console.log(`hostile sip: ${count} scenarios`);
    c?.close();
    await rig?.stop();
  });
  afterEach(async () => {
    await settle(c);
  });

  const allRows = async (): Promise<CallLogRow[]> => c.call('calls:log', { limit: 500 });

  it.each(CASES)('$name', async (k) => {
    const before = new Set((await allRows()).map((r) => r.id));
    const mark = c.mark();
    const res = await runSipp({
      scenario: 'uac-hostile.xml',
      remote: `127.0.0.1:${rig.udpPort}`,
      service: '1001',
      pauseMs: 150,
      timeoutS: 10,
      keys: { from: k.from, extra: k.extra ?? 'X-Hostile: none', ctype: k.ctype ?? 'application/sdp', sdp: k.sdp ?? SDP },
    });
    count++;
    expect(res.exitCode, describeSipp(res)).toBe(0);
    const shown = c.events
      .slice(mark)
      .flatMap((e) =>
        e.event === 'calls:state'
          ? (e.payload as { calls: { id: string; state: string; direction: string; remoteNumber: string; remoteName: string | null; candidates: string[] }[] })
              .calls
          : [],
      );
    if (k.expect === 'rings') {
      expect(res.log, describeSipp(res)).toContain('RINGING');
      expect(res.log).toContain('TERMINATED 487');
      const rang = shown.find((x) => x.state === 'ringing' && x.direction === 'inbound');
      expect(rang, 'the host showed a ringing call').toBeDefined();
      expect(rang?.remoteNumber).toBe(k.number);
      if (k.callerName !== undefined) expect(rang?.remoteName).toBe(k.callerName);
      if (k.candidates) expect(rang?.candidates).toEqual(k.candidates);
    } else {
      expect(res.log, describeSipp(res)).toMatch(new RegExp(`REJECTED ${k.expect} Warning: 399 operator-console "[^"]{5,}"`));
      expect(
        shown.filter((x) => x.direction === 'inbound'),
        'a refused call is never shown',
      ).toEqual([]);
    }
    // Exactly one new row, with the number (or the raw caller ID), closed.
    let fresh: CallLogRow[] = [];
    for (const deadline = Date.now() + 3000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
      fresh = (await allRows()).filter((r) => !before.has(r.id));
      if (fresh.length > 0 && fresh.every((r) => r.endedAt !== null)) break;
    }
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).toMatchObject({ direction: 'inbound', remoteNumber: k.number, outcome: k.expect === 'rings' ? 'missed' : 'failed', answeredAt: null });
    expect(fresh[0]?.endedAt).not.toBeNull();
  });
});
