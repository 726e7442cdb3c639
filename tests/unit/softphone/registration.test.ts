import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { backoffMs, createSipConnection, DEFAULT_TIMINGS } from '../../../src-main/softphone/registration';
import { NullSessionDescriptionHandler } from '../../../src-main/softphone/sdh';
import type { Account, RegistrationStatus } from '../../../src-shared/ipc/softphone';
import { createLogger } from '../../../src-main/log';

const account = (wsUri: string): Account => ({
  wsUri,
  sipUri: 'sip:1001@127.0.0.1',
  authUser: '1001',
  displayName: 'Анна',
  whenBusy: 'busy-486',
  nullMedia: true,
});

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

function connection(timings = {}) {
  const statuses: RegistrationStatus[] = [];
  const conn = createSipConnection({
    log: createLogger('test'),
    now: () => new Date(),
    timings: { backoffBaseMs: 100, backoffCapMs: 400, connectTimeoutSec: 1, registerTimeoutMs: 300, ...timings },
    sdhFactory: () => new NullSessionDescriptionHandler(),
    onStatus: (s) => statuses.push(s),
    onInvite: () => undefined,
    onUaGone: () => undefined,
    onRefusedInvite: () => undefined,
    onPbxAnswering: () => undefined,
  });
  const waitFor = async (pred: (s: RegistrationStatus) => boolean, ms = 5000): Promise<RegistrationStatus> => {
    const t0 = Date.now();
    for (;;) {
      const hit = statuses.find(pred);
      if (hit) return hit;
      if (Date.now() - t0 > ms) throw new Error(`no status matched; saw ${JSON.stringify(statuses.map((s) => [s.state, s.reason]))}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { conn, statuses, waitFor };
}

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('registration status and re-registration backoff', () => {
  it('backs off exponentially with jitter, capped', () => {
    const t = { backoffBaseMs: 500, backoffCapMs: 30_000 };
    expect([1, 2, 3, 4].map((a) => backoffMs(a, t, () => 0.5))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffMs(20, t, () => 0.5)).toBe(30_000);
    expect(backoffMs(1, t, () => 0)).toBe(400);
    expect(backoffMs(1, t, () => 1)).toBe(600);
    expect(DEFAULT_TIMINGS.registerTimeoutMs).toBeLessThan(32_000); // never sip.js' Timer F
  });

  it('is unconfigured without an account, unregistered with one', () => {
    const { conn } = connection();
    cleanups.push(() => conn.dispose());
    expect(conn.status().state).toBe('unconfigured');
    conn.configure(account('ws://127.0.0.1:9'), null);
    expect(conn.status()).toMatchObject({ state: 'unregistered', reason: null });
  });

  it('reports an unreachable PBX and keeps retrying with backoff', async () => {
    const { conn, waitFor, statuses } = connection();
    cleanups.push(() => conn.dispose());
    conn.configure(account(`ws://127.0.0.1:${await closedPort()}`), 'pw');
    expect(conn.register().state).toBe('connecting');
    const failed = await waitFor((s) => s.state === 'failed');
    expect(failed).toMatchObject({ reason: 'unreachable', attempt: 1 });
    expect(failed.detail).toMatch(/cannot connect to ws:\/\/127\.0\.0\.1:\d+/);
    expect(failed.nextRetryAt).not.toBeNull();
    await waitFor((s) => s.state === 'failed' && s.attempt === 3);
    expect(statuses.filter((s) => s.state === 'connecting').length).toBeGreaterThanOrEqual(3);
    const st = await conn.unregister();
    expect(st).toMatchObject({ state: 'unregistered', nextRetryAt: null });
  });

  it('bounds a REGISTER nobody answers (a hung PBX) instead of waiting 32 s', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'sip' });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    cleanups.push(() => new Promise<void>((r) => wss.close(() => r())));
    let registers = 0;
    wss.on('connection', (ws) => ws.on('message', (m) => (String(m).startsWith('REGISTER') ? registers++ : 0)));
    const { conn, waitFor } = connection();
    cleanups.push(() => conn.dispose());
    conn.configure(account(`ws://127.0.0.1:${(wss.address() as { port: number }).port}`), 'pw');
    conn.register();
    const failed = await waitFor((s) => s.state === 'failed');
    expect(failed).toMatchObject({ reason: 'timeout', detail: 'no answer to REGISTER in 0.3 s' });
    expect(registers).toBeGreaterThanOrEqual(1);
    await waitFor((s) => s.state === 'connecting' && s.attempt === 2); // and it tries again
  });

  it('resume() re-registers at once instead of waiting for the backoff', async () => {
    const { conn, statuses, waitFor } = connection({ backoffBaseMs: 60_000, backoffCapMs: 60_000 });
    cleanups.push(() => conn.dispose());
    conn.configure(account(`ws://127.0.0.1:${await closedPort()}`), null);
    conn.register();
    await waitFor((s) => s.state === 'failed');
    const before = statuses.length;
    conn.resume(false);
    expect(statuses.slice(before)[0]).toMatchObject({ state: 'connecting', attempt: 1 });
  });
});
