// ESLint flat config: typescript-eslint, import cycles and the layer boundaries of docs/architecture.md.
// Formatting is prettier's job (eslint-config-prettier turns the overlapping rules off).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const VENDOR_FOLDERS = ['alfaview', 'allocloud', 'alpemix', 'apizee', 'vconnct'].map((v) => `./datasources/${v}`);

export default tseslint.config(
  { ignores: ['**/node_modules/', 'dist/', 'coverage/', 'test-results/', 'examples/generated/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // Without these, import-x parses only .js files and no-cycle silently sees no edges between .ts modules.
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      // A cycle makes module initialisation order matter (decorators and registerEnumType run at import).
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './resolvers',
              from: VENDOR_FOLDERS,
              message: 'Resolvers reach vendors only through the datasource contract (datasources/vendor.ts).',
            },
            {
              target: './datasources',
              from: ['./resolvers', './schema'],
              message: 'Datasources know nothing of GraphQL: resolvers and schema depend on datasources, never the reverse.',
            },
            {
              target: './datasources',
              from: './src',
              message:
                'Datasources depend on core/ (errors, secrets, logger, connection config), never on src/: the folders depend one way.',
            },
            {
              target: './core',
              from: ['./src', './datasources', './resolvers', './schema', './bench'],
              message: 'core/ is the shared base every other folder imports; it imports none of them.',
            },
            {
              target: './schema',
              from: './datasources',
              // The Capability enum is generated from the one list of capabilities, so the two cannot drift.
              except: ['./capabilities.ts'],
              message: 'Schema classes describe the API; they do not depend on datasources.',
            },
          ],
        },
      ],
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Vendor JSON and GraphQL test responses are untyped by nature; `any` stays visible in review instead.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Resolvers never talk HTTP.
    files: ['resolvers/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'got', message: 'Resolvers never talk HTTP: call a loader or a datasource.' }] },
      ],
    },
  },
  {
    // prom-client calls a gauge's `collect` with the gauge as `this`; the metrics object needs another name.
    files: ['src/metrics.ts'],
    rules: { '@typescript-eslint/no-this-alias': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  prettier,
);
