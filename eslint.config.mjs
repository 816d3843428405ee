// ESLint (flat config) with typescript-eslint: `npm run lint`, part of `npm test`.
// Besides the recommended rules it keeps the floors of docs/architecture.md: the table there
// is read here and becomes the rules floors/imports and floors/no-cycle (scripts/lint/floors.mjs).
import js from '@eslint/js';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import { floorsPlugin, readFloors } from './scripts/lint/floors.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));
const floors = floorsPlugin(root, readFloors(`${root}docs/architecture.md`));

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'media/dist/**', 'node_modules/**', '.cache/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `import x = require('y')` is TypeScript's typed form; a bare require() still needs a reason.
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
      // Fire-and-forget promises must say so with `void`.
      'no-void': 'off',
      eqeqeq: ['error', 'always'],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    // The floors of docs/architecture.md: imports point down, features stay apart, no circles.
    files: ['src/**/*.ts'],
    plugins: { floors },
    rules: { 'floors/imports': 'error', 'floors/no-cycle': 'error' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
);
