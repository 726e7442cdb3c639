import type { Migration } from './types';

/**
 * R-CALL-REPEAT after a renumbering (issue 12): a console used alone may have told the customer a
 * number (R-TKT-NOTIFY) that the desk server later changed because another console held it. The
 * old number lives only in the ticket's `renumbered` history event; this index lets the ticket
 * search find the ticket by it with one probe (src-main/tickets/repo.ts HITS).
 */
export const migration0087: Migration = {
  version: 87,
  name: 'ticket search by a number the desk server replaced',
  up(db) {
    db.exec("CREATE INDEX ix_ticket_events_renumbered_from ON ticket_events (json_extract(data, '$.from')) WHERE kind = 'renumbered'");
  },
};
