/**
 * `npm run bench:sync -- --quick` as a smoke test: the bench runs end to end on small sizes (the
 * real desk server on PGlite, real consoles and sockets) and its last line is the JSON object the
 * lead compares, every figure a positive number. Figures themselves are not judged here.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');

type Run = { code: number | string; out: string; err: string };

/** Runs the bench in its own process group; a run over time is killed by its group id. */
function runBench(args: readonly string[], timeoutMs: number): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/sync.bench.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal ?? 'unknown', out, err });
    });
  });
}

const FIGURES = ['propagation_p99_ms_1', 'propagation_p99_ms_50', 'drain_500_s', 'push_mutations_per_s', 'pull_vs_floor'] as const;

describe('npm run bench:sync', () => {
  it('--quick runs every part and ends with one JSON line holding every figure as a positive number', async () => {
    const r = await runBench(['--quick'], 170_000);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trim().split('\n');
    const last = JSON.parse(lines[lines.length - 1] ?? '') as Record<string, unknown>;
    for (const key of FIGURES) {
      expect(typeof last[key], `${key} in ${JSON.stringify(last)}`).toBe('number');
      expect(last[key] as number, key).toBeGreaterThan(0);
      expect(Number.isFinite(last[key]), key).toBe(true);
    }
    // The table names each target next to its figure.
    expect(r.out).toMatch(/target p99 < 50/);
    expect(r.out).toMatch(/target ≤ 3/);
  }, 180_000);

  it('a bad option stops it with a message naming the option and what it takes', async () => {
    const r = await runBench(['--consoles', 'много'], 60_000);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--consoles needs a whole number from 2 to 90, got много/);
    const only = await runBench(['--only', 'drain,speed'], 60_000);
    expect(only.code).toBe(1);
    expect(only.err).toMatch(/--only takes parts from propagation, drain, push, pull, got speed/);
  }, 130_000);
});
