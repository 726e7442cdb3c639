import { AccountSchema } from '../../../src-shared/ipc/softphone';
import { ensureOperatorId, operatorDisplayName } from '../../operator/identity';
import { createSettingsRepo, type SettingsRepo } from '../../settings/repo';
import { ACCOUNT_KEY, accountOperatorName } from '../../softphone/account';
import type { Migration } from './types';

/**
 * R-TKT-ASSIGN: the assignee is a user id, not a name (issue 11). Until now a ticket's assignee was
 * the operator's SIP display name, so renaming the account emptied «Мои». Now:
 * - tickets.assignee_id: an opaque user id (the console's local operator id from settings
 *   'operator.id', created here if absent; later a desk server's user id). tickets.assignee stays
 *   as the display name shown beside it.
 * - existing rows whose assignee equals the current operator's display name get the local id;
 *   any other name stays as a display-only assignee of someone else (assignee_id NULL).
 * - the «Мои» index and the ticket_counts keys 'open:a:<id>', 'open:aq:<id>:<queue>' use the id.
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
    up(`'open:a:' || ${row}.assignee_id`, `${open} AND ${row}.assignee_id IS NOT NULL`),
    up(`'open:aq:' || ${row}.assignee_id || ':' || ${row}.queue_id`, `${open} AND ${row}.assignee_id IS NOT NULL`),
  ].join('\n        ');
}

/** The display name the console used as assignee before this version (src-main/host.ts then). */
function currentOperatorName(settings: SettingsRepo): string {
  const raw = settings.get(ACCOUNT_KEY);
  let accountName: string | null = null;
  if (raw !== null) {
    try {
      const parsed = AccountSchema.safeParse(JSON.parse(raw));
      accountName = parsed.success ? accountOperatorName(parsed.data) : null;
    } catch (err) {
      // An unreadable stored account: the host ignores it too (softphone/account.ts), so did the old assignee.
      if (!(err instanceof SyntaxError)) throw err;
    }
  }
  return operatorDisplayName(accountName, settings);
}

export const migration0076: Migration = {
  version: 76,
  name: 'assignee by user id',
  up(db) {
    const settings = createSettingsRepo(db);
    const id = ensureOperatorId(settings);
    const name = currentOperatorName(settings);
    db.exec('ALTER TABLE tickets ADD COLUMN assignee_id TEXT');
    db.prepare('UPDATE tickets SET assignee_id = ? WHERE assignee = ?').run(id, name);
    db.exec(`
      DROP INDEX ix_tickets_mine_risk;
      CREATE INDEX ix_tickets_mine_risk ON tickets (assignee_id, priority, sla_rank, sla_sort_ms, created_at, id)
        WHERE status ${OPEN};

      DROP TRIGGER tr_ticket_counts_insert;
      DROP TRIGGER tr_ticket_counts_delete;
      DROP TRIGGER tr_ticket_counts_update;
      CREATE TRIGGER tr_ticket_counts_insert AFTER INSERT ON tickets BEGIN
        ${bump('+', 'NEW')}
      END;
      CREATE TRIGGER tr_ticket_counts_delete AFTER DELETE ON tickets BEGIN
        ${bump('-', 'OLD')}
      END;
      CREATE TRIGGER tr_ticket_counts_update AFTER UPDATE OF status, assignee_id, queue_id ON tickets
      WHEN (OLD.status ${OPEN}) IS NOT (NEW.status ${OPEN}) OR OLD.assignee_id IS NOT NEW.assignee_id OR OLD.queue_id IS NOT NEW.queue_id
      BEGIN
        ${bump('-', 'OLD')}
        ${bump('+', 'NEW')}
      END;

      DELETE FROM ticket_counts WHERE key GLOB 'open:a:*' OR key GLOB 'open:aq:*';
      INSERT INTO ticket_counts (key, n) SELECT 'open:a:' || assignee_id, count(*) FROM tickets WHERE status ${OPEN} AND assignee_id IS NOT NULL GROUP BY assignee_id;
      INSERT INTO ticket_counts (key, n) SELECT 'open:aq:' || assignee_id || ':' || queue_id, count(*) FROM tickets WHERE status ${OPEN} AND assignee_id IS NOT NULL GROUP BY assignee_id, queue_id;
    `);
  },
};
