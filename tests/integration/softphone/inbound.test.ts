/**
 * Inbound calls through the real console host: sipp (a caller on the PBX's UDP side) -> Kamailio
 * -> the host's sip.js UA over WebSocket, null media. The far end's view (sipp's exit code and
 * log) is asserted together with the console's events and its call log.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRig, type Rig } from '../../sip-rig/rig';
import { describeSipp, runSipp, startSipp, type SippHandle, type SippOptions } from '../../sip-rig/sippRunner';
import { accountFor, settle, startConsole, type Console } from './console';

describe('inbound calls (sipp -> Kamailio -> console host)', () => {
  let rig: Rig;
  let c: Console;
  beforeAll(async () => {
    rig = await startRig();
    c = await startConsole({ rig });
  });
  afterAll(async () => {
    c?.close();
    await rig?.stop();
  });
  // Each test leaves the console as it found it, even when it fails: no far end left running,
  // no call up, the operator available (not in wrap-up, which would answer the next call 486).
  const running: SippHandle[] = [];
  afterEach(async () => {
    for (const h of running.splice(0)) await h.kill();
    await settle(c);
  });

  const caller = async (scenario: string, o: Partial<SippOptions> = {}): Promise<SippHandle> => {
    const h = await startSipp({ scenario, remote: `127.0.0.1:${rig.udpPort}`, service: '1001', ...o });
    running.push(h);
    return h;
  };
  const ringing = (since: number) => c.waitCall((x) => x.direction === 'inbound' && x.state === 'ringing', { since });

  it('R-ID-PHONE, R-CALL-WAIT: the caller ID pops the contract while it rings; answered and hung up by the far end, the log row is complete', async () => {
    const mark = c.mark();
    const sipp = await caller('uac-bye.xml', { pauseMs: 300, keys: { callerid: '89039691445', callername: 'Иванов' } });
    const ring = await ringing(mark);
    // The From user in a national form is normalised; the demo contract Д-000001 has this phone.
    expect(ring).toMatchObject({ remoteNumber: '+79039691445', remoteName: 'Иванов', candidates: ['Д-000001'], contractNo: 'Д-000001', line: '1001' });
    const offeredRow = await c.logRow(ring.id);
    expect(offeredRow).toMatchObject({
      direction: 'inbound',
      remoteNumber: '+79039691445',
      answeredAt: null,
      endedAt: null,
      outcome: null,
      operator: 'Оператор',
    });
    expect(offeredRow.offeredAt).toBe(ring.offeredAt);

    await new Promise((r) => setTimeout(r, 50)); // some wait time to measure
    const answered = await c.call('calls:answer', { callId: ring.id });
    expect(answered.state).toBe('active');
    const ended = await c.waitCall((x) => x.id === ring.id && x.state === 'ended', { since: mark });
    expect(ended.outcome).toBe('answered');
    const res = await sipp.waitExit();
    expect(res.exitCode, describeSipp(res)).toBe(0);
    expect(res.log).toContain('BYE-ANSWERED 200');

    const row = await c.logRow(ring.id, '+7 903 969-14-45');
    expect(row).toMatchObject({ outcome: 'answered', contractNo: 'Д-000001', verified: false });
    expect(row.answeredAt).not.toBeNull();
    expect(row.endedAt).not.toBeNull();
    expect(row.waitMs).toBe(Date.parse(row.answeredAt!) - Date.parse(row.offeredAt));
    expect(row.waitMs!).toBeGreaterThanOrEqual(50);
    expect(row.talkMs).toBe(Date.parse(row.endedAt!) - Date.parse(row.answeredAt!));
    expect(row.talkMs!).toBeGreaterThanOrEqual(250);
    await c.wrapUp(ring.id);
  });

  it('R-ID-PHONE: a shared phone pops every contract on it and presets none', async () => {
    const mark = c.mark();
    const sipp = await caller('uac-cancel.xml', { pauseMs: 200, keys: { callerid: '+74951234567', callername: 'Shared' } });
    const ring = await ringing(mark);
    expect([...ring.candidates].sort()).toEqual(['Д-000002', 'Д-000003']);
    expect(ring.contractNo).toBeNull();
    expect((await sipp.waitExit()).exitCode).toBe(0);
  });

  it('R-CALL-WAIT: CANCEL before answer closes the row as cancelled, the wait counted to the end', async () => {
    const mark = c.mark();
    const sipp = await caller('uac-cancel.xml', { pauseMs: 200 });
    const ring = await ringing(mark);
    const ended = await c.waitCall((x) => x.id === ring.id && x.state === 'ended', { since: mark });
    expect(ended.outcome).toMatch(/^(cancelled|missed)$/);
    const res = await sipp.waitExit();
    expect(res.exitCode, describeSipp(res)).toBe(0);
    expect(res.log).toContain('TERMINATED 487');
    const row = await c.logRow(ring.id);
    expect(row.answeredAt).toBeNull();
    expect(row.outcome).toBe(ended.outcome);
    expect(row.waitMs).toBe(Date.parse(row.endedAt!) - Date.parse(row.offeredAt));
    expect(row.waitMs!).toBeGreaterThanOrEqual(150);
    expect(row.talkMs ?? 0).toBe(0);
    // Nothing to wrap up after a missed call: the operator is available again.
    expect((await c.call('agent:status', {})).state).toBe('available');
  });

  it('the operator declines a ringing call: sipp gets a refusal, the row says declined', async () => {
    const mark = c.mark();
    const sipp = await caller('uac-reject.xml');
    const ring = await ringing(mark);
    await c.call('calls:decline', { callId: ring.id });
    const res = await sipp.waitExit();
    expect(res.exitCode, describeSipp(res)).toBe(0);
    expect(res.log).toMatch(/REJECTED (486|603)/);
    expect((await c.logRow(ring.id)).outcome).toBe('declined');
  });

  it('agent on break: the call is answered 486 Busy Here, never shown, and still logged', async () => {
    await c.call('agent:setState', { state: 'break', reason: 'обед' });
    const mark = c.mark();
    try {
      const res = await runSipp({ scenario: 'uac-reject.xml', remote: `127.0.0.1:${rig.udpPort}`, service: '1001', keys: { callerid: '+79161112233' } });
      expect(res.exitCode, describeSipp(res)).toBe(0);
      expect(res.log).toContain('REJECTED 486');
    } finally {
      await c.call('agent:setState', { state: 'available', reason: null });
    }
    const shown = c.events.slice(mark).some((e) => e.event === 'calls:state' && JSON.stringify(e.payload).includes('+79161112233'));
    expect(shown).toBe(false);
    const rows = await c.call('calls:log', { number: '+79161112233' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ direction: 'inbound', outcome: 'busy', answeredAt: null });
    expect(rows[0]!.endedAt).not.toBeNull();
  });

  it('agent on break with "not offered": 480 lets the PBX route elsewhere; logged as missed', async () => {
    let mark = c.mark();
    await c.call('softphone:saveAccount', { account: accountFor(rig, { whenBusy: 'not-offered' }), password: null });
    await c.waitStatus('registered', { since: mark });
    await c.call('agent:setState', { state: 'break', reason: 'обучение' });
    try {
      const res = await runSipp({ scenario: 'uac-reject.xml', remote: `127.0.0.1:${rig.udpPort}`, service: '1001', keys: { callerid: '+79162223344' } });
      expect(res.exitCode, describeSipp(res)).toBe(0);
      expect(res.log).toContain('REJECTED 480');
    } finally {
      await c.call('agent:setState', { state: 'available', reason: null });
      mark = c.mark();
      await c.call('softphone:saveAccount', { account: accountFor(rig), password: null });
      await c.waitStatus('registered', { since: mark });
    }
    const rows = await c.call('calls:log', { number: '+79162223344' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'missed', answeredAt: null });
  });

  it('hold / unhold re-INVITEs (sendonly, then sendrecv) and DTMF over SIP INFO reach sipp; the console hangs up', async () => {
    const mark = c.mark();
    const sipp = await caller('uac-call.xml');
    const ring = await ringing(mark);
    await c.call('calls:answer', { callId: ring.id });
    // Let the caller's ACK reach the console first (see the next test for hold before the ACK).
    await sipp.waitForLog(/ACK-SENT/);
    await new Promise((r) => setTimeout(r, 30));
    const held = await c.call('calls:hold', { callId: ring.id, on: true });
    expect(held).toMatchObject({ state: 'held', onHold: true });
    await sipp.waitForLog(/REINVITE a=(sendonly|inactive)/);
    const back = await c.call('calls:hold', { callId: ring.id, on: false });
    expect(back).toMatchObject({ state: 'active', onHold: false });
    await sipp.waitForLog(/REINVITE a=sendrecv/);
    await c.call('calls:dtmf', { callId: ring.id, tones: '1#' });
    await sipp.waitForLog(/DTMF-INFO Signal=#/);
    const hung = await c.call('calls:hangup', { callId: ring.id });
    expect(hung).toMatchObject({ state: 'ended', outcome: 'answered' });
    const res = await sipp.waitExit();
    expect(res.exitCode, describeSipp(res)).toBe(0);
    expect(res.log).toMatch(/DTMF-INFO Signal=1\s[\s\S]*DTMF-INFO Signal=#/);
    expect(res.log).toContain('BYE-RECEIVED');
    await c.wrapUp(ring.id);
  });

  it("hold right after answering (before the caller's ACK has arrived) keeps the call up", async () => {
    // RFC 3261 14.1: no re-INVITE while the INVITE transaction is still open; sip.js 0.21 tears
    // the call down (BYE, Reason 488) when the ACK arrives in HaveLocalOffer. The host must wait.
    const mark = c.mark();
    const sipp = await caller('uac-call.xml');
    const ring = await ringing(mark);
    await c.call('calls:answer', { callId: ring.id });
    const held = await c.call('calls:hold', { callId: ring.id, on: true });
    expect(held.state).toBe('held');
    await sipp.waitForLog(/REINVITE a=(sendonly|inactive)/);
    await new Promise((r) => setTimeout(r, 100));
    expect((await c.call('calls:list', {})).calls.find((x) => x.id === ring.id)?.state).toBe('held');
    await c.call('calls:hangup', { callId: ring.id });
    const res = await sipp.waitExit();
    expect(res.exitCode, describeSipp(res)).toBe(0);
    expect(res.log).not.toContain('488');
  });

  it('blind transfer: REFER to 2002 at the PBX with its port; the console waits for the NOTIFY 200 (sipfrag), then leaves; the target gets the INVITE; the row says transferred', async () => {
    const target = await startSipp({ scenario: 'uas-answer.xml' });
    running.push(target);
    await rig.bindUser('2002', target.port);
    const mark = c.mark();
    const sipp = await caller('uac-transferee.xml', { pauseMs: 200 });
    const ring = await ringing(mark);
    await c.call('calls:answer', { callId: ring.id });
    const asked = await c.call('calls:transfer', { callId: ring.id, target: '2002' });
    // The 202 only says the far end will try: the call is still up until the NOTIFY reports.
    expect(asked.transfer).toMatchObject({ target: `sip:2002@127.0.0.1:${rig.udpPort}` });
    const done = await c.waitCall((x) => x.id === ring.id && x.state === 'ended', { since: mark });
    expect(done).toMatchObject({ outcome: 'transferred', transfer: { state: 'done', code: 200, reason: 'OK' } });
    const res = await sipp.waitExit();
    expect(res.exitCode, describeSipp(res)).toBe(0);
    // Without the port a transferee dials 127.0.0.1:5060, where no PBX listens.
    expect(res.log).toContain(`REFER-TO sip:2002@127.0.0.1:${rig.udpPort}`);
    expect(res.log).toContain('BYE-RECEIVED after NOTIFY'); // the NOTIFY was answered 200, not 481 after an early BYE
    const t = await target.waitExit();
    expect(t.exitCode, describeSipp(t)).toBe(0);
    expect(t.log).toMatch(/OFFERED INVITE sip:2002@127\.0\.0\.1:\d+ TO +<sip:2002@127\.0\.0\.1:\d+> FROM +"Caller" <sip:\+79039691445@/);
    expect((await c.logRow(ring.id)).outcome).toBe('transferred');
    await c.wrapUp(ring.id);
  });

  it('blind transfer that fails (NOTIFY 100 then 486): the operator keeps the call and sees why; hanging up later is an ordinary answered call', async () => {
    const mark = c.mark();
    const sipp = await caller('uac-transferee-fails.xml');
    const ring = await ringing(mark);
    await c.call('calls:answer', { callId: ring.id });
    await c.call('calls:transfer', { callId: ring.id, target: '2002' });
    const failed = await c.waitCall((x) => x.id === ring.id && x.transfer?.state === 'failed', { since: mark });
    expect(failed).toMatchObject({ state: 'active', outcome: null, transfer: { state: 'failed', code: 486, reason: 'Busy Here' } });
    await sipp.waitForLog(/NOTIFY-ANSWERED 200 \(SIP\/2\.0 486/);
    expect(sipp.log()).toContain('NOTIFY-ANSWERED 200 (SIP/2.0 100 Trying)');
    await c.call('calls:hangup', { callId: ring.id });
    const res = await sipp.waitExit();
    expect(res.exitCode, describeSipp(res)).toBe(0);
    expect((await c.logRow(ring.id)).outcome).toBe('answered');
    await c.wrapUp(ring.id);
  });

  it('R-CALL-REPEAT: the log finds these calls by number, contract and operator', async () => {
    const byNumber = await c.call('calls:log', { number: '8 903 969 14 45' });
    expect(byNumber.length).toBeGreaterThanOrEqual(3);
    expect(byNumber.every((r) => r.remoteNumber === '+79039691445')).toBe(true);
    const byContract = await c.call('calls:log', { contractNo: 'Д-000001' });
    expect(byContract.length).toBeGreaterThanOrEqual(1);
    const byOperator = await c.call('calls:log', { operator: 'Оператор' });
    expect(byOperator.length).toBeGreaterThanOrEqual(byNumber.length);
    const none = await c.call('calls:log', { from: new Date(Date.now() + 3_600_000).toISOString() });
    expect(none).toHaveLength(0);
  });
});
