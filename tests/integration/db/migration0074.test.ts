import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/db/open';
import { MIGRATIONS } from '../../../src-main/db/migrations/index';
import { createDirectoryRepo } from '../../../src-main/directory/repo';
import { useTempDir } from '../../helpers/tmp';
import { presetById } from '../../../src-shared/domain/deskPresets';
import { parseDeskProfile } from '../../../src-shared/domain/deskProfile';

describe('migration 0074: search keys, reaction per priority', () => {
  const tmp = useTempDir('directory-migration-');

  it('fills contract_key for every contract and indexes it and the phones’ last 7 digits', () => {
    const file = join(tmp(), 'console.db');
    const old = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 60) });
    const c = old.prepare('INSERT INTO contracts (id, contract_no, holder_name, surname_fold, address, tariff, status) VALUES (?, ?, ?, ?, ?, ?, ?)');
    c.run(1, 'Д-000006', 'Иванов Иван', 'иванов', 'Москва', 'Базовый', 'active');
    c.run(2, 'ИН-2024/0153', 'Петров Пётр', 'петров', 'Москва', 'Базовый', 'active');
    old.prepare('INSERT INTO contract_phones (contract_id, e164) VALUES (?, ?)').run(1, '+79264541360');
    old.close();

    const db = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 74) });
    expect(db.pragma('user_version', { simple: true })).toBe(74);
    expect(db.prepare('SELECT id, contract_key FROM contracts ORDER BY id').all()).toEqual([
      { id: 1, contract_key: '6' },
      { id: 2, contract_key: '2024-153' },
    ]);
    const indexes = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND name IN ('ix_contracts_key', 'ix_contract_phones_tail') ORDER BY name")
      .all();
    expect(indexes).toEqual([{ name: 'ix_contract_phones_tail' }, { name: 'ix_contracts_key' }]);
    const repo = createDirectoryRepo(db);
    expect(repo.findByTypedNumber('D6').map((r) => r.contractNo)).toEqual(['Д-000006']);
    expect(repo.findByTypedNumber('ин 2024/153').map((r) => r.contractNo)).toEqual(['ИН-2024/0153']);
    expect(repo.findByPhoneTail('4541360').map((r) => r.contractNo)).toEqual(['Д-000006']);
    db.close();
  });

  it('R-TKT-PRIO: stored desk profiles get a reaction time per priority; an untouched seed row gets the seed matrix', () => {
    const file = join(tmp(), 'console.db');
    const old = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 60) });
    const saas = {
      ...presetById('saas-platform'),
      reactionTimes: [
        { tariff: '*', minutes: 240, includesWeekends: false },
        { tariff: 'Gold', minutes: 100, includesWeekends: true },
      ],
    };
    old.prepare("INSERT INTO desk_profiles (id, body, updated_at) VALUES (?, ?, '2026-11-01')").run('saas-platform', JSON.stringify(saas));
    old.close();
    const db = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 74) });
    const body = JSON.parse((db.prepare("SELECT body FROM desk_profiles WHERE id = 'saas-platform'").get() as { body: string }).body) as unknown;
    const profile = parseDeskProfile(body);
    expect(profile.reactionTimes).toEqual([
      { tariff: '*', minutes: [120, 180, 240, 240], includesWeekends: false },
      { tariff: 'Gold', minutes: [25, 50, 100, 100], includesWeekends: true },
    ]);
    db.close();
  });
});
