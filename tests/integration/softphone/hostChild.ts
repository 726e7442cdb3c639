/**
 * A console host in its own process, for "the app died mid-call" tests: the test SIGKILLs this
 * process, so nothing closes the call or the database cleanly (closing the host in-process would
 * end the call as a normal shutdown does).
 *
 *   node --import tsx hostChild.ts <dataDir> <wsUri> <target>
 * Registers as 1001 (null media), dials <target>, prints one JSON line {"callId": …} once the call
 * is active, then waits to be killed.
 */
import pino from 'pino';
import { createHost } from '../../../src-main/host';
import type { CallsSnapshot } from '../../../src-main/calls/service';

const [dataDir, wsUri, target] = process.argv.slice(2);
if (!dataDir || !wsUri || !target) {
  process.stderr.write('usage: hostChild.ts <dataDir> <wsUri> <target>\n');
  process.exit(2);
}
const host = createHost({ dataDir, transport: 'web', log: pino({ level: 'silent' }), demo: true });
const ctx = { transport: 'web' as const };
const must = async (channel: string, input: unknown): Promise<unknown> => {
  const r = await host.dispatch(channel, input, ctx);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
};

await host.ready;
const registered = new Promise<void>((resolve) => {
  host.events.subscribe((event, payload) => {
    if (event === 'softphone:status' && (payload as { state: string }).state === 'registered') resolve();
  });
});
await must('softphone:saveAccount', {
  account: { wsUri, sipUri: 'sip:1001@127.0.0.1', authUser: '1001', displayName: 'Оператор', whenBusy: 'busy-486', nullMedia: true },
  password: null,
});
await must('softphone:register', {});
await registered;
const call = (await must('calls:dial', { target, contractNo: null })) as { id: string };
host.events.subscribe((event, payload) => {
  if (event !== 'calls:state') return;
  if ((payload as CallsSnapshot).calls.some((c) => c.id === call.id && c.state === 'active')) process.stdout.write(`${JSON.stringify({ callId: call.id })}\n`);
});
setInterval(() => undefined, 60_000); // stay alive until killed
