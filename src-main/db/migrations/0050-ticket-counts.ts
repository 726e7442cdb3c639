import type { Migration } from './types';

/**
 * Totals of the ticket list views kept by triggers, so `tickets:list` never counts 100,000 rows
 * after a write (bench:tickets: a count(*) over the open index costs ~9 ms at 100k; a lookup here
 * is O(1)). Keys:
 *   'all', 'q:<queue>'                                   every ticket, per queue
 *   'open', 'open:q:<queue>', 'open:a:<assignee>',
 *   'open:aq:<assignee>:<queue>'                         open tickets (new, in_progress, waiting)
 * The triggers run inside the writing transaction, so a total can never disagree with the rows.
 */
const OPEN = "IN ('new', 'in_progress', 'waiting')";

function bump(sign: '+' | '-', row: 'NEW' | 'OLD'): string {
  const up = (key: string, when = '1') =>
    `INSERT INTO ticket_counts (key, n) SELECT ${key}, ${sign}1 WHERE ${when} ON CONFLICT (key) DO UPDATE SET n = n ${sign} 1;`;
  const open = `${row}.status ${OPEN}`;
  return [
    up("'all'"),
    up(`'q:' || ${row}.queue_id`),
    up("'open'", open),
    up(`'open:q:' || ${row}.queue_id`, open),
    up(`'open:a:' || ${row}.assignee`, `${open} AND ${row}.assignee IS NOT NULL`),
    up(`'open:aq:' || ${row}.assignee || ':' || ${row}.queue_id`, `${open} AND ${row}.assignee IS NOT NULL`),
  ].join('\n        ');
}

export const migration0050: Migration = {
  version: 50,
  name: 'ticket list totals',
  up(db) {
    db.exec(`
      CREATE TABLE ticket_counts (
        key TEXT PRIMARY KEY,
        n INTEGER NOT NULL
      ) STRICT;

      CREATE TRIGGER tr_ticket_counts_insert AFTER INSERT ON tickets BEGIN
        ${bump('+', 'NEW')}
      END;
      CREATE TRIGGER tr_ticket_counts_delete AFTER DELETE ON tickets BEGIN
        ${bump('-', 'OLD')}
      END;
      CREATE TRIGGER tr_ticket_counts_update AFTER UPDATE OF status, assignee, queue_id ON tickets
      WHEN (OLD.status ${OPEN}) IS NOT (NEW.status ${OPEN}) OR OLD.assignee IS NOT NEW.assignee OR OLD.queue_id IS NOT NEW.queue_id
      BEGIN
        ${bump('-', 'OLD')}
        ${bump('+', 'NEW')}
      END;

      INSERT INTO ticket_counts (key, n) SELECT 'all', count(*) FROM tickets;
      INSERT INTO ticket_counts (key, n) SELECT 'q:' || queue_id, count(*) FROM tickets GROUP BY queue_id;
      INSERT INTO ticket_counts (key, n) SELECT 'open', count(*) FROM tickets WHERE status ${OPEN};
      INSERT INTO ticket_counts (key, n) SELECT 'open:q:' || queue_id, count(*) FROM tickets WHERE status ${OPEN} GROUP BY queue_id;
      INSERT INTO ticket_counts (key, n) SELECT 'open:a:' || assignee, count(*) FROM tickets WHERE status ${OPEN} AND assignee IS NOT NULL GROUP BY assignee;
      INSERT INTO ticket_counts (key, n) SELECT 'open:aq:' || assignee || ':' || queue_id, count(*) FROM tickets WHERE status ${OPEN} AND assignee IS NOT NULL GROUP BY assignee, queue_id;
    `);
  },
};
