// Layer rules of ARCHITECTURE.md, enforced here rather than in prose. src-shared and the renderer
// are allow-lists (scripts/eslint/layers.js); the host and the server deny what they must not touch.
import tseslint from 'typescript-eslint';
import { layersPlugin } from './scripts/eslint/layers.js';
import { featuresPlugin } from './scripts/eslint/features.js';

const root = import.meta.dirname;

const pattern = (group, message) => ({ group, message });

// The renderer's feature map (src-renderer/README.md): feature → the features it may import, one
// way only. Must stay acyclic (the rule refuses the whole lint run otherwise). Anything two
// features both need and neither owns goes to src-renderer/shared/ instead of a new edge.
const FEATURE_DEPS = {
  identification: ['calls', 'tickets', 'settings'], // the caller screen embeds the call panel and the caller's tickets; the desk's paid-scope route and R-ID-STAFF question
  calls: ['softphone', 'agent', 'visits', 'settings'], // the live call: registration, agent state, R-CALL-15 offer, desk limits
  tickets: ['visits', 'claims', 'sla', 'settings'], // the detail embeds visit and claim blocks and SLA clocks
  agent: ['softphone'], // the agent menu shows only with a SIP account
  sla: ['settings'], // clocks run in the active desk profile's working time
  visits: ['settings'], // the verdict's reason or refusal follows the desk profile (issue 11)
  claims: [],
  softphone: [],
  directory: [],
  settings: ['sync'], // «Настройки» embeds the «Синхронизация» panel
  sync: [],
};

export default tseslint.config(
  { ignores: ['node_modules', 'dist-*', 'dist', 'test-results', 'playwright-report', 'release', '.bench-data'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['src-shared/**'],
    plugins: { layers: layersPlugin },
    rules: {
      // Pure TypeScript: its own files, schemas and phone-number metadata; nothing that does I/O.
      'layers/allowed-imports': ['error', { root, layer: 'src-shared', dirs: ['src-shared'], packages: ['zod', 'libphonenumber-js'] }],
    },
  },
  {
    files: ['src-shared/domain/**', 'src-shared/worktime/**', 'src-shared/text/**'],
    plugins: { layers: layersPlugin },
    rules: {
      // The pure rules are what the contract and the mutators are built from, never the reverse:
      // their schemas and types live here and ipc/ and mutators/ import them (no domain ↔ ipc cycle).
      'layers/denied-dirs': ['error', { root, part: 'the pure domain', dirs: ['src-shared/ipc', 'src-shared/mutators'], reason: 'they import it' }],
    },
  },
  {
    files: ['src-renderer/**'],
    plugins: { layers: layersPlugin },
    rules: {
      // Sandboxed UI: reaches the host only through the contract (src-shared), never Node or the host.
      'layers/allowed-imports': [
        'error',
        {
          root,
          layer: 'src-renderer',
          dirs: ['src-renderer', 'src-shared'],
          packages: ['react', 'react-dom', '@tanstack/*', 'zustand', 'i18next', 'react-i18next', 'zod', 'react-hook-form', '@hookform/resolvers'],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**'],
    plugins: { renderer: featuresPlugin },
    rules: {
      'renderer/feature-deps': [
        'error',
        {
          root,
          features: 'src-renderer/features',
          shell: ['src-renderer/app', 'src-renderer/main.tsx'],
          deps: FEATURE_DEPS,
          exceptions: [],
        },
      ],
    },
  },
  {
    files: ['src-main/**'],
    ignores: ['src-main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(['electron', 'electron/*'], 'only src-main/electron/ imports electron'),
            pattern(['**/src-renderer/**'], 'the host does not import the renderer'),
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [pattern(['**/src-renderer/**'], 'the host does not import the renderer')] }],
    },
  },
  {
    files: ['src-server/**'],
    plugins: { layers: layersPlugin },
    rules: {
      'no-restricted-imports': ['error', { patterns: [pattern(['electron', 'electron/*'], 'the server has no electron')] }],
      // Plain Node over PostgreSQL: it shares only src-shared (schemas, roles, mutators) with the
      // console, in every import form (require and import() included), never the host or the UI.
      'layers/denied-dirs': [
        'error',
        { root, part: 'the desk server', dirs: ['src-main', 'src-renderer'], reason: 'it shares only src-shared with the console' },
      ],
    },
  },
  {
    // Every e2e test ends with the scan for English on a Russian screen: specs take `test` from
    // the shared fixture (tests/e2e/helpers/fixture.ts), never straight from Playwright.
    files: ['tests/e2e/**'],
    ignores: ['tests/e2e/helpers/fixture.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@playwright/test', importNames: ['test'], message: 'import test from tests/e2e/helpers/fixture.ts (the Russian-text scan)' }] },
      ],
    },
  },
);
