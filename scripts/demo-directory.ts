/**
 * `npm run demo:directory -- --rows N [--out FILE] [--seed S]`: writes a synthetic directory CSV
 * in the import format (docs/directory-csv.md) for demos and load tests.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { readFlags } from '../src-main/config';
import { writeDemoDirectory } from '../src-main/directory/demo';

const USAGE = `Usage: npm run demo:directory -- --rows N [--out FILE] [--seed S]
  --rows N     number of contracts (1 … 10000000), required
  --out FILE   where to write the CSV (default ./demo-directory.csv)
  --seed S     PRNG seed, a whole number (default 1); same seed and rows → same contracts`;

const MAX_ROWS = 10_000_000;

class UsageError extends Error {
  override readonly name = 'UsageError';
}

type Options = { rows: number; out: string; seed: number };

function parse(argv: readonly string[]): Options | 'help' {
  let rows: number | null = null;
  let out = './demo-directory.csv';
  let seed = 1;
  const flags = readFlags(
    argv,
    { rows: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    { unknown: (raw) => new UsageError(`unknown flag ${raw}`), missing: (raw) => new UsageError(`${raw} needs a value`) },
  );
  for (const { name, raw, value = '' } of flags) {
    if (name === 'help') return 'help';
    if (name === 'rows' || name === 'seed') {
      if (!/^\d+$/.test(value)) throw new UsageError(`${raw} must be a whole number, got "${value}"`);
      const n = Number(value);
      if (name === 'rows') {
        if (n < 1 || n > MAX_ROWS) throw new UsageError(`--rows must be between 1 and ${MAX_ROWS}, got ${value}`);
        rows = n;
      } else {
        if (n > 0xffffffff) throw new UsageError(`--seed must fit in 32 bits, got ${value}`);
        seed = n;
      }
    } else out = value;
  }
  if (rows === null) throw new UsageError('--rows is required');
  return { rows, out, seed };
}

async function main(): Promise<void> {
  const opts = parse(process.argv.slice(2));
  if (opts === 'help') {
    console.log(USAGE);
    return;
  }
  const path = resolve(opts.out);
  const t0 = performance.now();
  await writeDemoDirectory({ rows: opts.rows, seed: opts.seed, path });
  const mb = statSync(path).size / 1024 / 1024;
  console.log(`${path}\n${opts.rows} rows, ${mb.toFixed(1)} MB, seed ${opts.seed}, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) {
    console.error(`error: ${err.message}\n${USAGE}`);
  } else {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  }
  process.exit(1);
});
