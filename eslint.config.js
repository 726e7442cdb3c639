// Layer rules of ARCHITECTURE.md, enforced here rather than in prose.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'stream', 'worker_threads', 'events', 'util'];
const pattern = (group, message) => ({ group, message });

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
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          pattern(['electron', 'electron/*'], 'src-shared is pure: no electron'),
          pattern(nodeBuiltins, 'src-shared is pure: no Node built-ins'),
          pattern(['better-sqlite3'], 'src-shared is pure: no database'),
          pattern(['react-dom', 'react-dom/*', 'react', 'react/*'], 'src-shared is pure: no UI'),
          pattern(['**/src-main/**', '**/src-renderer/**', '**/src-server/**'], 'src-shared imports no other layer'),
        ],
      }],
    },
  },
  {
    files: ['src-renderer/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          pattern(['electron', 'electron/*'], 'the renderer reaches the host only through the contract'),
          pattern(nodeBuiltins, 'the renderer runs sandboxed: no Node built-ins'),
          pattern(['better-sqlite3'], 'the renderer has no database access'),
          pattern(['**/src-main/**', '**/src-server/**'], 'the renderer imports only src-shared'),
        ],
      }],
    },
  },
  {
    files: ['src-main/**'],
    ignores: ['src-main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          pattern(['electron', 'electron/*'], 'only src-main/electron/ imports electron'),
          pattern(['**/src-renderer/**'], 'the host does not import the renderer'),
        ],
      }],
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
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          pattern(['electron', 'electron/*'], 'the server has no electron'),
          pattern(['**/src-renderer/**', '**/src-main/**'], 'the server imports only src-shared'),
        ],
      }],
    },
  },
);
