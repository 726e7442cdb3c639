/**
 * Download: pages by cursor, each validated and applied in ONE transaction with its cursor; rows
 * with pending local mutations kept until their acknowledgement and a pull covering it arrived;
 * `reset` takes a snapshot and keeps the outbox. Real SQLite file, real HTTP (protocol double).
 */
import { describe, expect, it } from 'vitest';
import type { PageEffect } from '../../../src-main/sync/apply';
import type { SyncServerDouble } from '../../helpers/syncServerDouble';
import { useDoubleConsoles, type ConsoleOptions } from './doubleConsoles';
import { NOW, change, serverTicket, startSync } from './kit';

describe('sync pull: pages into the local tables', () => {
  const consoles = useDoubleConsoles('sync-pull-');
  const start = (pageMax?: number) => consoles.double({ pageMax });
  const consoleAt = (s: SyncServerDouble, o?: ConsoleOptions) => consoles.console(s, o);

  it('applies pages of tickets with their history, derived columns and counts; skips older versions; data: null deletes with the history', async () => {
    const s = await start(2);
    const pages: PageEffect[] = [];
    const c = consoleAt(s, { onPage: (e) => pages.push(e) });
    const a = '01a24a32-0000-7000-8000-00000000000a';
    const b = '01a24a32-0000-7000-8000-00000000000b';
    s.publish(
      change('ticketEvent', `${a}.1`, 1, { id: `${a}.1`, ticketId: a, at: NOW.getTime(), actor: 'Борис', kind: 'created', data: {} }),
      change('ticket', a, 1, serverTicket(a)),
      change('ticket', b, 1, serverTicket(b, { number: '77-0002', status: 'in_progress', subject: 'Второй' })),
      change('ticket', a, 3, serverTicket(a, { subject: 'Изменён', version: 2 })),
      change('ticket', a, 2, serverTicket(a, { subject: 'Старый', version: 2 })), // older than held: skipped
    );
    expect(await startSync(c)).toMatchObject({ status: 'online' });
    expect(s.pulls).toBe(3); // 5 changes in pages of 2
    // The derived SLA columns come from the same mapper local writes use (24.11 10:00 MSK + 8 working hours = 18:00).
    expect(c.ticketRow(a)).toMatchObject({
      number: '77-0001',
      subject: 'Изменён',
      sla_rank: 0,
      sla_due_ms: Date.parse('2026-11-24T15:00:00Z'),
      queue_id: 'support',
    });
    expect(c.ticketRow(b)).toMatchObject({ status: 'in_progress' });
    expect(c.count(`SELECT count(*) AS n FROM ticket_events WHERE ticket_id = '${a}'`)).toBe(1);
    expect(c.count("SELECT n FROM ticket_counts WHERE key = 'all'")).toBe(2);
    // The search index follows the rows (triggers in the same transaction).
    expect(c.count("SELECT count(*) AS n FROM tickets_fts WHERE tickets_fts MATCH 'изменен'")).toBe(1);
    expect(c.db.prepare('SELECT version FROM sync_rows WHERE kind = ? AND id = ?').get('ticket', a)).toEqual({ version: 3 });
    expect(c.store.cursor()).toBe('c:5');
    expect(pages.flatMap((p) => p.tickets)).toEqual(expect.arrayContaining([a, b]));

    s.publish(change('ticket', a, 4, null));
    await c.client.syncNow();
    expect(c.ticketRow(a)).toBeUndefined();
    expect(c.count(`SELECT count(*) AS n FROM ticket_events WHERE ticket_id = '${a}'`)).toBe(0);
    expect(c.count("SELECT n FROM ticket_counts WHERE key = 'all'")).toBe(1);
  });

  it('a row with a pending local mutation is not overwritten until its acknowledgement and a pull covering it arrived', async () => {
    const s = await start(1);
    const c = consoleAt(s);
    const id = c.ticket('Моя заявка');
    const mine = c.ticketRow(id)!;
    const wire = (over: Record<string, unknown>) => serverTicket(id, { number: mine.number, createdBy: 'Анна', ...over });
    // Another console's edit of the same ticket reached the server's log before ours…
    s.publish(change('ticket', id, 5, wire({ subject: 'Чужая правка' })));
    // …and the server's row after applying ours merges both.
    s.onApply = (m) => (m.name === 'ticket.create' ? [change('ticket', id, 6, wire({ subject: 'Моя заявка', priority: 2 }))] : []);
    const seen: unknown[] = [];
    s.beforePull = () => seen.push(c.ticketRow(id)?.subject);
    await startSync(c);
    // Between the pages the local row stayed ours (never «Чужая правка»); at the end the server's merged row.
    expect(seen).toEqual(['Моя заявка', 'Моя заявка']);
    expect(c.ticketRow(id)).toMatchObject({ subject: 'Моя заявка', priority: 2 });
    expect(c.db.prepare('SELECT version FROM sync_rows WHERE id = ?').get(id)).toEqual({ version: 6 });
    expect(c.count('SELECT count(*) AS n FROM sync_deferred')).toBe(0);
    expect(c.outboxSeqs()).toEqual([]);
  });

  it('a held-back server row is applied after the covering pull even when the local mutation was rejected (no newer change comes)', async () => {
    const s = await start();
    const c = consoleAt(s);
    const id = '01a24a32-0000-7000-8000-0000000000c1';
    s.publish(change('ticket', id, 1, serverTicket(id)));
    await startSync(c);
    // Offline, the operator closes the ticket; meanwhile the server's row moved on (another operator).
    await c.client.stop();
    c.runMutation('ticket.transition', { id, to: 'in_progress' } as never);
    expect(c.ticketRow(id)).toMatchObject({ status: 'in_progress' });
    s.publish(change('ticket', id, 2, serverTicket(id, { status: 'cancelled', version: 2 })));
    s.reject = () => ({
      code: 'CONFLICT',
      message: 'cancelled → in_progress',
      reason: { kind: 'transition', params: { from: 'cancelled', to: 'in_progress' } },
    });
    await startSync(c);
    expect(c.ticketRow(id)).toMatchObject({ status: 'cancelled' });
    expect(c.client.state()).toMatchObject({ rejected: 1, pending: 0 });
  });

  it('reset: synced rows are dropped and the snapshot taken; pending local rows and the outbox stay', async () => {
    const s = await start();
    const c = consoleAt(s);
    const gone = '01a24a32-0000-7000-8000-0000000000d1';
    const kept = '01a24a32-0000-7000-8000-0000000000d2';
    s.publish(change('ticket', gone, 1, serverTicket(gone, { number: '77-0009' })));
    await startSync(c);
    expect(c.ticketRow(gone)).toBeDefined();
    await c.client.stop();
    // Offline work: a call and a ticket, pending.
    const mine = c.ticket('Офлайн');
    const call = c.offer();
    // The server's log was cut behind this console's cursor: its next pull is a snapshot without «gone».
    s.publish(change('ticket', gone, 2, null), change('ticket', kept, 1, serverTicket(kept, { number: '77-0010' })));
    s.forceReset();
    let pendingAtReset = -1;
    s.beforePull = () => {
      pendingAtReset = c.outboxSeqs().length;
    };
    await startSync(c);
    expect(pendingAtReset).toBe(2); // the outbox was intact when the snapshot came
    expect(c.ticketRow(gone)).toBeUndefined();
    expect(c.ticketRow(kept)).toBeDefined();
    expect(c.ticketRow(mine)).toBeDefined(); // pending when the reset page came: kept
    expect(c.count(`SELECT count(*) AS n FROM calls WHERE id = '${call}'`)).toBe(1);
    expect(s.applied(c.store.clientId()).map((m) => m.name)).toEqual(['ticket.create', 'call.offered']);
  });
});
