/**
 * Upload: the outbox drains in client_seq order, in batches of PUSH_BATCH_MAX, over real HTTP to
 * the real desk server (PGlite, behind the fault proxy: tests/integration/sync/desk.ts), on a real
 * SQLite file. The protocol double remains only for a server that hands out no seat codes (404),
 * which the real server never answers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { API_PREFIX } from '../../../src-shared/server/api';
import { PUSH_BATCH_MAX } from '../../../src-shared/server/sync';
import { send } from '../../helpers/http';
import { startSyncServerDouble, type SyncServerDouble } from '../../helpers/syncServerDouble';
import { useTempDir } from '../../helpers/tmp';
import { until } from '../../helpers/until';
import { useDesk } from './desk';
import { openConsole, startSync, type Console } from './kit';
import { signIn } from './rig';

describe('sync push: the outbox drains in order, in batches, nothing lost or doubled', () => {
  const { desk } = useDesk('sync-push-');
  const tmp = useTempDir('sync-push-');
  const open: Console[] = [];
  let double: SyncServerDouble | null = null;
  afterEach(async () => {
    for (const c of open.splice(0)) {
      await c.client.stop();
      c.close();
    }
    desk().proxy.plan(null);
    await double?.close();
    double = null;
  });
  const consoleAt = (dir: string, s: { url: string; token: string } | null, o?: Parameters<typeof openConsole>[2]) => {
    const c = openConsole(dir, s, o);
    open.push(c);
    return c;
  };
  /** The next `times` requests to `path` are cut at `at` (the proxy's own fault). */
  function cut(path: string, at: 'request' | 'response', times: number): void {
    let left = times;
    desk().proxy.plan((req) => (req.path.startsWith(`${API_PREFIX}/sync/${path}`) && left-- > 0 ? { kind: 'cut', at } : null));
  }
  const seqs = async (clientId: string) => (await desk().stored(clientId)).map((m) => m.seq);

  it('a console used alone pushes its whole history at first sign-in: in client_seq order, in batches of PUSH_BATCH_MAX, each row once', async () => {
    const d = desk();
    const dir = tmp();
    const alone = consoleAt(dir, null);
    const n = PUSH_BATCH_MAX * 2 + 17;
    alone.db.transaction(() => {
      for (let i = 0; i < n; i++) alone.offer();
    })();
    alone.ticket('История до сервера');
    // Alone: no timer, no request; start() without a server does nothing.
    const requests = d.proxy.log().length;
    alone.client.start();
    expect(alone.client.state().status).toBe('off');
    expect(d.proxy.log()).toHaveLength(requests);
    await alone.client.stop();
    alone.close();
    open.pop();

    const c = consoleAt(dir, d.as('op-anna'));
    const before = c.outboxSeqs();
    expect(before[0]).toBe(1); // the outbox kept every row since the first start
    // A thousand mutations through the real server's transactions: seconds, more on a loaded machine.
    const state = await startSync(c, 100_000);
    expect(state).toMatchObject({ status: 'online', pending: 0, rejected: 0 });
    const clientId = c.store.clientId();
    expect(await seqs(clientId)).toEqual(before);
    const pushes = d.pushes(clientId);
    expect(pushes.map((p) => p.count)).toEqual([PUSH_BATCH_MAX, PUSH_BATCH_MAX, 18]);
    expect(pushes.every((p, i) => i === 0 || p.first === pushes[i - 1]!.last + 1)).toBe(true);
    expect((await d.stored(clientId)).at(-1)?.name).toBe('ticket.create');
    // Acknowledged and covered by the pull that followed: the rows left the outbox in that transaction.
    expect(c.outboxSeqs()).toEqual([]);
    expect(c.store.ackedSeq()).toBe(n + 1);
    // A second sync sends nothing again.
    await c.client.syncNow();
    expect(await d.stored(clientId)).toHaveLength(n + 1);
    expect(d.pushes(clientId)).toHaveLength(3);
  }, 120_000);

  it('registers once and numbers new tickets with the seat the server gave (R-TKT-NOTIFY)', async () => {
    const c = consoleAt(tmp(), desk().as('op-anna'));
    const before = c.ticket('до регистрации');
    const oldNumber = c.ticketRow(before)?.number as string;
    await startSync(c);
    const seat = c.client.state().seat;
    expect(seat).toMatch(/^\d\d$/);
    const after = c.ticket('после регистрации');
    expect(c.ticketRow(after)?.number).toBe(`${seat}-0002`);
    expect(c.ticketRow(before)?.number).toBe(oldNumber); // a given number never changes
    await c.client.syncNow();
    const registers = desk()
      .proxy.log()
      .filter((e) => e.path.startsWith(`${API_PREFIX}/sync/register`) && JSON.parse(e.body.toString()).clientId === c.store.clientId());
    expect(registers).toHaveLength(1);
  });

  it('a server without seat registration (404): the sync goes on and tickets keep the console’s own seat', async () => {
    // The protocol double: the real desk server always hands out seat codes.
    const s = (double = await startSyncServerDouble({ noRegister: true }));
    const c = consoleAt(tmp(), s);
    const id = c.ticket('без регистрации');
    const seat = (c.ticketRow(id)?.number as string).slice(0, 2);
    expect(await startSync(c)).toMatchObject({ status: 'online', seat: null, pending: 0 });
    expect(c.ticketRow(c.ticket('ещё одна'))?.number).toBe(`${seat}-0002`);
  });

  it('a local mutation triggers a push by itself (debounced), and a rejection is stored while the queue moves on', async () => {
    const d = desk();
    // An operator of no queue: the server refuses a status change of a ticket in a queue not theirs, not the calls.
    const password = 'op-none password 1';
    const made = await send(d.server.url, '/api/v1/users', {
      token: d.adminToken,
      json: { login: 'op-none', displayName: 'op-none', role: 'operator', queues: [], password },
    });
    expect(made.status, made.text).toBe(201);
    const c = consoleAt(tmp(), { url: d.proxy.url, token: await signIn(d.server.url, 'op-none', password) });
    c.client.start();
    await until('first sync', () => c.client.state().status === 'online');
    const call = c.offer();
    const ticket = c.ticket('Чужая очередь');
    c.runMutation('ticket.transition', { id: ticket, to: 'in_progress', reason: '' } as never);
    c.offer();
    await until('all four acknowledged', () => c.store.ackedSeq() === 4 && c.client.state().pending === 0);
    const clientId = c.store.clientId();
    expect((await d.stored(clientId)).filter((m) => m.status === 'applied').map((m) => m.seq)).toEqual([1, 2, 4]);
    expect(c.client.state().rejected).toBe(1);
    const row = c.db.prepare('SELECT client_seq, name, code, message, dismissed_at FROM sync_rejections').get() as Record<string, unknown>;
    expect(row).toEqual({
      client_seq: 3,
      name: 'ticket.transition',
      code: 'FORBIDDEN',
      message: expect.stringContaining('not one of yours') as unknown,
      dismissed_at: null,
    });
    expect(JSON.parse((c.db.prepare('SELECT args FROM sync_rejections').get() as { args: string }).args)).toMatchObject({ id: ticket });
    expect(call).toBeTruthy();
  });

  it('409 gap: the server is behind (restored): the console resumes from expectedSeq with the rows it still holds', async () => {
    const c = consoleAt(tmp(), desk().as('op-anna'));
    for (let i = 0; i < 5; i++) c.offer();
    const clientId = c.store.clientId();
    // The console believes 1..3 acknowledged but never pulled since (rows still in the outbox).
    c.store.acknowledge(3, [], [], new Date());
    expect(await startSync(c)).toMatchObject({ status: 'online', pending: 0 });
    expect(
      desk()
        .pushes(clientId)
        .map((p) => [p.first, p.last]),
    ).toEqual([
      [4, 5],
      [1, 5],
    ]);
    expect(await seqs(clientId)).toEqual([1, 2, 3, 4, 5]);
  });

  it('a crash between send and answer: the server applied the batch, the console did not hear; after reopening the file it resends and the server answers duplicates', async () => {
    const d = desk();
    const dir = tmp();
    const c = consoleAt(dir, d.as('op-anna'));
    for (let i = 0; i < 4; i++) c.offer();
    // Every answer to a push is lost (half of it arrives, then the socket closes) until the console is "killed".
    cut('push', 'response', Number.POSITIVE_INFINITY);
    c.client.start();
    await until('offline after the cut answer', () => c.client.state().status === 'offline');
    const clientId = c.store.clientId();
    expect(await d.stored(clientId)).toHaveLength(4);
    expect(c.store.ackedSeq()).toBe(0); // nothing acknowledged locally: the answer never came
    // "Kill" the console: close the file with the sync state as it is, reopen it.
    await c.client.stop();
    const cutPushes = d.pushes(clientId).length;
    expect(cutPushes).toBeGreaterThanOrEqual(1); // retries came back as duplicates, and were cut too
    expect(await d.stored(clientId)).toHaveLength(4);
    c.close();
    open.pop();
    d.proxy.plan(null);
    const again = consoleAt(dir, d.as('op-anna'));
    const state = await startSync(again);
    expect(state.status).toBe('online');
    expect(await d.stored(clientId)).toHaveLength(4); // applied once each
    expect(d.pushes(clientId).at(-1)).toMatchObject({ first: 1, last: 4 });
    expect(d.pushes(clientId)).toHaveLength(cutPushes + 1);
    expect(again.outboxSeqs()).toEqual([]);
  });

  it('a connection cut once (a kept-alive socket the server closed) is retried at once: no offline state', async () => {
    const c = consoleAt(tmp(), desk().as('op-anna'));
    c.offer();
    cut('push', 'request', 1);
    expect(await startSync(c)).toMatchObject({ status: 'online', pending: 0 });
    expect(c.states.some((st) => st.status === 'offline')).toBe(false);
  });

  it('network errors: retried with backoff until the server answers; no row lost or reordered', async () => {
    const c = consoleAt(tmp(), desk().as('op-anna'));
    for (let i = 0; i < 3; i++) c.offer();
    cut('register', 'request', 2); // a request and its immediate retry
    c.client.start();
    // From the recorded history: the offline state lasts only until the retry timer (15–30 ms here).
    await until('offline', () => c.states.some((st) => st.status === 'offline'));
    expect(c.states.find((st) => st.status === 'offline')?.offlineSince).toBe('2026-11-24T07:00:00.000Z');
    await until('back online by the retry timer', () => c.client.state().status === 'online');
    expect(await seqs(c.store.clientId())).toEqual([1, 2, 3]);
  });

  it('a 401 stops the sync (signed out) without touching local state', async () => {
    const d = desk();
    // A session of its own, revoked on the server: the next request is answered 401.
    const token = await signIn(d.server.url, 'op-anna', 'op-anna password 1');
    expect((await send(d.server.url, `${API_PREFIX}/session`, { token, method: 'DELETE' })).status).toBeLessThan(300);
    const c = consoleAt(tmp(), { url: d.proxy.url, token });
    c.offer();
    c.store.clientId(); // generated once per database, before anything is sent
    const before = c.snapshot();
    c.client.start();
    await until('signed out', () => c.client.state().status === 'signedOut');
    expect(c.snapshot()).toBe(before);
    expect(c.client.state().pending).toBe(1);
    expect(await d.stored(c.store.clientId())).toEqual([]);
  });
});
