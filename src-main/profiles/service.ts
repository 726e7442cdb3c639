import { AppError } from '../../src-shared/ipc/envelope';
import { DeskProfileSchema, type DeskProfile } from '../../src-shared/domain/deskProfile';
import { DESK_PRESETS, DEFAULT_PRESET_ID } from '../../src-shared/domain/deskPresets';
import type { Db } from '../db/open';
import type { SettingsRepo } from '../settings/repo';
import { errorReason } from '../../src-shared/text/errors';

const ACTIVE_KEY = 'profiles.active';

/**
 * The four desk presets of DOMAIN.md plus the admin's edits. An edited profile is stored whole
 * (JSON validated by DeskProfileSchema) and shadows its preset; "reset" removes the edit.
 */
export function createProfilesService({ db, settings, now }: { db: Db; settings: SettingsRepo; now: () => Date }) {
  const all = db.prepare<[], { id: string; body: string }>('SELECT id, body FROM desk_profiles ORDER BY id');
  const upsert = db.prepare<[string, string, string]>(
    'INSERT INTO desk_profiles (id, body, updated_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at',
  );
  const remove = db.prepare<[string]>('DELETE FROM desk_profiles WHERE id = ?');

  function profiles(): DeskProfile[] {
    const stored = new Map<string, DeskProfile>();
    for (const row of all.all()) {
      // A row that no longer parses (hand-edited file, older schema) falls back to its preset
      // rather than taking the console down; it is replaced on the next save.
      const parsed = DeskProfileSchema.safeParse(JSON.parse(row.body));
      if (parsed.success) stored.set(row.id, parsed.data);
    }
    const list: DeskProfile[] = DESK_PRESETS.map((p) => stored.get(p.id) ?? p);
    for (const [id, p] of stored) if (!DESK_PRESETS.some((x) => x.id === id)) list.push(p);
    return list;
  }

  function activeId(list: readonly DeskProfile[]): string {
    const id = settings.get(ACTIVE_KEY);
    return id && list.some((p) => p.id === id) ? id : DEFAULT_PRESET_ID;
  }

  function snapshot() {
    const list = profiles();
    return { activeId: activeId(list), profiles: list };
  }

  return {
    list: snapshot,
    active(): DeskProfile {
      const list = profiles();
      const id = activeId(list);
      const found = list.find((p) => p.id === id) ?? list[0];
      if (!found) throw new AppError('INTERNAL', 'no desk profiles defined');
      return found;
    },
    setActive(id: string) {
      if (!profiles().some((p) => p.id === id)) throw new AppError('NOT_FOUND', `no desk profile "${id}"`, undefined, errorReason('profileNotFound'));
      settings.set(ACTIVE_KEY, id);
      return snapshot();
    },
    save(profile: DeskProfile) {
      const checked = DeskProfileSchema.parse(profile);
      upsert.run(checked.id, JSON.stringify(checked), now().toISOString());
      return snapshot();
    },
    reset(id: string) {
      if (!DESK_PRESETS.some((p) => p.id === id))
        throw new AppError('NOT_FOUND', `"${id}" is not a preset; nothing to reset to`, undefined, errorReason('profileNotFound'));
      remove.run(id);
      return snapshot();
    },
  };
}
export type ProfilesService = ReturnType<typeof createProfilesService>;
