/**
 * Outbound calls through the real console host (console host UA -> Kamailio -> sipp standing in
 * for the PSTN "trunk"), the far end hanging up, and the PBX dying in the middle of a call.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRig, type Rig } from '../../sip-rig/rig';
import { describeSipp, startSipp, type SippHandle, type SippOptions } from '../../sip-rig/sippRunner';
import { settle, startConsole, type Console } from './console';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..', '..');

describe('outbound calls (console host -> Kamailio -> sipp)', () => {
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
  const running: SippHandle[] = [];
  afterEach(async () => {
    for (const h of running.splice(0)) await h.kill();
    await settle(c);
  });
  /** A sipp UAS registered as the trunk: every dialled number reaches it. */
  const trunk = async (scenario: string, o: Partial<SippOptions> = {}): Promise<SippHandle> => {
    const h = await startSipp({ scenario, ...o });
    running.push(h);
    await rig.bindUser('trunk', h.port);
    return h;
  };

  it('click-to-call from a contract: sipp answers, the console hangs up, the row is complete', async () => {
    const uas = await trunk('uas-answer.xml', { pauseMs: 50 });
    const mark = c.mark();
    const dialing = await c.call('calls:dial', { target: '+7 903 969-14-45', contractNo: 'Д-000001' });
    expect(dialing).toMatchObject({ direction: 'outbound', state: 'dialing', remoteNumber: '+79039691445', contractNo: 'Д-000001' });
    expect((await c.call('agent:status', {})).state).toBe('on-call');
    const active = await c.waitCall((x) => x.id === dialing.id && x.state === 'active', { since: mark });
    expect(active.answeredAt).not.toBeNull();
    await uas.waitForLog(/ANSWERED/);
    await new Promise((r) => setTimeout(r, 100));
    const ended = await c.call('calls:hangup', { callId: dialing.id });
    expect(ended).toMatchObject({ state: 'ended', outcome: 'answered' });
    const res = await uas.waitExit();
    expect(res.exitCode, describeSipp(res)).toBe(0);
    // The dialled number stays in To; the trunk's contact is in the Request-URI.
    expect(res.log).toMatch(/OFFERED INVITE sip:trunk@127\.0\.0\.1:\d+ TO +<sip:\+79039691445@127\.0\.0\.1> FROM +"Оператор" <sip:1001@127\.0\.0\.1>/);
    expect(res.log).toContain('BYE-RECEIVED');
    const row = await c.logRow(dialing.id);
    expect(row).toMatchObject({ direction: 'outbound', remoteNumber: '+79039691445', contractNo: 'Д-000001', outcome: 'answered', operator: 'Оператор' });
    expect(row.waitMs).toBe(Date.parse(row.answeredAt!) - Date.parse(row.offeredAt));
    expect(row.talkMs!).toBeGreaterThanOrEqual(80);
  });

  it('early media: a 183 with SDP marks the dialing call (the operator is told it is not the person yet); the 200 clears it', async () => {
    const uas = await trunk('uas-early-media.xml', { pauseMs: 1500 });
    const mark = c.mark();
    const dialing = await c.call('calls:dial', { target: '+7 495 111-22-33', contractNo: null });
    expect(dialing.earlyMedia).toBe(false);
    const early = await c.waitCall((x) => x.id === dialing.id && x.earlyMedia, { since: mark });
    expect(early.state).toBe('dialing');
    expect(uas.log()).not.toContain('ANSWERING');
    const active = await c.waitCall((x) => x.id === dialing.id && x.state === 'active', { since: mark });
    expect(active.earlyMedia).toBe(false);
    await c.call('calls:hangup', { callId: dialing.id });
    const res = await uas.waitExit();
    expect(res.exitCode, describeSipp(res)).toBe(0);
  });

  it('the far end hangs up an outbound call: the console ends it and its BYE is answered 200', async () => {
    const uas = await trunk('uas-bye.xml', { pauseMs: 200 });
    const mark = c.mark();
    const dialing = await c.call('calls:dial', { target: '8 (495) 123-45-67', contractNo: null });
    const ended = await c.waitCall((x) => x.id === dialing.id && x.state === 'ended', { since: mark });
    expect(ended.outcome).toBe('answered');
    const res = await uas.waitExit();
    expect(res.exitCode, describeSipp(res)).toBe(0);
    expect(res.log).toContain('BYE-ANSWERED 200');
    const row = await c.logRow(dialing.id);
    expect(row.endedAt).not.toBeNull();
    expect(row.talkMs!).toBeGreaterThanOrEqual(150);
  });

  it('hold and DTMF on an outbound call reach the far end', async () => {
    const uas = await trunk('uas-answer.xml');
    const mark = c.mark();
    const dialing = await c.call('calls:dial', { target: '+7 916 555-01-02', contractNo: null });
    await c.waitCall((x) => x.id === dialing.id && x.state === 'active', { since: mark });
    await c.call('calls:dtmf', { callId: dialing.id, tones: '5' });
    await uas.waitForLog(/DTMF-INFO Signal=5/);
    await c.call('calls:hold', { callId: dialing.id, on: true });
    await uas.waitForLog(/REINVITE a=(sendonly|inactive)/);
    await c.call('calls:hold', { callId: dialing.id, on: false });
    await uas.waitForLog(/REINVITE a=sendrecv/);
    await c.call('calls:hangup', { callId: dialing.id });
    const res = await uas.waitExit();
    expect(res.exitCode, describeSipp(res)).toBe(0);
  });

  it('a number nobody answers for (no trunk registered) fails and is logged as failed', async () => {
    await rig.restart(); // forgets every registration, including the trunk's; the console re-registers
    const mark = c.mark();
    await c.waitStatus('registered', { since: mark, timeoutMs: 10_000 });
    const dialing = await c.call('calls:dial', { target: '+7 916 000-00-00', contractNo: null });
    const ended = await c.waitCall((x) => x.id === dialing.id && x.state === 'ended', { since: mark });
    expect(ended.outcome).toBe('failed');
    expect((await c.logRow(dialing.id)).outcome).toBe('failed');
  });
});

describe('PBX killed mid-call', () => {
  let rig: Rig;
  let c: Console;
  beforeAll(async () => {
    rig = await startRig();
    c = await startConsole({ rig, sipTimings: { backoffBaseMs: 200 } });
  });
  afterAll(async () => {
    c?.close();
    await rig?.stop();
  });

  it('the call ends as interrupted with its end time, and the console registers again', async () => {
    const uas = await startSipp({ scenario: 'uas-answer.xml' });
    try {
      await rig.bindUser('trunk', uas.port);
      const mark = c.mark();
      const dialing = await c.call('calls:dial', { target: '+7 903 969-14-45', contractNo: null });
      await c.waitCall((x) => x.id === dialing.id && x.state === 'active', { since: mark });
      await rig.crash();
      const ended = await c.waitCall((x) => x.id === dialing.id && x.state === 'ended', { since: mark });
      expect(ended.outcome).toMatch(/^(interrupted|failed)$/);
      const row = await c.logRow(dialing.id);
      expect(row.outcome).toBe(ended.outcome);
      expect(row.endedAt).not.toBeNull();
      expect(row.answeredAt).not.toBeNull();
      expect(row.talkMs).toBe(Date.parse(row.endedAt!) - Date.parse(row.answeredAt!));
      await rig.restart();
      await c.waitStatus('registered', { since: mark, timeoutMs: 10_000 });
      expect((await c.call('calls:list', {})).calls.filter((x) => x.state !== 'ended')).toHaveLength(0);
    } finally {
      await uas.kill();
    }
  });

  it('a call open when the console process died (SIGKILL) is closed as interrupted at the next start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'softphone-died-'));
    const uas = await startSipp({ scenario: 'uas-answer.xml' });
    const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'hostChild.ts'), dir, rig.wsUri, '+79039691445'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      await rig.bindUser('trunk', uas.port);
      const line = await new Promise<string>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`the host process did not get an active call in 20 s: ${stderr}`)), 20_000);
        child.stdout.on('data', (d: Buffer) => {
          clearTimeout(t);
          resolve(d.toString().split('\n')[0] ?? '');
        });
        child.once('exit', (code) => reject(new Error(`the host process exited (${String(code)}): ${stderr}`)));
      });
      const { callId } = JSON.parse(line) as { callId: string };
      child.kill('SIGKILL');
      await once(child, 'exit');
      const again = await startConsole({ rig, dataDir: dir });
      try {
        const row = await again.logRow(callId);
        expect(row).toMatchObject({ outcome: 'interrupted', direction: 'outbound' });
        expect(row.endedAt).not.toBeNull();
      } finally {
        again.close(true);
      }
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await uas.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
