import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/db/open';
import { MIGRATIONS } from '../../../src-main/db/migrations/index';
import { useTempDir } from '../../helpers/tmp';

describe('migration 0040: tickets, visits and claims', () => {
  const tmp = useTempDir('tickets-migration-');

  it('upgrades a version-30 database, keeps its calls and visit requests, seeds the queues', () => {
    const file = join(tmp(), 'console.db');
    const old = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 30) });
    old
      .prepare(
        "INSERT INTO calls (id, direction, remote_number, remote_rev, offered_at) VALUES ('c1', 'inbound', '+79039691445', '54419693097', '2026-11-24T07:00:00.000Z')",
      )
      .run();
    old.prepare("INSERT INTO visit_requests (id, call_id, notes, created_at) VALUES ('v1', 'c1', 'выезд', '2026-11-24T07:10:00.000Z')").run();
    old.close();

    const db = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 50) });
    expect(db.pragma('user_version', { simple: true })).toBe(50);
    expect(db.prepare('SELECT id, status FROM visit_requests').all()).toEqual([{ id: 'v1', status: 'new' }]);
    expect(db.prepare('SELECT id, name, department FROM queues ORDER BY sort').all()).toEqual([
      { id: 'support', name: 'Техподдержка, 1-я линия', department: 'Техническая поддержка' },
      { id: 'support-2', name: 'Техподдержка, 2-я линия', department: 'Техническая поддержка' },
      { id: 'field', name: 'Выездная служба', department: 'Выездная служба' },
      { id: 'repair', name: 'Сервисный центр', department: 'Сервисный центр (ремонт)' },
      { id: 'claims', name: 'Претензии', department: 'Отдел по работе с претензиями' },
    ]);
    const names = ['queues', 'tickets', 'ticket_events', 'ticket_links', 'ticket_calls', 'attachments', 'visits', 'claims'];
    const tables = db
      .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name IN (${names.map(() => '?').join(', ')}) ORDER BY name`)
      .all(...names) as { name: string; sql: string }[];
    expect(tables.map((t) => t.name)).toEqual([...names].sort());
    for (const t of tables) expect(t.sql, t.name).toMatch(/\)\s*STRICT(, WITHOUT ROWID)?$/);
    const indexes = (
      db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'tickets' AND sql IS NOT NULL ORDER BY name").all() as { name: string }[]
    ).map((r) => r.name);
    expect(indexes).toEqual([
      'ix_tickets_assignee',
      'ix_tickets_contract',
      'ix_tickets_created',
      'ix_tickets_created_by',
      'ix_tickets_mine_risk',
      'ix_tickets_missing_year',
      'ix_tickets_open_risk',
      'ix_tickets_phone_rev',
      'ix_tickets_queue_created',
      'ix_tickets_queue_risk',
      'ix_tickets_running',
      'ix_tickets_serial',
      'ux_tickets_number',
    ]);
    db.close();
  });

  it('refuses values outside the contract and events of unknown tickets', () => {
    const db = openDatabase(join(tmp(), 'console.db'));
    const ins = (over: Record<string, unknown>) =>
      db
        .prepare(
          `INSERT INTO tickets (id, number, type, priority, status, channel, queue_id, subject, description, created_at, created_by, updated_at, version, sla_kind, sla_rank)
           VALUES (:id, :number, :type, :priority, :status, 'phone', :queue, 's', '', 'x', 'a', 'x', 1, 'desk', 2)`,
        )
        .run({ id: 't', number: '10-0001', type: 'problem', priority: 3, status: 'new', queue: 'support', ...over });
    expect(() => ins({ type: 'complaint' })).toThrow(/CHECK/);
    expect(() => ins({ priority: 5 })).toThrow(/CHECK/);
    expect(() => ins({ status: 'done' })).toThrow(/CHECK/);
    expect(() => ins({ queue: 'nowhere' })).toThrow(/FOREIGN KEY/);
    ins({});
    expect(() => ins({ id: 't2' })).toThrow(/UNIQUE/); // the number
    expect(() => db.prepare("INSERT INTO ticket_events (id, ticket_id, at, actor, kind, data) VALUES ('e', 'nope', 'x', 'a', 'comment', '{}')").run()).toThrow(
      /FOREIGN KEY/,
    );
    db.close();
  });
});
