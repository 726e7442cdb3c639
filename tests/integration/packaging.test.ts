import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load } from 'js-yaml';
import { CHANNELS, EVENTS } from '../../src-shared/ipc/contract';
import { useTempDir } from '../helpers/tmp';

const root = join(import.meta.dirname, '..', '..');

describe('Electron glue and packaging (checked without the Electron binary)', () => {
  const tmp = useTempDir();

  it('electron-builder.yml passes electron-builder validation offline', async () => {
    const { validateConfiguration } = await import('app-builder-lib/out/util/config/config.js');
    const config = load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
    const debug = { add: () => undefined, isEnabled: false } as never;
    await expect(validateConfiguration(config as never, debug)).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, nonsenseKey: 1 } as never, debug)).rejects.toThrow(/nonsenseKey/);
  });

  it('bundles the sandboxed preload into one CommonJS file that requires only electron and carries the allow-lists', async () => {
    const out = join(tmp(), 'preload.cjs');
    await build({
      entryPoints: [join(root, 'src-main/electron/preload.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['electron'],
      outfile: out,
      logLevel: 'silent',
    });
    const code = readFileSync(out, 'utf8');
    const requires = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
    for (const c of [...CHANNELS, ...EVENTS]) expect(code).toContain(`"${c}"`);
  });

  // The behaviour is proved on the built bundle in electron/hardening.test.ts; this keeps the
  // source itself free of a loosening spelled anywhere in the window settings.
  it('the main window is created with contextIsolation, sandbox and no nodeIntegration', () => {
    const main = readFileSync(join(root, 'src-main/electron/policy.ts'), 'utf8');
    expect(main).toMatch(/contextIsolation: true/);
    expect(main).toMatch(/sandbox: true/);
    expect(main).toMatch(/nodeIntegration: false/);
    expect(main).not.toMatch(/contextIsolation: false|sandbox: false|nodeIntegration: true|webSecurity: false/);
  });
});
