import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src-main/log';
import { backoffMs, createRegistrationLog, DEFAULT_TIMINGS } from '../../../src-main/softphone/registration';
import type { RegistrationStatus } from '../../../src-shared/ipc/softphone';

function harness() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString().split('\n')) if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  let t = Date.parse('2026-11-24T10:00:00Z');
  const now = () => new Date(t);
  const logStatus = createRegistrationLog({ log: createLogger({ level: 'debug', terminal: { stream, format: 'json' } }), now });
  const status = (s: Partial<RegistrationStatus> & Pick<RegistrationStatus, 'state'>, attempt: number): void =>
    logStatus({ reason: null, detail: null, nextRetryAt: null, since: now().toISOString(), attempt, ...s });
  return { lines, status, advance: (ms: number) => (t += ms), now };
}

describe('registration log during a PBX outage', () => {
  it('a 10-minute outage logs a handful of lines, not one per retry', () => {
    const h = harness();
    h.status({ state: 'connecting' }, 1);
    h.status({ state: 'registered' }, 0);
    let retries = 0;
    let elapsed = 0;
    // The real backoff of the host (0.5 s doubling to 30 s), jitter at its midpoint.
    for (let attempt = 1; elapsed < 10 * 60_000; attempt++) {
      const delay = backoffMs(attempt, DEFAULT_TIMINGS, () => 0.5);
      h.status({ state: 'failed', reason: 'unreachable', detail: 'cannot connect', nextRetryAt: new Date(h.now().getTime() + delay).toISOString() }, attempt);
      h.advance(delay);
      elapsed += delay;
      h.status({ state: 'connecting' }, attempt + 1);
      retries++;
    }
    h.status({ state: 'registered' }, 0);
    expect(retries).toBeGreaterThan(20); // one line per status would be 40+ lines
    const outage = h.lines.slice(2);
    // first failure + a summary at 5 and 10 minutes + the end of the outage
    expect(outage.length).toBeLessThanOrEqual(4);
    expect(outage[0]).toMatchObject({ reason: 'unreachable', msg: 'softphone not registered: retrying with backoff' });
    expect(outage.filter((l) => l.msg === 'softphone still not registered').length).toBeGreaterThanOrEqual(1);
    expect(outage.at(-1)).toMatchObject({ state: 'registered', failures: retries });
    expect(outage.at(-1)?.seconds).toBeGreaterThanOrEqual(600);
  });

  it('a change of reason during the outage and states outside it are logged', () => {
    const h = harness();
    h.status({ state: 'failed', reason: 'unreachable', nextRetryAt: h.now().toISOString() }, 1);
    h.status({ state: 'connecting' }, 2);
    h.status({ state: 'failed', reason: 'timeout', nextRetryAt: h.now().toISOString() }, 2);
    h.status({ state: 'failed', reason: 'wrong-password', nextRetryAt: null }, 3);
    h.status({ state: 'unregistered' }, 0);
    expect(h.lines.map((l) => [l.msg, l.reason ?? null])).toEqual([
      ['softphone not registered: retrying with backoff', 'unreachable'],
      ['softphone not registered: the reason changed', 'timeout'],
      ['softphone registration: the outage ended', 'wrong-password'],
      ['softphone registration', null],
    ]);
  });
});
