/**
 * The real console host (createHost, demo directory, real SQLite file) with its softphone account
 * pointed at a test rig, plus what softphone tests need to observe it: every host event recorded
 * with its time, waits on events/calls/registration, typed dispatch that throws on error.
 * Not a mock of anything: the host talks SIP to Kamailio over WebSocket.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { createHost, type Host } from '../../../src-main/host';
import type { RegistrationTimings } from '../../../src-main/softphone/registration';
import type { Channel, EventName, EventPayload, Input, Output } from '../../../src-shared/ipc/contract';
import type { Call } from '../../../src-shared/domain/call';
import type { CallLogRow } from '../../../src-shared/ipc/calls';
import type { Account, RegistrationStatus } from '../../../src-shared/ipc/softphone';
import type { Rig } from '../../sip-rig/rig';

export type Recorded = { readonly event: EventName; readonly payload: unknown; readonly at: number };

export class ConsoleError extends Error {
  override readonly name = 'ConsoleError';
}

export type ConsoleOptions = {
  readonly rig: Rig;
  readonly user?: string;
  /** The SIP password saved in the account (null: none). */
  readonly password?: string | null;
  readonly whenBusy?: Account['whenBusy'];
  readonly sipTimings?: Partial<RegistrationTimings>;
  /** Wait for this registration state after saving the account (default 'registered'; null: don't wait). */
  readonly expect?: RegistrationStatus['state'] | null;
  /** Keep the data dir (a restart test reopens it); removed by close() otherwise. */
  readonly dataDir?: string;
};

export type Console = {
  readonly host: Host;
  readonly dataDir: string;
  readonly events: readonly Recorded[];
  /** Index into `events`: waits with `since` only look at events recorded after it. */
  mark(): number;
  call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>>;
  waitFor<E extends EventName>(
    event: E,
    pred: (p: EventPayload<E>) => boolean,
    opts?: { since?: number; timeoutMs?: number },
  ): Promise<{ payload: EventPayload<E>; at: number }>;
  /** The first call in a `calls:state` snapshot (after `since`) matching `pred`. */
  waitCall(pred: (c: Call) => boolean, opts?: { since?: number; timeoutMs?: number }): Promise<Call>;
  waitStatus(state: RegistrationStatus['state'], opts?: { since?: number; timeoutMs?: number }): Promise<RegistrationStatus>;
  /** The call-log row of a call (throws when there is none). */
  logRow(callId: string, number?: string): Promise<CallLogRow>;
  /** Ends the wrap-up of an ended call so the agent is available for the next one. */
  wrapUp(callId: string): Promise<CallLogRow>;
  close(removeData?: boolean): void;
};

const log = pino({ level: process.env.OPCONSOLE_LOG_LEVEL ?? 'silent' });
const ctx = { transport: 'web' as const };

export function accountFor(rig: Rig, o: Pick<ConsoleOptions, 'user' | 'whenBusy'> = {}): Account {
  const user = o.user ?? '1001';
  return {
    wsUri: rig.wsUri,
    sipUri: `sip:${user}@${rig.domain}`,
    authUser: user,
    displayName: 'Оператор',
    whenBusy: o.whenBusy ?? 'busy-486',
    nullMedia: true,
  };
}

export async function startConsole(o: ConsoleOptions): Promise<Console> {
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'softphone-'));
  const host = createHost({ dataDir, transport: 'web', log, demo: true, sipTimings: o.sipTimings });
  const events: Recorded[] = [];
  const unsubscribe = host.events.subscribe((event, payload) => events.push({ event, payload, at: performance.now() }));
  await host.ready;

  async function call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
    const r = await host.dispatch(channel, input, ctx);
    if (!r.ok) throw new ConsoleError(`${channel} failed: ${r.error.code} ${r.error.message}`);
    return r.value as Output<C>;
  }

  function waitFor<E extends EventName>(
    event: E,
    pred: (p: EventPayload<E>) => boolean,
    opts: { since?: number; timeoutMs?: number } = {},
  ): Promise<{ payload: EventPayload<E>; at: number }> {
    const timeoutMs = opts.timeoutMs ?? 5000;
    let i = opts.since ?? 0;
    const deadline = performance.now() + timeoutMs;
    return new Promise((resolve, reject) => {
      const scan = (): void => {
        for (; i < events.length; i++) {
          const e = events[i] as Recorded;
          if (e.event === event && pred(e.payload as EventPayload<E>)) {
            resolve({ payload: e.payload as EventPayload<E>, at: e.at });
            return;
          }
        }
        if (performance.now() > deadline) {
          const seen = events
            .filter((e) => e.event === event)
            .slice(-5)
            .map((e) => JSON.stringify(e.payload));
          reject(new ConsoleError(`no matching ${event} event in ${timeoutMs} ms; last ones:\n${seen.join('\n')}`));
          return;
        }
        setTimeout(scan, 5);
      };
      scan();
    });
  }

  const c: Console = {
    host,
    dataDir,
    events,
    mark: () => events.length,
    call,
    waitFor,
    async waitCall(pred, opts) {
      let found: Call | undefined;
      await waitFor('calls:state', (s) => (found = s.calls.find(pred)) !== undefined, opts);
      return found as Call;
    },
    async waitStatus(state, opts) {
      return (await waitFor('softphone:status', (s) => s.state === state, opts)).payload;
    },
    async logRow(callId, number) {
      const rows = await call('calls:log', number ? { number } : {});
      const row = rows.find((r) => r.id === callId);
      if (!row) throw new ConsoleError(`call ${callId} has no call-log row (rows: ${rows.map((r) => r.id).join(', ')})`);
      return row;
    },
    wrapUp: (callId) => call('calls:wrapUp', { callId, code: null, note: null }),
    close(removeData = o.dataDir === undefined) {
      unsubscribe();
      host.close();
      if (removeData) rmSync(dataDir, { recursive: true, force: true });
    },
  };

  try {
    const since = c.mark();
    await call('softphone:saveAccount', { account: accountFor(o.rig, o), password: o.password ?? null });
    await call('softphone:register', {});
    const want = o.expect === undefined ? 'registered' : o.expect;
    if (want) {
      const status = await call('softphone:status', {});
      if (status.state !== want) await c.waitStatus(want, { since });
    }
  } catch (err) {
    c.close();
    throw err;
  }
  return c;
}

/** The calls the console currently shows. */
export async function liveCalls(c: Console): Promise<Call[]> {
  return (await c.call('calls:list', {})).calls.filter((x) => x.state !== 'ended');
}

/**
 * Puts the console back to "idle and available" after a test: hangs up what is still up, wraps
 * up ended calls, and ends a wrap-up or break. Used in afterEach so one failing test does not
 * make the next one fail (a console in wrap-up answers the next call 486).
 */
export async function settle(c: Console): Promise<void> {
  for (const x of (await c.call('calls:list', {})).calls) {
    if (x.state !== 'ended') {
      const r = await c.host.dispatch('calls:hangup', { callId: x.id }, ctx);
      if (!r.ok && r.error.code !== 'NOT_FOUND') throw new ConsoleError(`settle: hangup ${x.id}: ${r.error.message}`);
    }
  }
  for (const x of (await c.call('calls:list', {})).calls) {
    if (x.state === 'ended') await c.call('calls:wrapUp', { callId: x.id, code: null, note: null });
  }
  const agent = await c.call('agent:status', {});
  if (agent.state === 'wrap-up' || agent.state === 'break') await c.call('agent:setState', { state: 'available', reason: null });
}
