// ESLint (flat config) with typescript-eslint: `npm run lint`, part of `npm test`.
// Besides the recommended rules it keeps the layers apart: imports point down only
// (extension → commands, views, tail → state → kafka, codecs), and kafka/codecs never
// touch the vscode API, so they stay testable in plain Node.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const upward = (...layers) =>
  layers.map((layer) => ({ group: [`**/${layer}/*`], message: `a lower layer may not import from src/${layer}` }));

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
    files: ['src/kafka/**/*.ts', 'src/registry/**/*.ts', 'src/codecs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/kafka, src/registry and src/codecs run in plain Node: no vscode API here' }],
          patterns: upward('extension', 'commands', 'views', 'tail', 'state', 'webview'),
        },
      ],
    },
  },
  {
    files: ['src/state/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: upward('extension', 'commands', 'views', 'tail', 'webview') }] },
  },
  {
    files: ['src/views/**/*.ts', 'src/commands/**/*.ts', 'src/tail/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: upward('extension') }] },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: {
      // Browser code: it may share the protocol's types, nothing that runs in the host.
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'webview code runs in the browser' }],
          patterns: upward('extension', 'commands', 'views', 'state', 'kafka'),
        },
      ],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
);
