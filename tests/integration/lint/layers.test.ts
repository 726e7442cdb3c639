import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const eslint = new ESLint({ cwd: root });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules of ARCHITECTURE.md are enforced by lint', () => {
  it('src-shared stays pure: no Node built-ins, electron, database, UI or other layers', async () => {
    expect(await restricted('src-shared/domain/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).toEqual([expect.stringContaining('src-shared is pure: no Node built-ins')]);
    expect(await restricted('src-shared/domain/x.ts', "import Database from 'better-sqlite3';\nexport const x = Database;\n")).toHaveLength(1);
    expect(await restricted('src-shared/domain/x.ts', "import { app } from 'electron';\nexport const x = app;\n")).toHaveLength(1);
    expect(await restricted('src-shared/domain/x.ts', "import { createHost } from '../../src-main/host';\nexport const x = createHost;\n")).toHaveLength(1);
    expect(await restricted('src-shared/domain/x.ts', "import { z } from 'zod';\nexport const x = z;\n")).toEqual([]);
  });

  it('only src-main/electron imports electron; the renderer reaches the host only through the contract', async () => {
    expect(await restricted('src-main/directory/x.ts', "import { app } from 'electron';\nexport const x = app;\n")).toEqual([expect.stringContaining('only src-main/electron/ imports electron')]);
    expect(await restricted('src-main/electron/x.ts', "import { app } from 'electron';\nexport const x = app;\n")).toEqual([]);
    expect(await restricted('src-renderer/x.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n")).toHaveLength(1);
    expect(await restricted('src-renderer/x.ts', "import { createHost } from '../src-main/host';\nexport const x = createHost;\n")).toHaveLength(1);
    expect(await restricted('src-main/x.ts', "import { App } from '../src-renderer/App';\nexport const x = App;\n")).toHaveLength(1);
  });
});
