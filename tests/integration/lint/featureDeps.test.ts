/**
 * The renderer's features import each other one way only, along the map in eslint.config.js
 * (src-renderer/README.md), and code below the features never imports one. Snippets are linted
 * as if they were files at the given paths, with the project's own config.
 */
import { ESLint } from 'eslint';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFeatureMap, FeatureMapError, type FeatureDeps } from '../../../scripts/eslint/features.js';

const root = join(import.meta.dirname, '..', '..', '..');
const RULE = 'renderer/feature-deps';

async function lint(eslint: ESLint, filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  const fatal = (result?.messages ?? []).filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(`parse error: ${fatal[0]!.message}`);
  return (result?.messages ?? []).filter((m) => m.ruleId === RULE).map((m) => m.message);
}

const eslint = new ESLint({ cwd: root });
const messages = (filePath: string, code: string) => lint(eslint, filePath, code);

/** The map as eslint.config.js gives it to the rule for a renderer file (the one place it is declared). */
async function featureDeps(): Promise<FeatureDeps> {
  const config = (await eslint.calculateConfigForFile(join(root, 'src-renderer/features/calls/X.tsx'))) as {
    rules: Record<string, [unknown, { deps: FeatureDeps }]>;
  };
  return config.rules[RULE]![1].deps;
}

/** The ways a module gets in: import, import type, export-from, dynamic import(), typeof import(). */
const forms = (spec: string): Record<string, string> => ({
  import: `import * as m from '${spec}';\nexport const x = m;\n`,
  'import type': `import type * as m from '${spec}';\nexport type X = typeof m;\n`,
  'export-from': `export * from '${spec}';\n`,
  'dynamic import': `export const x = () => import('${spec}');\n`,
  'typeof import()': `export type X = typeof import('${spec}');\n`,
});

async function expectRefused(file: string, spec: string, reason: RegExp): Promise<void> {
  for (const [form, code] of Object.entries(forms(spec))) {
    const m = await messages(file, code);
    expect(m, `${form} '${spec}' in ${file}`).toHaveLength(1);
    expect(m[0], `${form} '${spec}' in ${file}`).toMatch(reason);
  }
}

async function expectAllowed(file: string, spec: string): Promise<void> {
  for (const [form, code] of Object.entries(forms(spec))) expect(await messages(file, code), `${form} '${spec}' in ${file}`).toEqual([]);
}

describe('renderer features depend on each other one way only (renderer/feature-deps)', () => {
  it('allows the declared direction: tickets embeds visits and claims, identification embeds calls', async () => {
    expect((await featureDeps()).tickets).toEqual(expect.arrayContaining(['visits', 'claims']));
    await expectAllowed('src-renderer/features/tickets/TicketDetail.tsx', '../visits/TicketVisits');
    await expectAllowed('src-renderer/features/tickets/TicketDetail.tsx', '../claims/ClaimBlock');
    await expectAllowed('src-renderer/features/identification/IdentificationPanel.tsx', '../calls/CallPanel');
    await expectAllowed('src-renderer/features/calls/VisitOffer.tsx', '../visits/queries');
  });

  it('refuses the reverse direction and any edge the map does not declare', async () => {
    await expectRefused(
      'src-renderer/features/visits/BookedView.tsx',
      '../tickets/queries',
      /^features\/visits may not import features\/tickets \('\.\.\/tickets\/queries'\); the map allows visits → settings$/,
    );
    await expectRefused('src-renderer/features/claims/ClaimForm.tsx', '../tickets/ticketListUi', /^features\/claims may not import features\/tickets/);
    await expectRefused(
      'src-renderer/features/calls/CallPanel.tsx',
      '../identification/queries',
      /^features\/calls may not import features\/identification .* the map allows calls → softphone, agent, visits, settings$/,
    );
    await expectRefused('src-renderer/features/softphone/useSoftphone.ts', '../calls/screenPop', /^features\/softphone may not import features\/calls/);
    // Declared edges are direct only: identification → calls → visits does not let identification reach visits.
    await expectRefused(
      'src-renderer/features/identification/CallerCard.tsx',
      '../visits/queries',
      /^features\/identification may not import features\/visits/,
    );
    // However the path is spelled.
    await expectRefused('src-renderer/features/visits/x/Deep.tsx', '../../../features/tickets/queries', /may not import features\/tickets/);
    expect(
      await messages(
        'src-renderer/features/visits/X.tsx',
        "// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const x = require('../tickets/queries');\n",
      ),
    ).toHaveLength(1);
  });

  it('allows a feature its own files, and the shared module, lib, components and src-shared everywhere', async () => {
    for (const feature of Object.keys(await featureDeps())) {
      const file = `src-renderer/features/${feature}/X.tsx`;
      await expectAllowed(file, './Y');
      await expectAllowed(file, '../../shared/liveCall');
      await expectAllowed(file, '../../shared/queryKeys');
      await expectAllowed(file, '../../lib/format');
      await expectAllowed(file, '../../components/ErrorText');
      await expectAllowed(file, '../../../src-shared/ipc/contract');
    }
  });

  it('refuses a feature import from code below the features (shared/, lib/, components/), and a feature not in the map', async () => {
    await expectRefused(
      'src-renderer/shared/callerContext.ts',
      '../features/directory/queries',
      /only the app shell \(src-renderer\/app, src-renderer\/main\.tsx\) imports features/,
    );
    await expectRefused('src-renderer/lib/format.ts', '../features/calls/logFilter', /only the app shell/);
    await expectRefused('src-renderer/components/Field.tsx', '../features/settings/queries', /only the app shell/);
    await expectRefused('src-renderer/features/calls/X.tsx', '../wallboard/Board', /not inside a declared feature/);
    await expectRefused('src-renderer/features/wallboard/Board.tsx', '../calls/CallPanel', /^features\/wallboard is not in the feature map/);
    // The app shell composes the features.
    await expectAllowed('src-renderer/app/App.tsx', '../features/tickets/TicketsPanel');
    await expectAllowed('src-renderer/main.tsx', './features/calls/keys');
  });

  it('refuses a map with a cycle, a self edge or an undeclared feature, for the whole lint run', async () => {
    const deps = await featureDeps();
    expect(() => checkFeatureMap(deps)).not.toThrow();
    expect(() => checkFeatureMap({ tickets: ['visits'], visits: ['claims'], claims: ['tickets'] })).toThrow(FeatureMapError);
    expect(() => checkFeatureMap({ tickets: ['visits'], visits: ['claims'], claims: ['tickets'] })).toThrow(
      'the feature map has a cycle: tickets → visits → claims → tickets',
    );
    expect(() => checkFeatureMap({ a: ['b'], b: [], c: ['c'] })).toThrow('the feature map lets c import itself');
    expect(() => checkFeatureMap({ a: ['b'] })).toThrow('the feature map names b (from a), which is not a declared feature');

    // Wired into the project's config: the same cycle makes ESLint refuse to lint at all, so
    // `npx eslint .` fails instead of quietly allowing both directions.
    const cyclic = { ...deps, visits: ['tickets'] };
    const withCycle = new ESLint({
      cwd: root,
      overrideConfig: [
        { files: ['src-renderer/**'], rules: { [RULE]: ['error', { root, features: 'src-renderer/features', shell: ['src-renderer/app'], deps: cyclic }] } },
      ],
    });
    await expect(lint(withCycle, 'src-renderer/features/tickets/X.tsx', 'export const x = 1;\n')).rejects.toThrow(
      /Error while loading rule 'renderer\/feature-deps': the feature map has a cycle: visits → tickets → visits/,
    );
  });

  it('src-renderer/README.md states the same map as the config (prose that nothing checks drifts)', async () => {
    const readme = readFileSync(join(root, 'src-renderer', 'README.md'), 'utf8');
    const block = /Today's map:\n+```\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'the map block in src-renderer/README.md').toBeDefined();
    const stated: Record<string, string[]> = {};
    for (const line of (block ?? '').split('\n').filter((l) => l.trim() !== '')) {
      const [from = '', to = ''] = line
        .replace(/\(.*\)\s*$/, '')
        .split('→')
        .map((x) => x.trim());
      const targets = to === 'nothing' ? [] : to.split(',').map((x) => x.trim());
      for (const f of from.split(',').map((x) => x.trim())) stated[f] = targets;
    }
    const deps = await featureDeps();
    expect(stated).toEqual(Object.fromEntries(Object.entries(deps).map(([k, v]) => [k, [...v]])));
  });
});
