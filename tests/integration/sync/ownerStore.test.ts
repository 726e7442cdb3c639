/**
 * The console's owner bookkeeping on a real SQLite file (src-main/sync/owner.ts), without a
 * server: which sign-ins keep the client id, which switch it (and what a switch resets), which are
 * refused. The whole flow with the real desk server is owner.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createPageApplier } from '../../../src-main/sync/apply';
import { createSyncOwner } from '../../../src-main/sync/owner';
import { createSlaCache } from '../../../src-main/sla/cache';
import { DEFAULT_PRESET_ID, presetById } from '../../../src-shared/domain/deskPresets';
import type { DeskProfile } from '../../../src-shared/domain/deskProfile';
import { RU_CALENDAR } from '../../../src-shared/worktime/calendar';
import { useTempDir } from '../../helpers/tmp';
import { log, openConsole, type Console } from './kit';

const ANNA = { id: '11111111-1111-4111-8111-111111111111', login: 'anna', displayName: 'Анна' };
const BORIS = { id: '22222222-2222-4222-8222-222222222222', login: 'boris', displayName: 'Борис' };

describe('sync owner: who the console’s client id belongs to', () => {
  const tmp = useTempDir('sync-owner-');
  const open: Console[] = [];
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
  });
  function setup() {
    const c = openConsole(tmp(), null);
    open.push(c);
    const profile = presetById(DEFAULT_PRESET_ID) as DeskProfile;
    const applier = createPageApplier({ db: c.db, sla: createSlaCache({ profile: () => profile, calendar: RU_CALENDAR }), store: c.store });
    return { c, owner: createSyncOwner({ db: c.db, settings: c.settings, store: c.store, applier, log }) };
  }

  it('the first user claims the console; the same user again keeps it', () => {
    const { c, owner } = setup();
    const id = c.store.clientId();
    expect(owner.admit(ANNA)).toBe('kept');
    expect(owner.admit(ANNA)).toBe('kept');
    expect(c.store.clientId()).toBe(id);
  });

  it('a console that synced before owners were recorded belongs to the login it was signed in with', () => {
    const { c, owner } = setup();
    const id = c.store.clientId();
    c.settings.set('deskServer.login', 'anna');
    c.settings.set('deskServer.user', JSON.stringify({ displayName: 'Анна', role: 'operator' }));
    c.offer();
    // Anna's change is not acknowledged: Boris is refused with her name and the count.
    expect(() => owner.admit(BORIS)).toThrow(
      expect.objectContaining({ code: 'CONFLICT', reason: { kind: 'changesOfAnotherUser', params: { changes: 1, name: 'Анна' } } }),
    );
    expect(c.store.clientId()).toBe(id);
    expect(owner.admit(ANNA)).toBe('kept');
    expect(c.store.clientId()).toBe(id);
  });

  it('a switch: acknowledged rows leave, the synced tables empty, the seqs restart for the new client id and resume for a returning one', () => {
    const { c, owner } = setup();
    owner.admit(ANNA);
    const annaId = c.store.clientId();
    const ticket = c.ticket('Анны');
    c.offer();
    c.store.acknowledge(2, [], [], new Date());
    c.store.setCursor('anna-cursor');
    expect(owner.admit(BORIS)).toBe('switched');
    const borisId = c.store.clientId();
    expect(borisId).not.toBe(annaId);
    expect(c.outboxSeqs()).toEqual([]);
    expect(c.ticketRow(ticket)).toBeUndefined();
    expect(c.store.cursor()).toBeNull();
    expect([c.store.ackedSeq(), c.store.coveredSeq()]).toEqual([0, 0]);
    // Boris's first change is his seq 1 (local client_seq 3).
    c.offer();
    expect(c.store.batch(1, 10).map((m) => m.seq)).toEqual([1]);
    expect(c.outboxSeqs()).toEqual([3]);
    expect(c.store.pendingCount()).toBe(1);
    c.store.acknowledge(1, [], [], new Date());
    // Anna comes back: her client id, her seq goes on from 2.
    expect(owner.admit(ANNA)).toBe('switched');
    expect(c.store.clientId()).toBe(annaId);
    c.offer();
    expect(c.store.batch(c.store.ackedSeq() + 1, 10).map((m) => m.seq)).toEqual([3]);
    expect(c.store.firstSeq()).toBe(3);
  });
});
