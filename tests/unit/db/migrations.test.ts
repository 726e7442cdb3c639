import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src-main/db/migrations/index';

describe('migration list', () => {
  it('is strictly increasing in steps that are multiples of 10', () => {
    expect(MIGRATIONS.length).toBeGreaterThan(0);
    let prev = 0;
    for (const m of MIGRATIONS) {
      expect(m.version).toBeGreaterThan(prev);
      expect(m.version % 10).toBe(0);
      prev = m.version;
    }
  });
  it('has a name for every migration', () => {
    for (const m of MIGRATIONS) expect(m.name.trim()).not.toBe('');
  });
});
