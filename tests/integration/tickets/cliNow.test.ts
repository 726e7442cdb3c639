import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { extractClock } from '../../../src-main/web/clock';
import { CliError } from '../../../src-main/config';
import { uuidv7 } from '../../../src-shared/ids';
import { useTempDir } from '../../helpers/tmp';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('npm run web -- --now ISO: a deterministic host clock for e2e and benchmarks', () => {
  const tmp = useTempDir('tickets-cli-');

  it('starts the clock at the given instant and lets it run at real speed; the flag beats OPCONSOLE_NOW', () => {
    let real = 1_000_000;
    const c = extractClock(['--port', '0', '--now', '2026-11-24T10:00:00+03:00', '--no-demo'], {}, () => real);
    expect(c.rest).toEqual(['--port', '0', '--no-demo']);
    expect(c.startsAt).toBe('2026-11-24T07:00:00.000Z');
    real += 1500;
    expect(c.now?.().toISOString()).toBe('2026-11-24T07:00:01.500Z');
    expect(extractClock([], { OPCONSOLE_NOW: '2027-12-29T10:00:00+03:00' }).startsAt).toBe('2027-12-29T07:00:00.000Z');
    expect(extractClock(['--now=2026-01-01T00:00:00Z'], { OPCONSOLE_NOW: '2027-12-29T10:00:00+03:00' }).startsAt).toBe('2026-01-01T00:00:00.000Z');
    expect(extractClock([], {}).now).toBeUndefined();
    expect(() => extractClock(['--now', 'завтра'], {})).toThrow(CliError);
    expect(() => extractClock(['--now'], {})).toThrow(/needs a value/);
  });

  it('the browser-mode host started with --now stamps tickets with that date', async () => {
    const dir = tmp();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src-main/web/cli.ts', '--data-dir', dir, '--port', '0', '--no-demo', '--now', '2026-11-24T10:00:00+03:00'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no "Console:" line in 30 s: ${out}`)), 30_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /Console: (\S+)/.exec(out);
          if (m?.[1]) {
            clearTimeout(t);
            resolve(m[1]);
          }
        });
        child.once('exit', (code) => reject(new Error(`web exited (${String(code)}): ${out}`)));
      });
      expect(out).toContain('Clock: started at 2026-11-24T07:00:00.000Z');
      const u = new URL(url);
      const token = new URLSearchParams(u.hash.slice(1)).get('token') ?? '';
      const ws = new WebSocket(`ws://${u.host}/ws?token=${encodeURIComponent(token)}`, { headers: { origin: `http://${u.host}` } });
      await once(ws, 'open');
      const reply = new Promise<{ result: { ok: boolean; value: { createdAt: string; sla: { dueAt: string } } } }>((resolve) =>
        ws.on('message', (d) => {
          const f = JSON.parse(d.toString()) as { id?: number };
          if (f.id === 1) resolve(f as never);
        }),
      );
      ws.send(JSON.stringify({ id: 1, channel: 'tickets:create', input: { id: uuidv7(), type: 'question', subject: 'проверка часов' } }));
      const { result } = await reply;
      ws.close();
      expect(result.ok).toBe(true);
      const created = Date.parse(result.value.createdAt);
      expect(created - Date.parse('2026-11-24T07:00:00.000Z')).toBeGreaterThanOrEqual(0);
      expect(created - Date.parse('2026-11-24T07:00:00.000Z')).toBeLessThan(30_000);
      // ISP desk: 8 working hours from just after 10:00 MSK run past 18:00, into the next morning.
      expect(Date.parse(result.value.sla.dueAt) - created).toBe(24 * 3_600_000);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM'); // our child, by its handle (pid), never by name
        await once(child, 'exit');
      }
    }
  }, 60_000);
});
