/**
 * Softphone registration through the real console host against Kamailio:
 * with and without digest auth, a wrong password, and a PBX crash while registered.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { startRig, type Rig } from '../../sip-rig/rig';
import { describeSipp, startSipp } from '../../sip-rig/sippRunner';
import { startConsole, type Console } from './console';

describe('softphone registration (host UA <-> Kamailio)', () => {
  const rigs: Rig[] = [];
  const consoles: Console[] = [];
  afterEach(async () => {
    for (const c of consoles.splice(0)) c.close();
    for (const r of rigs.splice(0)) await r.stop();
  });
  const rig = async (o: Parameters<typeof startRig>[0] = {}): Promise<Rig> => {
    const r = await startRig(o);
    rigs.push(r);
    return r;
  };
  const open = async (o: Parameters<typeof startConsole>[0]): Promise<Console> => {
    const c = await startConsole(o);
    consoles.push(c);
    return c;
  };

  it('registers on a PBX without auth, and unregisters', async () => {
    const c = await open({ rig: await rig() });
    expect((await c.call('softphone:status', {})).state).toBe('registered');
    const s = await c.call('softphone:unregister', {});
    expect(s.state).toBe('unregistered');
  });

  it('registers with digest auth; the password is stored but never returned', async () => {
    const r = await rig({ auth: [{ user: '1001', password: 's3cret-1001' }] });
    const c = await open({ rig: r, password: 's3cret-1001' });
    const status = await c.call('softphone:status', {});
    expect(status).toMatchObject({ state: 'registered', reason: null });
    const acc = await c.call('softphone:account', {});
    expect(acc.hasPassword).toBe(true);
    expect(JSON.stringify(acc)).not.toContain('s3cret-1001');
  });

  it('with digest auth the INVITE is challenged too (407) and the outbound call goes through', async () => {
    const r = await rig({ auth: [{ user: '1001', password: 's3cret-1001' }] });
    const c = await open({ rig: r, password: 's3cret-1001' });
    const uas = await startSipp({ scenario: 'uas-answer.xml' });
    try {
      await r.bindUser('trunk', uas.port);
      const mark = c.mark();
      const dialing = await c.call('calls:dial', { target: '+7 903 969-14-45', contractNo: null });
      await c.waitCall((x) => x.id === dialing.id && x.state === 'active', { since: mark });
      await c.call('calls:hangup', { callId: dialing.id });
      const res = await uas.waitExit();
      expect(res.exitCode, describeSipp(res)).toBe(0);
      expect(res.log).toContain('BYE-RECEIVED');
    } finally {
      await uas.kill();
    }
  });

  it('a wrong password ends in failed / wrong-password and is not retried', async () => {
    const r = await rig({ auth: [{ user: '1001', password: 's3cret-1001' }] });
    const c = await open({ rig: r, password: 'wrong', expect: 'failed' });
    const status = await c.call('softphone:status', {});
    expect(status).toMatchObject({ state: 'failed', reason: 'wrong-password', nextRetryAt: null });
    expect(status.detail).toMatch(/401|403|407/);
    // No retry storm against the PBX (it would lock the account): still failed a second later.
    await new Promise((res) => setTimeout(res, 1000));
    expect((await c.call('softphone:status', {})).state).toBe('failed');
  });

  it('an unreachable PBX is reported as failed / unreachable with the next retry time', async () => {
    const r = await rig();
    await r.crash();
    const c = await open({ rig: r, expect: 'failed', sipTimings: { backoffBaseMs: 5000 } });
    const status = await c.call('softphone:status', {});
    expect(status.reason).toBe('unreachable');
    expect(status.nextRetryAt).not.toBeNull();
  });

  it('PBX killed while registered: registered again after restart (< 5 s) and the next call is offered', async () => {
    const r = await rig({ auth: [{ user: '1001', password: 's3cret-1001' }] });
    const c = await open({ rig: r, password: 's3cret-1001' }); // default backoff timings
    const mark = c.mark();
    const t0 = performance.now();
    await r.crash();
    await c.waitFor('softphone:status', (s) => s.state !== 'registered', { since: mark, timeoutMs: 3000 });
    await r.restart();
    const tUp = performance.now();
    const again = await c.waitFor('softphone:status', (s) => s.state === 'registered', { since: mark, timeoutMs: 10_000 });
    const reregisterS = (again.at - t0) / 1000;
    console.log(
      `[softphone] PBX crash -> registered again: ${reregisterS.toFixed(2)} s after the kill, ${((again.at - tUp) / 1000).toFixed(2)} s after the restart`,
    );
    expect(reregisterS).toBeLessThan(5);

    const callMark = c.mark();
    const caller = await startSipp({ scenario: 'uac-cancel.xml', remote: `127.0.0.1:${r.udpPort}`, service: '1001', pauseMs: 100 });
    const ringing = await c.waitCall((x) => x.direction === 'inbound' && x.state === 'ringing', { since: callMark });
    expect(ringing.remoteNumber).toBe('+79039691445');
    const res = await caller.waitExit();
    expect(res.exitCode, describeSipp(res)).toBe(0);
  });
});
