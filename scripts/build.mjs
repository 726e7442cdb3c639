// Builds the renderer (Vite) and, unless --renderer-only, the Electron main process and the
// sandboxed preload (esbuild, one CommonJS file each: a sandboxed preload cannot be ESM).
import { build as viteBuild } from 'vite';
import { buildElectronBundles } from './electronBundles.mjs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rendererOnly = process.argv.includes('--renderer-only');

await viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });

if (!rendererOnly) await buildElectronBundles({ root, outdir: join(root, 'dist-electron') });
console.log(rendererOnly ? 'built dist-renderer/' : 'built dist-renderer/ and dist-electron/');
