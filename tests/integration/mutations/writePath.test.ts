import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../../..');
const HOST = join(ROOT, 'src-main');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** SQL that writes a table: INSERT [OR …] INTO, REPLACE INTO, UPDATE, DELETE FROM (quoted names too). */
function writesTo(table: string): RegExp {
  return new RegExp(`\\b(?:INSERT(?:\\s+OR\\s+\\w+)?\\s+INTO|REPLACE\\s+INTO|UPDATE(?:\\s+OR\\s+\\w+)?|DELETE\\s+FROM)\\s+["\`\\[]?${table}\\b`, 'gi');
}

/** Where, outside the migrations, the host's code writes `table` (file: count). */
function writers(table: string): Record<string, number> {
  const found: Record<string, number> = {};
  for (const file of sources(HOST)) {
    const rel = relative(ROOT, file);
    if (rel.startsWith('src-main/db/migrations/')) continue; // schema and data migrations, run before any service
    const n = readFileSync(file, 'utf8').match(writesTo(table))?.length ?? 0;
    if (n > 0) found[rel] = n;
  }
  return found;
}

describe('one write path: the call log, visit requests and redirects are written only by the mutation store (and the pull)', () => {
  it('no statement outside src-main/mutations/sqliteStore.ts and the sync pull writes calls, visit_requests or redirects', () => {
    // The store's own statements are found (so the search can see a writer): insert + two updates
    // of calls (the call's life, the ticket link), insert + booking of visit requests, one insert of redirects.
    // Issue 12: the server's rows arrive through the sync client's pull (src-main/sync/apply.ts), the
    // only other writer: an upsert per table, a delete by id (a row that left the user's buckets) and
    // the reset's wipe; for visit requests also the delete with their call.
    expect(writers('calls')).toEqual({ 'src-main/mutations/sqliteStore.ts': 3, 'src-main/sync/apply.ts': 3 });
    expect(writers('visit_requests')).toEqual({ 'src-main/mutations/sqliteStore.ts': 2, 'src-main/sync/apply.ts': 4 });
    expect(writers('redirects')).toEqual({ 'src-main/mutations/sqliteStore.ts': 1, 'src-main/sync/apply.ts': 3 });
  });

  it('only the outbox module appends to the outbox, only the runner calls it, and only the sync store removes acknowledged rows', () => {
    // Issue 12: rows acknowledged by the server and covered by a pull leave the outbox (src-main/sync/store.ts).
    expect(writers('outbox')).toEqual({ 'src-main/mutations/outbox.ts': 1, 'src-main/sync/store.ts': 1 });
    const appenders = sources(HOST)
      .filter((f) => relative(ROOT, f) !== 'src-main/mutations/outbox.ts' && /\boutbox\.append\(/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(appenders).toEqual(['src-main/mutations/runner.ts']);
  });

  it('the search itself recognises the forms a writer could take', () => {
    for (const sql of [
      'INSERT INTO calls (id) VALUES (?)',
      'insert or ignore into calls',
      'UPDATE calls SET x = 1',
      'DELETE FROM calls',
      'REPLACE INTO "calls"',
      'update or replace `calls`',
    ]) {
      expect(sql.match(writesTo('calls'))?.length, sql).toBe(1);
    }
    expect('SELECT * FROM calls; UPDATE calls_archive SET x = 1'.match(writesTo('calls'))).toBeNull();
  });
});
