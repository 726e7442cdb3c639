/**
 * Attended transfer through the real console host: the customer (sipp) calls in, the operator
 * holds them, consults a colleague (a second sipp, dialled as 2002), then joins the two: the
 * console sends the customer a REFER whose Refer-To names the colleague with `Replaces` = the
 * consult dialog, and leaves both calls.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRig, type Rig } from '../../sip-rig/rig';
import { describeSipp, startSipp, type SippHandle } from '../../sip-rig/sippRunner';
import { settle, startConsole, type Console } from './console';

describe('attended transfer (sipp -> Kamailio -> console host -> sipp)', () => {
  let rig: Rig;
  let c: Console;
  const running: SippHandle[] = [];
  beforeAll(async () => {
    rig = await startRig();
    c = await startConsole({ rig });
  });
  afterAll(async () => {
    c?.close();
    await rig?.stop();
  });
  afterEach(async () => {
    for (const h of running.splice(0)) await h.kill();
    await settle(c);
  });

  it('REFER with Replaces of the consult dialog goes to the held customer; both rows say transferred', async () => {
    const colleague = await startSipp({ scenario: 'uas-answer.xml' });
    running.push(colleague);
    await rig.bindUser('2002', colleague.port);

    const mark = c.mark();
    const customer = await startSipp({ scenario: 'uac-attended-transferee.xml', remote: `127.0.0.1:${rig.udpPort}`, service: '1001' });
    running.push(customer);
    const ring = await c.waitCall((x) => x.direction === 'inbound' && x.state === 'ringing', { since: mark });
    await c.call('calls:answer', { callId: ring.id });
    await customer.waitForLog(/ACK-SENT/);
    await c.call('calls:hold', { callId: ring.id, on: true });
    await customer.waitForLog(/REINVITE a=sendonly/);

    const consult = await c.call('calls:dial', { target: '2002', contractNo: null });
    await c.waitCall((x) => x.id === consult.id && x.state === 'active', { since: mark });
    await colleague.waitForLog(/ANSWERED/);

    // The REFER's 202 only says the customer's phone will try; both lines leave on its NOTIFY 200.
    await c.call('calls:attendedTransfer', { callId: ring.id, consultCallId: consult.id });
    const done = await c.waitCall((x) => x.id === ring.id && x.state === 'ended', { since: mark });
    expect(done).toMatchObject({ outcome: 'transferred', transfer: { state: 'done', code: 200 } });
    await c.waitCall((x) => x.id === consult.id && x.state === 'ended', { since: mark });

    const cust = await customer.waitExit();
    expect(cust.exitCode, describeSipp(cust)).toBe(0);
    const referTo = /REFER-TO (.*)/.exec(cust.log)?.[1] ?? '';
    // Refer-To is the colleague's remote target (its Contact), as RFC 5589 says.
    expect(referTo).toContain(`sip:127.0.0.1:${colleague.port}`);
    // Replaces names the consult dialog: its Call-ID (as the colleague saw it) and both tags.
    const consultCallId = /CALL-ID (\S+)/.exec((await colleague.waitExit()).log)?.[1] ?? '';
    expect(consultCallId).not.toBe('');
    const replaces = decodeURIComponent(/Replaces=([^>]*)/.exec(referTo)?.[1] ?? '');
    expect(replaces.startsWith(consultCallId)).toBe(true);
    expect(replaces).toMatch(/to-tag=[^;]+/);
    expect(replaces).toMatch(/from-tag=[^;]+/);

    expect((await c.logRow(ring.id)).outcome).toBe('transferred');
    expect((await c.logRow(consult.id)).outcome).toBe('transferred');
    await c.wrapUp(ring.id);
  });
});
