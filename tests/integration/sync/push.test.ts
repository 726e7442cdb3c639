/**
 * Upload: the outbox drains in client_seq order, in batches of PUSH_BATCH_MAX, over real HTTP to
 * the protocol double (tests/helpers/syncServerDouble.ts), on a real SQLite file.
 */
import { describe, expect, it } from 'vitest';
import { PUSH_BATCH_MAX } from '../../../src-shared/server/sync';
import type { SyncServerDouble } from '../../helpers/syncServerDouble';
import { until } from '../../helpers/until';
import { useDoubleConsoles, type ConsoleOptions } from './doubleConsoles';
import { startSync } from './kit';

const HOUR = 3_600_000;

describe('sync push: the outbox drains in order, in batches, nothing lost or doubled', () => {
  const consoles = useDoubleConsoles('sync-push-');
  const { tmp } = consoles;
  const start = () => consoles.double();
  const consoleAt = (dir: string, s: SyncServerDouble | null, o?: ConsoleOptions) => consoles.console(s, o, dir);

  it('a console used alone pushes its whole history at first sign-in: in client_seq order, in batches of PUSH_BATCH_MAX, each row once', async () => {
    const s = await start();
    const dir = tmp();
    const alone = consoleAt(dir, null);
    const n = PUSH_BATCH_MAX * 2 + 17;
    alone.db.transaction(() => {
      for (let i = 0; i < n; i++) alone.offer();
    })();
    alone.ticket('История до сервера');
    // Alone: no timer, no request; start() without a server does nothing.
    alone.client.start();
    expect(alone.client.state().status).toBe('off');
    expect(s.pushes).toHaveLength(0);
    await consoles.shut(alone);

    const c = consoleAt(dir, s);
    const before = c.outboxSeqs();
    expect(before[0]).toBe(1); // the outbox kept every row since the first start
    const state = await startSync(c);
    expect(state).toMatchObject({ status: 'online', pending: 0, rejected: 0 });
    const clientId = c.store.clientId();
    expect(s.applied(clientId).map((m) => m.seq)).toEqual(before);
    expect(s.pushes.map((p) => p.count)).toEqual([PUSH_BATCH_MAX, PUSH_BATCH_MAX, 18]);
    expect(s.pushes.every((p, i) => i === 0 || p.first === s.pushes[i - 1]!.last + 1)).toBe(true);
    expect(s.applied(clientId).at(-1)?.name).toBe('ticket.create');
    // Acknowledged and covered by the pull that followed: the rows left the outbox in that transaction.
    expect(c.outboxSeqs()).toEqual([]);
    expect(c.store.ackedSeq()).toBe(n + 1);
    // A second sync sends nothing again.
    await c.client.syncNow();
    expect(s.applied(clientId)).toHaveLength(n + 1);
  });

  it('registers once and numbers new tickets with the seat the server gave (R-TKT-NOTIFY)', async () => {
    const s = await start();
    const c = consoleAt(tmp(), s);
    const before = c.ticket('до регистрации');
    const oldNumber = c.ticketRow(before)?.number as string;
    await startSync(c);
    expect(c.client.state().seat).toBe('42');
    const after = c.ticket('после регистрации');
    expect(c.ticketRow(after)?.number).toBe('42-0002');
    expect(c.ticketRow(before)?.number).toBe(oldNumber); // a given number never changes
  });

  it('a server without seat registration (404): the sync goes on and tickets keep the console’s own seat', async () => {
    const s = await consoles.double({ noRegister: true });
    const c = consoleAt(tmp(), s);
    const id = c.ticket('без регистрации');
    const seat = (c.ticketRow(id)?.number as string).slice(0, 2);
    expect(await startSync(c)).toMatchObject({ status: 'online', seat: null, pending: 0 });
    expect(c.ticketRow(c.ticket('ещё одна'))?.number).toBe(`${seat}-0002`);
  });

  it('a local mutation triggers a push by itself (debounced), and a rejection is stored while the queue moves on', async () => {
    const s = await start();
    const c = consoleAt(tmp(), s);
    s.reject = (m) => (m.name === 'ticket.create' ? { code: 'FORBIDDEN', message: 'queue support is not yours', reason: null } : null);
    c.client.start();
    await until('first sync', () => c.client.state().status === 'online');
    const call = c.offer();
    const refused = c.ticket('Чужая очередь');
    c.offer();
    await until('all three acknowledged', () => c.store.ackedSeq() === 3 && c.client.state().pending === 0);
    const clientId = c.store.clientId();
    expect(s.applied(clientId).map((m) => m.seq)).toEqual([1, 3]);
    expect(c.client.state().rejected).toBe(1);
    const row = c.db.prepare('SELECT client_seq, name, code, message, dismissed_at FROM sync_rejections').get();
    expect(row).toEqual({ client_seq: 2, name: 'ticket.create', code: 'FORBIDDEN', message: 'queue support is not yours', dismissed_at: null });
    expect(JSON.parse((c.db.prepare('SELECT args FROM sync_rejections').get() as { args: string }).args)).toMatchObject({ id: refused });
    expect(call).toBeTruthy();
  });

  it('409 gap: the server is behind (restored): the console resumes from expectedSeq with the rows it still holds', async () => {
    const s = await start();
    const c = consoleAt(tmp(), s);
    for (let i = 0; i < 5; i++) c.offer();
    const clientId = c.store.clientId();
    // The console believes 1..3 acknowledged but never pulled since (rows still in the outbox).
    c.store.acknowledge(3, [], [], new Date());
    await startSync(c);
    expect(s.pushes.map((p) => [p.first, p.last])).toEqual([
      [4, 5],
      [1, 5],
    ]);
    expect(s.applied(clientId).map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(s.badRequests).toEqual([]);
  });

  it('a crash between send and answer: the server applied the batch, the console did not hear; after reopening the file it resends and the server answers duplicates', async () => {
    const s = await start();
    const dir = tmp();
    // Its retry is an hour away: the fault is spent after two requests, so a retry would succeed
    // before the checks below (under load it did, between two polls of the state).
    const c = consoleAt(dir, s, { timings: { backoffMinMs: HOUR, backoffMaxMs: HOUR } });
    for (let i = 0; i < 4; i++) c.offer();
    s.fault('push', 'cutAfterApply', 2); // the answer is lost twice: the request and its immediate retry
    c.client.start();
    await until('offline after the cut answer', () => c.client.state().status === 'offline');
    const clientId = c.store.clientId();
    expect(s.applied(clientId)).toHaveLength(4);
    expect(s.pushes).toHaveLength(2); // the retry came back as duplicates, and was cut too
    expect(c.store.ackedSeq()).toBe(0); // nothing acknowledged locally: the answer never came
    // "Kill" the console: close the file with the sync state as it is, reopen it.
    await consoles.shut(c);
    const again = consoleAt(dir, s);
    const state = await startSync(again);
    expect(state.status).toBe('online');
    expect(s.applied(clientId)).toHaveLength(4); // applied once each
    expect(s.pushes.at(-1)).toMatchObject({ first: 1, last: 4 });
    expect(s.pushes).toHaveLength(3);
    expect(again.outboxSeqs()).toEqual([]);
  });

  it('a connection cut once (a kept-alive socket the server closed) is retried at once: no offline state', async () => {
    const s = await start();
    const c = consoleAt(tmp(), s);
    c.offer();
    s.fault('push', 'cut');
    expect(await startSync(c)).toMatchObject({ status: 'online', pending: 0 });
    expect(c.states.some((st) => st.status === 'offline')).toBe(false);
  });

  it('network errors: retried with backoff until the server answers; no row lost or reordered', async () => {
    const s = await start();
    const c = consoleAt(tmp(), s);
    for (let i = 0; i < 3; i++) c.offer();
    s.fault('register', 'cut', 2); // a request and its immediate retry
    c.client.start();
    // From the recorded history: the offline state lasts only until the retry timer (15–30 ms here).
    await until('offline', () => c.states.some((st) => st.status === 'offline'));
    expect(c.states.find((st) => st.status === 'offline')?.offlineSince).toBe('2026-11-24T07:00:00.000Z');
    await until('back online by the retry timer', () => c.client.state().status === 'online');
    expect(s.applied(c.store.clientId()).map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('a 401 stops the sync (signed out) without touching local state', async () => {
    const s = await start();
    const c = consoleAt(tmp(), s);
    c.offer();
    s.fault('register', 'unauthorized');
    c.store.clientId(); // generated once per database, before anything is sent
    const before = c.snapshot();
    c.client.start();
    await until('signed out', () => c.client.state().status === 'signedOut');
    expect(c.snapshot()).toBe(before);
    expect(c.client.state().pending).toBe(1);
  });
});
