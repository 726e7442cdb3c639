import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src-main/db/migrations/index';

describe('migration list', () => {
  // Versions go in steps of 10; a branch written in parallel with others takes a number inside a
  // step given to it (0074), so two branches never claim the same version.
  it('is strictly increasing', () => {
    expect(MIGRATIONS.length).toBeGreaterThan(0);
    let prev = 0;
    for (const m of MIGRATIONS) {
      expect(m.version).toBeGreaterThan(prev);
      prev = m.version;
    }
  });
  it('has a name for every migration', () => {
    for (const m of MIGRATIONS) expect(m.name.trim()).not.toBe('');
  });
});
