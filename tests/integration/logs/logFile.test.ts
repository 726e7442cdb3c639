import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, LOG_DIR, openLogFile, REDACTED, type LogFile } from '../../../src-main/log';
import { until } from '../../helpers/until';

const dirs: string[] = [];
const files: LogFile[] = [];
afterEach(() => {
  for (const f of files.splice(0)) f.end();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the rotating log file in the data folder', () => {
  it('rotates by size, keeps a bounded number of files, folder 0700 and files 0600', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'oc-logs-'));
    dirs.push(dataDir);
    const file = await openLogFile(dataDir, { size: '20k', files: 3 });
    files.push(file);
    const log = createLogger({ level: 'info', terminal: null, file });
    const logDir = join(dataDir, LOG_DIR);
    // ~150 KB of lines in batches, as a host logs over time (pino-roll rotates after a write
    // completes): at 20 KB per file that is several rotations, of which only 3 files remain.
    for (let i = 0; i < 1500; i++) {
      log.info({ i, filler: 'x'.repeat(60), password: `pw-${i}` }, 'line');
      if (i % 100 === 99) await new Promise((r) => file.once('drain', r));
    }
    file.flushSync();
    const numbers = () => readdirSync(logDir).map((n) => Number(/\.(\d+)\.log$/.exec(n)?.[1]));
    await until('three rotated files, the newest numbered 5 or more', () => readdirSync(logDir).length === 3 && Math.max(...numbers()) >= 5, 5000);
    const names = readdirSync(logDir).sort();
    expect(names.every((n) => /^console\.\d+\.log$/.test(n))).toBe(true);
    expect(statSync(logDir).mode & 0o777).toBe(0o700);
    for (const n of names) {
      const path = join(logDir, n);
      expect(statSync(path).mode & 0o777, n).toBe(0o600);
      const text = readFileSync(path, 'utf8');
      expect(text).not.toMatch(/pw-\d/);
      // JSON lines, whole and parseable, redaction applied in the file too
      if (text === '') continue; // the file just opened by the last rotation
      const lines = text.trim().split('\n');
      expect(JSON.parse(lines[lines.length - 1]!)).toMatchObject({ msg: 'line', password: REDACTED });
    }
  });
});
