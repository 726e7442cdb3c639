import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/db/open';
import { MIGRATIONS } from '../../../src-main/db/migrations/index';
import { useTempDir } from '../../helpers/tmp';
import { openHarness, ticketInput, type Harness } from './harness';

const ACCOUNT = { wsUri: 'ws://127.0.0.1:9', sipUri: 'sip:1001@127.0.0.1', authUser: '1001', displayName: 'Анна', whenBusy: 'busy-486', nullMedia: true };

const mineIds = async (h: Harness): Promise<string[]> =>
  ((await h.call('tickets:list', { view: 'mine' })) as { rows: { id: string }[] }).rows.map((r) => r.id).sort();

describe('R-TKT-ASSIGN: the assignee is the operator’s id, not the SIP display name', () => {
  const tmp = useTempDir('tickets-assignee-');
  let h: Harness | null = null;
  afterEach(() => {
    h?.close();
    h = null;
  });

  it('tickets stay in «Мои» after the SIP display name changes, and after a restart of the host', async () => {
    const dir = tmp();
    h = openHarness(dir);
    await h.call('softphone:saveAccount', { account: ACCOUNT, password: null });
    const a = (await h.call('tickets:create', ticketInput({ subject: 'Нет интернета' }))) as { id: string; assignee: string; assigneeId: string };
    const b = (await h.call('tickets:create', ticketInput({ subject: 'Медленно грузит' }))) as { id: string; assigneeId: string };
    expect(a.assignee).toBe('Анна');
    expect(a.assigneeId).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.assigneeId).toBe(a.assigneeId);
    expect(await mineIds(h)).toEqual([a.id, b.id].sort());

    await h.call('softphone:saveAccount', { account: { ...ACCOUNT, displayName: 'Анна Смирнова' }, password: null });
    expect(await mineIds(h)).toEqual([a.id, b.id].sort());
    // A ticket made under the new name lands in the same «Мои», its name shown as it is now.
    const c = (await h.call('tickets:create', ticketInput({ subject: 'Не работает ТВ' }))) as { id: string; assignee: string; assigneeId: string };
    expect(c).toMatchObject({ assignee: 'Анна Смирнова', assigneeId: a.assigneeId });
    expect(((await h.call('tickets:list', { view: 'mine' })) as { total: number }).total).toBe(3);

    h.close();
    h = openHarness(dir, { operator: 'Кто-то другой' });
    expect(await mineIds(h)).toEqual([a.id, b.id, c.id].sort());
  });

  it('assigning by name alone is display-only; `self` takes the ticket back by id', async () => {
    h = openHarness(tmp());
    const t = (await h.call('tickets:create', ticketInput())) as { id: string; assigneeId: string };
    // The form's prefill (the current assignee's name) sent back changes nothing: the id stays.
    expect(await h.call('tickets:assign', { id: t.id, assignee: 'Анна' })).toMatchObject({ assignee: 'Анна', assigneeId: t.assigneeId });
    expect(await mineIds(h)).toEqual([t.id]);
    expect(await h.call('tickets:assign', { id: t.id, assignee: 'Борис' })).toMatchObject({ assignee: 'Борис', assigneeId: null });
    // Even the operator's own current name typed as text is not matched: only the id counts.
    const named = (await h.call('tickets:assign', { id: t.id, assignee: 'Анна' })) as { assignee: string; assigneeId: string | null };
    expect(named).toMatchObject({ assignee: 'Анна', assigneeId: null });
    expect(await mineIds(h)).toEqual([]);
    const back = await h.call('tickets:assign', { id: t.id, assignee: null, self: true });
    expect(back).toMatchObject({ assignee: 'Анна', assigneeId: t.assigneeId });
    expect(await mineIds(h)).toEqual([t.id]);
    const history = ((await h.call('tickets:get', { id: t.id })) as { history: { kind: string }[] }).history.filter((e) => e.kind === 'assigned');
    expect(history).toHaveLength(3);
  });
});

describe('migration 0076: assignee by user id', () => {
  const tmp = useTempDir('tickets-assignee-migration-');

  it('gives the current operator’s tickets the local id and keeps other names as display-only assignees; «Мои» totals follow', () => {
    const file = join(tmp(), 'console.db');
    const old = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version < 76) });
    old.prepare("INSERT INTO settings (key, value) VALUES ('softphone.account', ?)").run(JSON.stringify({ ...ACCOUNT, displayName: 'Анна К.' }));
    const ins = old.prepare(
      `INSERT INTO tickets (id, number, type, priority, status, channel, queue_id, assignee, subject, description, created_at, created_by, updated_at, version, sla_kind, sla_rank)
       VALUES (?, ?, 'question', 3, ?, 'phone', 'support', ?, 'Вопрос', '', '2026-11-24T07:00:00.000Z', 'Анна К.', '2026-11-24T07:00:00.000Z', 1, 'desk', 0)`,
    );
    ins.run('t1', '10-1', 'new', 'Анна К.');
    ins.run('t2', '10-2', 'waiting', 'Анна К.');
    ins.run('t3', '10-3', 'closed', 'Анна К.');
    ins.run('t4', '10-4', 'new', 'Борис');
    ins.run('t5', '10-5', 'new', null);
    expect(old.prepare("SELECT n FROM ticket_counts WHERE key = 'open:a:Анна К.'").get()).toEqual({ n: 2 });
    old.close();

    const db = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 76) });
    expect(db.pragma('user_version', { simple: true })).toBe(76);
    const id = (db.prepare("SELECT value FROM settings WHERE key = 'operator.id'").get() as { value: string }).value;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(db.prepare('SELECT id, assignee_id, assignee FROM tickets ORDER BY id').all()).toEqual([
      { id: 't1', assignee_id: id, assignee: 'Анна К.' },
      { id: 't2', assignee_id: id, assignee: 'Анна К.' },
      { id: 't3', assignee_id: id, assignee: 'Анна К.' },
      { id: 't4', assignee_id: null, assignee: 'Борис' },
      { id: 't5', assignee_id: null, assignee: null },
    ]);
    const counts = db.prepare("SELECT key, n FROM ticket_counts WHERE key GLOB 'open:a*' AND n <> 0 ORDER BY key").all();
    expect(counts).toEqual([
      { key: `open:a:${id}`, n: 2 },
      { key: `open:aq:${id}:support`, n: 2 },
    ]);
    // The triggers now key on the id: a name change of the row does not move the total, an id change does.
    db.prepare("UPDATE tickets SET assignee = 'Анна Смирнова' WHERE id = 't1'").run();
    db.prepare("UPDATE tickets SET assignee_id = ? WHERE id = 't4'").run(id);
    expect(db.prepare('SELECT n FROM ticket_counts WHERE key = ?').get(`open:a:${id}`)).toEqual({ n: 3 });
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id FROM tickets INDEXED BY ix_tickets_mine_risk WHERE assignee_id = ? AND status IN ('new', 'in_progress', 'waiting')`,
      )
      .all(id) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('ix_tickets_mine_risk (assignee_id=?)');
    db.close();
  });
});
