/**
 * One pulled page = one SQLite transaction with its cursor and the sync's time: written together or
 * not at all. A page may be committed without a disk flush (it can be pulled again), but the
 * console's own writes after it keep their full durability.
 */
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/tmp';
import { change, openConsole, serverTicket } from './kit';
import { createPageApplier } from '../../../src-main/sync/apply';
import { createSlaCache } from '../../../src-main/sla/cache';
import { DEFAULT_PRESET_ID, presetById } from '../../../src-shared/domain/deskPresets';
import type { DeskProfile } from '../../../src-shared/domain/deskProfile';
import { RU_CALENDAR } from '../../../src-shared/worktime/calendar';

const FULL = 2;

describe('sync: applying one page', () => {
  const tmp = useTempDir('sync-apply-');

  function applierOf(c: ReturnType<typeof openConsole>) {
    const profile = presetById(DEFAULT_PRESET_ID) as DeskProfile;
    return createPageApplier({ db: c.db, sla: createSlaCache({ profile: () => profile, calendar: RU_CALENDAR }), store: c.store });
  }

  it('stores the page, its cursor and the time of the sync in one transaction; the console stays at synchronous = FULL', () => {
    const c = openConsole(tmp(), null);
    try {
      expect(c.db.pragma('synchronous', { simple: true })).toBe(FULL);
      const apply = applierOf(c);
      const id = '01a24a32-0000-7000-8000-0000000000a1';
      const at = new Date('2026-11-24T08:15:00Z');
      // A page that is not the last of its pull does not say the sync is done.
      apply.apply({ cursor: 'c:1', reset: false, more: true, lastSeq: 0, changes: [change('ticket', id, 1, serverTicket(id))] }, at);
      expect(c.store.cursor()).toBe('c:1');
      expect(c.store.lastSyncAt()).toBeNull();
      apply.apply({ cursor: 'c:2', reset: false, more: false, lastSeq: 0, changes: [] }, at);
      expect(c.store.cursor()).toBe('c:2');
      expect(c.store.lastSyncAt()).toBe(at.toISOString());
      // The page was written relaxed; what the operator writes next is flushed as before.
      expect(c.db.pragma('synchronous', { simple: true })).toBe(FULL);
    } finally {
      c.close();
    }
  });

  it('a refused page leaves the cursor, the time of the last sync and the durability as they were', () => {
    const c = openConsole(tmp(), null);
    try {
      const apply = applierOf(c);
      const first = new Date('2026-11-24T08:00:00Z');
      apply.apply({ cursor: 'c:1', reset: false, more: false, lastSeq: 0, changes: [] }, first);
      const orphan = '01a24a32-0000-7000-8000-0000000000b1';
      // History of a ticket nobody has: the foreign key check at COMMIT refuses the whole page.
      const bad = change('ticketEvent', `${orphan}.1`, 1, {
        id: `${orphan}.1`,
        ticketId: orphan,
        at: first.getTime(),
        actor: 'Борис',
        kind: 'created',
        data: {},
      });
      expect(() => apply.apply({ cursor: 'c:9', reset: false, more: false, lastSeq: 0, changes: [bad] }, new Date('2026-11-24T09:00:00Z'))).toThrow(
        /FOREIGN KEY/,
      );
      expect(c.store.cursor()).toBe('c:1');
      expect(c.store.lastSyncAt()).toBe(first.toISOString());
      expect(c.count('SELECT count(*) AS n FROM ticket_events')).toBe(0);
      expect(c.db.pragma('synchronous', { simple: true })).toBe(FULL);
    } finally {
      c.close();
    }
  });
});
