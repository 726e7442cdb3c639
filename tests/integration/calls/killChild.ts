/**
 * The host's call stack (calls service, call log, the one mutation runner) in its own process,
 * writing the call log and money-question redirects in a tight loop, for the kill test: the test
 * SIGKILLs this process at a random moment, so no transaction gets to finish cleanly.
 *
 *   node --import tsx killChild.ts <dataDir>
 * At start it closes the calls the previous (killed) run left open, as the host does; prints
 * "writing" once the first call has its row, then keeps going until killed.
 */
import { join } from 'node:path';
import { createCallStack, inbound, SINGLE_PHONE } from '../../unit/softphone/fixture';

const [dataDir] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write('usage: killChild.ts <dataDir>\n');
  process.exit(2);
}
const s = createCallStack({ file: join(dataDir, 'console.db') });
s.calls.closeInterrupted();

let announced = false;
for (let i = 0; ; i++) {
  const c = s.calls.offer(inbound(i % 2 ? SINGLE_PHONE : `+7903000${String(i % 10_000).padStart(4, '0')}`));
  if (!announced) {
    process.stdout.write('writing\n');
    announced = true;
  }
  s.calls.apply(c.id, { type: 'answered', at: new Date().toISOString() });
  s.calls.identify(c.id, i % 3 ? 'D-100' : null, i % 3 === 1);
  if (i % 4 === 0) s.calls.escalate(c.id, `визит ${i}`);
  s.runMutation('redirect.record', {
    contractNo: 'D-100',
    phone: null,
    reason: `вопрос по счёту ${i}`,
    redirectLabel: 'Биллинг',
    redirectPhone: null,
    recordedAt: new Date().toISOString(),
  });
  if (i % 5 !== 4) {
    // Every fifth call stays open: the next run closes it as interrupted.
    s.calls.end(c.id, 'hangup');
    s.calls.wrapUp(c.id, null, `итог ${i}`);
  }
  // Yield now and then so the kill can land between writes as well as inside them.
  if (i % 20 === 0) await new Promise((r) => setImmediate(r));
}
