// Builds the renderer (Vite) and, unless --renderer-only, the Electron main process and the
// sandboxed preload (esbuild, one CommonJS file each: a sandboxed preload cannot be ESM).
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rendererOnly = process.argv.includes('--renderer-only');

await viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });

if (!rendererOnly) {
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    sourcemap: true,
    logLevel: 'warning',
    absWorkingDir: root,
  };
  await esbuild({ ...common, entryPoints: ['src-main/electron/main.ts'], outfile: 'dist-electron/main.cjs', external: ['electron', 'better-sqlite3', 'pino', 'ws'] });
  await esbuild({ ...common, entryPoints: ['src-main/electron/preload.ts'], outfile: 'dist-electron/preload.cjs', external: ['electron'] });
}
console.log(rendererOnly ? 'built dist-renderer/' : 'built dist-renderer/ and dist-electron/');
