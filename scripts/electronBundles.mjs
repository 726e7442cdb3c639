// The Electron main process and the sandboxed preload as esbuild bundles (one CommonJS file each:
// a sandboxed preload cannot be ESM). Shared by scripts/build.mjs and the tests that run the built
// main bundle, so what is tested is what ships. Needs no Electron binary: 'electron' stays external.
import { build } from 'esbuild';
import { join } from 'node:path';

export async function buildElectronBundles({ root, outdir }) {
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    sourcemap: true,
    logLevel: 'warning',
    absWorkingDir: root,
  };
  await build({
    ...common,
    entryPoints: ['src-main/electron/main.ts'],
    outfile: join(outdir, 'main.cjs'),
    external: ['electron', 'better-sqlite3', 'pino', 'ws'],
  });
  await build({ ...common, entryPoints: ['src-main/electron/preload.ts'], outfile: join(outdir, 'preload.cjs'), external: ['electron'] });
}
