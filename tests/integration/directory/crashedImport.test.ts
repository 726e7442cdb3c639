import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/db/open';
import { writeDemoDirectory } from '../../../src-main/directory/demo';
import { createDirectoryImporter } from '../../../src-main/directory/importer';
import { createHost } from '../../../src-main/host';
import { useTempDir } from '../../helpers/tmp';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..', '..');
const NOW = new Date('2026-11-20T09:00:00Z');

const stageTables = (db: Db): string[] =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'stage%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

/** Counts and a checksum over every contract with its phones and devices: "exactly intact". */
function fingerprint(db: Db): unknown {
  return db
    .prepare(
      `SELECT (SELECT count(*) FROM contracts) AS contracts, (SELECT count(*) FROM contract_phones) AS phones, (SELECT count(*) FROM devices) AS devices,
              (SELECT sum(length(contract_no || holder_name || address || ifnull(balance_kopecks, '') || status) * id) FROM contracts) AS sum,
              (SELECT group_concat(contract_no || '|' || holder_name, ';') FROM (SELECT * FROM contracts ORDER BY id LIMIT 5)) AS first`,
    )
    .get();
}

const diskBytes = (file: string): number => statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);

describe('an import killed mid-way', () => {
  const tmp = useTempDir('opconsole-crash-');

  it('SIGKILL while staging: the host drops the staging tables when it opens the database, gives the space back, and the previous directory is intact', async () => {
    const dir = tmp();
    const file = join(dir, 'console.db');
    const small = join(dir, 'small.csv');
    await writeDemoDirectory({ rows: 2_000, seed: 5, path: small, now: NOW });
    {
      const db = openDatabase(file);
      await createDirectoryImporter({ db, log: pino({ level: 'silent' }) }).importFile({
        path: small,
        encoding: 'auto',
        skipBadRows: false,
        reportDir: join(dir, 'r'),
      });
      db.close();
    }
    const before = (() => {
      const db = openDatabase(file);
      const f = fingerprint(db);
      db.close();
      return f;
    })();
    const sizeIntact = diskBytes(file);
    const big = join(dir, 'big.csv');
    await writeDemoDirectory({ rows: 60_000, seed: 6, path: big, now: NOW });

    const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'crashChild.ts'), dir, big], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      // Poll the child's own progress lines: kill once it has staged a good part of the file.
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`the import did not get far in 60 s: ${stderr}`)), 60_000);
        child.stdout.on('data', (d: Buffer) => {
          const rows = Math.max(0, ...[...d.toString().matchAll(/rows (\d+)/g)].map((m) => Number(m[1])));
          if (rows >= 25_000) {
            clearTimeout(t);
            resolve();
          }
        });
        child.once('exit', (code) => reject(new Error(`the import ended by itself (${String(code)}) before it was killed: ${stderr}`)));
      });
    } finally {
      // By PID: the child leads its own process group (detached), so the group is exactly it.
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
      if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
    }
    expect(child.signalCode).toBe('SIGKILL');

    const sizeCrashed = diskBytes(file);
    {
      // The state the crash left: staging tables next to the live ones (opened without the host).
      const db = openDatabase(file);
      expect(stageTables(db)).toContain('stage_contracts');
      expect((db.prepare('SELECT count(*) AS n FROM stage_contracts').get() as { n: number }).n).toBeGreaterThan(0);
      db.close();
    }
    const sizeBeforeOpen = diskBytes(file);
    const host = createHost({ dataDir: dir, transport: 'web', log: pino({ level: 'silent' }), demo: false, now: () => NOW });
    try {
      await host.ready;
      expect(stageTables(host.db)).toEqual([]);
      expect(host.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(fingerprint(host.db)).toEqual(before);
      const sizeAfter = diskBytes(file);
      console.log(
        `crashed import: database + WAL ${(sizeIntact / 1e6).toFixed(1)} MB before the import, ${(sizeCrashed / 1e6).toFixed(1)} MB after the SIGKILL ` +
          `(${(sizeBeforeOpen / 1e6).toFixed(1)} MB at reopen), ${(sizeAfter / 1e6).toFixed(1)} MB once the host has opened it`,
      );
      expect(sizeBeforeOpen).toBeGreaterThan(sizeIntact * 2);
      expect(sizeAfter).toBeLessThan(sizeIntact * 1.5);
    } finally {
      host.close();
    }
  }, 120_000);
});
