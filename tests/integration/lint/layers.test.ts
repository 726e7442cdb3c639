import { ESLint } from 'eslint';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const eslint = new ESLint({ cwd: root });
const LAYER_RULES = new Set(['no-restricted-imports', 'layers/allowed-imports']);
let linted = 0;

/** The layer-rule messages ESLint gives for `code` as if it were the file at `filePath`. */
async function restricted(filePath: string, code: string, rules: ReadonlySet<string> = LAYER_RULES): Promise<string[]> {
  linted++;
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  const fatal = (result?.messages ?? []).filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(`parse error: ${fatal[0]!.message}`);
  return (result?.messages ?? []).filter((m) => m.ruleId !== null && rules.has(m.ruleId)).map((m) => m.message);
}

/** One statement per way a module gets in: import, export-from, dynamic import(), require(). */
const forms = (spec: string): Record<string, string> => ({
  import: `import * as m from '${spec}';\nexport const x = m;\n`,
  'import type': `import type * as m from '${spec}';\nexport type X = typeof m;\n`,
  'typeof import()': `export type X = typeof import('${spec}');\n`,
  'export-from': `export * from '${spec}';\n`,
  'export-named-from': `export { default as y } from '${spec}';\n`,
  'dynamic import': `export const x = () => import('${spec}');\n`,
  require: `// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const x = require('${spec}');\n`,
});

async function expectRefused(file: string, spec: string, reason: RegExp): Promise<void> {
  for (const [form, code] of Object.entries(forms(spec))) {
    const messages = await restricted(file, code);
    expect(messages, `${form} '${spec}' in ${file}`).toHaveLength(1);
    expect(messages[0], `${form} '${spec}' in ${file}`).toMatch(reason);
  }
}

async function expectAllowed(file: string, spec: string): Promise<void> {
  for (const [form, code] of Object.entries(forms(spec))) expect(await restricted(file, code), `${form} '${spec}' in ${file}`).toEqual([]);
}

describe('layer rules of ARCHITECTURE.md are allow-lists enforced by lint', () => {
  const shared = 'src-shared/domain/x.ts';

  it('src-shared refuses every package it does not name, in every import form', async () => {
    for (const spec of ['ws', 'pino', 'sip.js', 'zlib', 'buffer', 'node:fs', 'fs', 'electron', 'better-sqlite3', 'react', 'react-dom/client', 'lodash']) {
      await expectRefused(shared, spec, /^src-shared may import only src-shared and the packages zod, libphonenumber-js: /);
    }
    expect(await restricted(shared, "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).toEqual([
      expect.stringContaining("'node:fs' is a Node built-in"),
    ]);
    expect(await restricted(shared, "import { WebSocket } from 'ws';\nexport const x = WebSocket;\n")).toEqual([
      expect.stringContaining("'ws' is not on the allow-list"),
    ]);
  });

  it('src-shared refuses a relative path that leaves the layer (static, dynamic, require, export-from)', async () => {
    await expectRefused(shared, '../../src-main/host', /leaves the layer \(src-main\/host\)/);
    await expectRefused(shared, '../../src-renderer/App', /leaves the layer/);
    await expectRefused(shared, '../../package.json', /leaves the layer/);
    await expectRefused('src-shared/x.ts', '../src-shared-evil/x', /leaves the layer/);
    await expectRefused(shared, '/etc/passwd', /leaves the layer/);
  });

  it('src-shared refuses a module name computed at run time', async () => {
    expect(await restricted(shared, "const m = 'ws';\nexport const x = () => import(m);\n")).toEqual([expect.stringContaining('computed at run time')]);
    expect(
      await restricted(shared, "const m = 'ws';\n// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const x = require(m);\n"),
    ).toEqual([expect.stringContaining('computed at run time')]);
  });

  it('src-shared allows zod, libphonenumber-js (with subpaths) and its own files', async () => {
    await expectAllowed(shared, 'zod');
    await expectAllowed(shared, 'libphonenumber-js');
    await expectAllowed(shared, 'libphonenumber-js/min');
    await expectAllowed(shared, './phone');
    await expectAllowed(shared, '../ipc/contract');
    await expectAllowed('src-shared/worktime/calendar.ts', './data/ru-2026.json');
  });

  const renderer = 'src-renderer/features/x/X.tsx';

  it('the renderer refuses Node, electron, the database, host code and unnamed packages, in every import form', async () => {
    for (const spec of ['ws', 'pino', 'sip.js', 'zlib', 'buffer', 'node:fs', 'electron', 'better-sqlite3', 'libphonenumber-js', 'lodash']) {
      await expectRefused(renderer, spec, /^src-renderer may import only src-renderer, src-shared and the packages react, /);
    }
    await expectRefused(renderer, '../../../src-main/host', /leaves the layer \(src-main\/host\)/);
    await expectRefused(renderer, '../../../src-server/x', /leaves the layer/);
    await expectRefused(renderer, '../../../node_modules/ws', /leaves the layer/);
  });

  it('the renderer allows its own files, src-shared and the named UI packages', async () => {
    for (const spec of [
      'react',
      'react-dom',
      'react-dom/client',
      '@tanstack/react-query',
      '@tanstack/react-virtual',
      'zustand',
      'i18next',
      'react-i18next',
      'zod',
      'react-hook-form',
      '@hookform/resolvers',
    ]) {
      await expectAllowed(renderer, spec);
    }
    await expectAllowed(renderer, '../calls/CallPanel');
    await expectAllowed(renderer, '../../../src-shared/ipc/contract');
    expect(await restricted('src-renderer/main.tsx', "import './styles/app.css';\n")).toEqual([]);
  });

  it('only src-main/electron imports electron; the host never imports the renderer', async () => {
    expect(await restricted('src-main/directory/x.ts', "import { app } from 'electron';\nexport const x = app;\n")).toEqual([
      expect.stringContaining('only src-main/electron/ imports electron'),
    ]);
    expect(await restricted('src-main/electron/x.ts', "import { app } from 'electron';\nexport const x = app;\n")).toEqual([]);
    expect(await restricted('src-main/x.ts', "import { App } from '../src-renderer/App';\nexport const x = App;\n")).toHaveLength(1);
  });

  it('the desk server imports src-shared but never the host or the renderer, in every import form, nor electron', async () => {
    const denied = new Set(['layers/denied-dirs', 'no-restricted-imports']);
    const cases = [
      ['src-server/http/x.ts', '../../src-main/host'],
      ['src-server/x.ts', '../src-main/db/open'],
      ['src-server/http/x.ts', '../../src-renderer/App'],
    ] as const;
    for (const [file, spec] of cases) {
      for (const [form, code] of Object.entries(forms(spec))) {
        expect(await restricted(file, code, denied), `${form} '${spec}'`).toEqual([
          expect.stringMatching(/^the desk server does not import src-main, src-renderer \(it shares only src-shared with the console\): /),
        ]);
      }
    }
    expect(await restricted('src-server/x.ts', "import { app } from 'electron';\nexport const x = app;\n", denied)).toEqual([
      expect.stringContaining('the server has no electron'),
    ]);
    await expectAllowed('src-server/http/x.ts', '../../src-shared/server/api');
    await expectAllowed('src-server/x.ts', 'pg');
    await expectAllowed('src-server/x.ts', 'node:crypto');
  });

  it('the pure domain imports nothing from the wire contract nor the mutators, in every import form; they import it', async () => {
    const denied = new Set(['layers/denied-dirs']);
    const messages = async (file: string, spec: string): Promise<Record<string, string[]>> => {
      const out: Record<string, string[]> = {};
      for (const [form, code] of Object.entries(forms(spec))) out[form] = await restricted(file, code, denied);
      return out;
    };
    const everyForm = (m: string[]) => Object.fromEntries(Object.keys(forms('x')).map((f) => [f, m]));
    for (const file of ['src-shared/domain/x.ts', 'src-shared/worktime/x.ts', 'src-shared/text/x.ts']) {
      expect(await messages(file, '../ipc/softphone')).toEqual(
        everyForm(["the pure domain does not import src-shared/ipc, src-shared/mutators (they import it): '../ipc/softphone' is src-shared/ipc/softphone"]),
      );
      expect(await messages(file, '../mutators/types')).toEqual(
        everyForm([expect.stringMatching(/'..\/mutators\/types' is src-shared\/mutators\/types$/) as unknown as string]),
      );
      expect(await messages(file, '../ipc')).toEqual(everyForm([expect.stringMatching(/is src-shared\/ipc$/) as unknown as string]));
      expect(await messages(file, '../domain/values')).toEqual(everyForm([]));
      expect(await messages(file, '../worktime/moscow')).toEqual(everyForm([]));
    }
    expect(await messages('src-shared/ipc/x.ts', '../domain/call')).toEqual(everyForm([]));
    expect(await messages('src-shared/mutators/x.ts', '../ipc/tickets')).toEqual(everyForm([]));
  });

  afterAll(() => console.log(`lint layers: ${linted} snippets`));
});
