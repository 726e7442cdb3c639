import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { expect } from 'vitest';

/**
 * Starts a writer script (it prints "writing" once its loop runs), lets it write for `ms` — the
 * random moment the kill lands, the point of the test, not a wait for a condition — then SIGKILLs
 * its process group by PID.
 */
export async function runAndKill(opts: { script: string; cwd: string; dataDir: string; ms: number }): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', opts.script, opts.dataDir], {
    cwd: opts.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`the writer did not start in 30 s: ${stderr}`)), 30_000);
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('writing')) {
          clearTimeout(t);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`the writer exited (${String(code)}): ${stderr}`)));
    });
    await new Promise((r) => setTimeout(r, opts.ms));
  } finally {
    // By PID: the child leads its own process group (detached), so the group is exactly it.
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
  }
  expect(child.signalCode).toBe('SIGKILL');
}
