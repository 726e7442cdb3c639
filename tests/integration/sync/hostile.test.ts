/**
 * Hostile server answers: an answer that is not JSON, breaks the schema, is larger than the
 * console accepts, breaks a reference, or lies about what it acknowledged is refused whole,
 * logged, and leaves every local table (rows, outbox, cursor, versions) exactly as it was.
 */
import { describe, expect, it } from 'vitest';
import type { Fault } from '../../helpers/syncServerDouble';
import { useDoubleConsoles } from './doubleConsoles';
import { change, serverTicket, startSync } from './kit';

const HOUR = 3_600_000;

describe('sync: hostile server answers change nothing locally', () => {
  const consoles = useDoubleConsoles('sync-hostile-');

  /**
   * A console that synced once (so it has a cursor, versions and rows) and then made offline changes.
   * Its retry after a failed cycle is an hour away: the double's fault is one-shot, so a retry
   * would succeed and change the tables before the test compares them (under load it did, between
   * two polls of the state).
   */
  async function synced() {
    const s = await consoles.double();
    const c = consoles.console(s, { maxAnswerBytes: 1024 * 1024, timings: { backoffMinMs: HOUR, backoffMaxMs: HOUR } });
    const id = '01a24a32-0000-7000-8000-0000000000e1';
    s.publish(change('ticket', id, 1, serverTicket(id)));
    expect(await startSync(c)).toMatchObject({ status: 'online' });
    await c.client.stop();
    c.offer();
    c.ticket('офлайн');
    return { s, c };
  }

  const faults: [route: 'push' | 'pull', fault: Fault][] = [
    ['push', 'badJson'],
    ['push', 'wrongSchema'],
    ['push', 'oversize'],
    ['pull', 'badJson'],
    ['pull', 'wrongSchema'],
    ['pull', 'oversize'],
  ];
  it.each(faults)('%s answered with %s: refused, state «error», nothing local changed', async (route, fault) => {
    const { s, c } = await synced();
    // The pull fault must meet a console whose push went through: let the push land first, then compare.
    if (route === 'pull') {
      s.fault('pull', 'cut', 2); // the request and its immediate retry
      await startSync(c);
      await c.client.stop();
    }
    const before = c.snapshot();
    s.fault(route, fault);
    const state = await startSync(c);
    expect(state.status).toBe('error');
    expect(c.snapshot()).toBe(before);
    expect(c.client.state().status).toBe('error'); // no other cycle ran since
  });

  it('a page that breaks a reference (a ticket in a queue nobody sent) is refused whole at COMMIT', async () => {
    const { s, c } = await synced();
    s.fault('pull', 'cut', 2); // the request and its immediate retry
    await startSync(c);
    await c.client.stop();
    const before = c.snapshot();
    const good = '01a24a32-0000-7000-8000-0000000000e2';
    const bad = '01a24a32-0000-7000-8000-0000000000e3';
    s.publish(
      change('ticket', good, 1, serverTicket(good, { number: '77-0002' })),
      change('ticket', bad, 1, serverTicket(bad, { number: '77-0003', queueId: 'nowhere' })),
    );
    expect((await startSync(c)).status).toBe('error');
    expect(c.snapshot()).toBe(before); // the good row of the same page did not stay either
  });

  it('a push answer that acknowledges more than was sent is refused', async () => {
    const { s, c } = await synced();
    const before = c.snapshot();
    s.fault('push', 'overAck');
    expect((await startSync(c)).status).toBe('error');
    expect(c.snapshot()).toBe(before);
    expect(c.client.state().pending).toBe(2);
  });
});
