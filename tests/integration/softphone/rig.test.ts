/**
 * The SIP rig itself, without the console host: a bare sip.js UA over WebSocket <-> Kamailio <->
 * sipp over UDP. When a softphone test fails, this file tells whether the rig or the host is at
 * fault. Each scenario asserts sipp's exit code and its own log (the far end's view), not only
 * sip.js state (sip-rig pitfall 1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Inviter, SessionState, UserAgent, type Invitation, type Session } from 'sip.js';
import { startRig, type Rig } from '../../sip-rig/rig';
import { describeSipp, runSipp, startSipp } from '../../sip-rig/sippRunner';
import { startBareUa, type BareUa } from '../../sip-rig/bareUa';
import { ngCommand } from '../../sip-rig/ng';

function waitState(s: Session, state: SessionState, ms = 3000): Promise<void> {
  if (s.state === state) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`session still ${s.state}, wanted ${state}`)), ms);
    s.stateChange.addListener((now) => {
      if (now === state) {
        clearTimeout(t);
        resolve();
      }
    });
  });
}

function nextInvitation(): { onInvite: (i: Invitation) => void; next: () => Promise<Invitation> } {
  const queue: Invitation[] = [];
  const waiters: ((i: Invitation) => void)[] = [];
  return {
    onInvite: (i) => {
      const w = waiters.shift();
      if (w) w(i);
      else queue.push(i);
    },
    next: () => {
      const q = queue.shift();
      return q ? Promise.resolve(q) : new Promise((resolve) => waiters.push(resolve));
    },
  };
}

describe('SIP rig: Kamailio + sipp with a bare sip.js UA (no host)', () => {
  let rig: Rig;
  let ua: BareUa;
  const invites = nextInvitation();

  beforeAll(async () => {
    rig = await startRig({ auth: [{ user: '1001', password: 'secret-1001' }] });
    ua = await startBareUa({ wsUri: rig.wsUri, user: '1001', password: 'secret-1001', onInvite: invites.onInvite });
  });
  afterAll(async () => {
    await ua?.stop();
    await rig?.stop();
  });

  it('refuses a wrong password (digest auth over WebSocket)', async () => {
    await expect(startBareUa({ wsUri: rig.wsUri, user: '1001', password: 'wrong' })).rejects.toThrow(/rejected 401/);
  });

  it('sipp calls the UA with a caller ID, the far end hangs up, and the BYE is answered', async () => {
    const call = runSipp({
      scenario: 'uac-bye.xml',
      remote: `127.0.0.1:${rig.udpPort}`,
      service: '1001',
      pauseMs: 100,
      keys: { callerid: '+74951234567', callername: 'Anna' },
    });
    const inv = await invites.next();
    expect(inv.remoteIdentity.uri.user).toBe('+74951234567');
    expect(inv.remoteIdentity.displayName).toBe('Anna');
    await inv.accept();
    await waitState(inv, SessionState.Terminated);
    const r = await call;
    expect(r.exitCode, describeSipp(r)).toBe(0);
    expect(r.log).toContain('BYE-ANSWERED 200');
  });

  it('a CANCEL before answer reaches the UA and sipp gets 487', async () => {
    const call = runSipp({ scenario: 'uac-cancel.xml', remote: `127.0.0.1:${rig.udpPort}`, service: '1001', pauseMs: 100 });
    const inv = await invites.next();
    await waitState(inv, SessionState.Terminated);
    const r = await call;
    expect(r.exitCode, describeSipp(r)).toBe(0);
    expect(r.log).toContain('TERMINATED 487');
  });

  it('a refused call is seen by sipp as REJECTED 486', async () => {
    const call = runSipp({ scenario: 'uac-reject.xml', remote: `127.0.0.1:${rig.udpPort}`, service: '1001' });
    const inv = await invites.next();
    await inv.reject({ statusCode: 486 });
    const r = await call;
    expect(r.exitCode, describeSipp(r)).toBe(0);
    expect(r.log).toContain('REJECTED 486');
  });

  it('dials a number through the "trunk": INFO DTMF, hold re-INVITE and BYE reach sipp', async () => {
    const uas = await startSipp({ scenario: 'uas-answer.xml' });
    await rig.bindUser('trunk', uas.port);
    const target = UserAgent.makeURI('sip:+79161234567@127.0.0.1');
    if (!target) throw new Error('bad target');
    const inviter = new Inviter(ua.ua, target);
    await inviter.invite();
    await waitState(inviter, SessionState.Established);
    await inviter.info({
      requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: 'Signal=5\r\nDuration=160\r\n' } },
    });
    await new Promise<void>((resolve, reject) => {
      inviter
        .invite({
          sessionDescriptionHandlerOptions: { hold: true } as object,
          requestDelegate: { onAccept: () => resolve(), onReject: () => reject(new Error('hold refused')) },
        })
        .catch(reject);
    });
    await uas.waitForLog(/REINVITE a=sendonly/);
    await inviter.bye();
    const r = await uas.waitExit();
    expect(r.exitCode, describeSipp(r)).toBe(0);
    expect(r.log).toMatch(/OFFERED INVITE sip:trunk@127\.0\.0\.1:\d+ TO +<sip:\+79161234567@127\.0\.0\.1>/);
    expect(r.log).toContain('DTMF-INFO Signal=5');
    expect(r.log).toContain('BYE-RECEIVED');
  });

  it('blind transfer: the transferee gets REFER and calls the target, a second sipp', async () => {
    const targetUas = await startSipp({ scenario: 'uas-answer.xml' });
    await rig.bindUser('2002', targetUas.port);
    const caller = runSipp({ scenario: 'uac-transferee.xml', remote: `127.0.0.1:${rig.udpPort}`, service: '1001', pauseMs: 100 });
    const inv = await invites.next();
    await inv.accept();
    await waitState(inv, SessionState.Established);
    const referTo = UserAgent.makeURI('sip:2002@127.0.0.1');
    if (!referTo) throw new Error('bad refer-to');
    await new Promise<void>((resolve, reject) => {
      inv.refer(referTo, { requestDelegate: { onAccept: () => resolve(), onReject: (r) => reject(new Error(`REFER ${r.message.statusCode}`)) } }).catch(reject);
    });
    await inv.bye();
    const r = await caller;
    expect(r.exitCode, describeSipp(r)).toBe(0);
    expect(r.log).toContain('REFER-TO sip:2002@127.0.0.1');
    expect(r.log).toContain('TARGET-BYE-ANSWERED 200');
    const t = await targetUas.waitExit();
    expect(t.exitCode, describeSipp(t)).toBe(0);
    expect(t.log).toMatch(/OFFERED INVITE sip:2002@127\.0\.0\.1:\d+ TO +<sip:2002@127\.0\.0\.1>/);
  });

  it('the far end answers an outbound call and hangs up itself; its BYE gets 200 from the UA', async () => {
    const uas = await startSipp({ scenario: 'uas-bye.xml', pauseMs: 100 });
    await rig.bindUser('trunk', uas.port);
    const target = UserAgent.makeURI('sip:84951234567@127.0.0.1');
    if (!target) throw new Error('bad target');
    const inviter = new Inviter(ua.ua, target);
    await inviter.invite();
    await waitState(inviter, SessionState.Established);
    await waitState(inviter, SessionState.Terminated);
    const r = await uas.waitExit();
    expect(r.exitCode, describeSipp(r)).toBe(0);
    expect(r.log).toContain('BYE-ANSWERED 200');
  });

  it('crash + restart on the same ports: the UA must register again by itself to get calls', async () => {
    await rig.crash();
    await rig.restart();
    const r = await runSipp({ scenario: 'uac-reject.xml', remote: `127.0.0.1:${rig.udpPort}`, service: '1001' });
    expect(r.log, describeSipp(r)).toContain('REJECTED 404');
  });
});

describe('SIP rig with media', () => {
  it('starts rtpengine in userspace on run-time ports; the RTP scenarios run sipp to sipp', async () => {
    const rig = await startRig({ media: true });
    try {
      expect(rig.rtpengine).toBeDefined();
      const pong = await ngCommand(rig.rtpengine!.ngPort, { command: 'ping' });
      expect(pong.result).toBe('pong');
      // UDP to UDP: rtpengine stays out, this only proves the media scenarios are sound.
      const uas = await startSipp({ scenario: 'uas-media.xml' });
      await rig.bindUser('1001', uas.port);
      const uac = await runSipp({ scenario: 'uac-bye.xml', remote: `127.0.0.1:${rig.udpPort}`, service: '1001', pauseMs: 200 });
      expect(uac.exitCode, describeSipp(uac)).toBe(0);
      const u = await uas.waitExit();
      expect(u.exitCode, describeSipp(u)).toBe(0);
      expect(u.log).toContain('TELEPHONE-EVENT 101');

      const bye = await startSipp({ scenario: 'uas-bye.xml', pauseMs: 200 });
      await rig.bindUser('1002', bye.port);
      const caller = await runSipp({ scenario: 'uac-media.xml', remote: `127.0.0.1:${rig.udpPort}`, service: '1002' });
      expect(caller.exitCode, describeSipp(caller)).toBe(0);
      expect(caller.log).toContain('BYE-RECEIVED');
      expect((await bye.waitExit()).exitCode).toBe(0);
    } finally {
      await rig.stop();
    }
  });
});
