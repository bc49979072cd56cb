// Lint rules, including the layer boundaries from ARCHITECTURE.md: imports flow
// renderer → shared ← preload and main shell → engine → shared, never back.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import i18next from 'eslint-plugin-i18next';

const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

export default tseslint.config(
  {
    // Generated, installed or local data (the LoCoMo copy and scratch under .cache/ are never linted).
    ignores: [
      'out/**',
      'dist/**',
      'release/**',
      'node_modules/**',
      'coverage/**',
      'test-results/**',
      'playwright-report/**',
      'bench-results/**',
      '.cache/**',
      '.mnemo-dev/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.mjs', 'scripts/**', 'resources/**'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['src/shared/**'],
    rules: restrict([
      {
        group: ['electron', 'node:*', '**/main/**', '**/renderer/**', '**/preload/**'],
        message: 'src/shared is imported by every process and imports none of them.',
      },
    ]),
  },
  {
    files: ['src/main/engine/**'],
    rules: restrict([
      {
        group: ['electron', 'electron/*'],
        message: 'The engine is plain Node: it must run and be tested without Electron.',
      },
      { group: ['**/renderer/**', '**/preload/**'], message: 'The engine never imports the renderer or the preload.' },
    ]),
  },
  {
    files: ['src/renderer/**'],
    rules: restrict([
      {
        group: ['electron', 'node:*', '**/main/**', '**/preload/**'],
        message: 'The renderer talks to the engine only through the contract in src/shared.',
      },
    ]),
  },
  {
    // Every string a person reads goes through t() (src/renderer/src/i18n). The plugin guards text
    // written in JSX; tests/renderer/i18n-attributes.test.ts guards the attributes that are read
    // or spoken (aria-label, title, placeholder, alt), which its JSX-attribute mode cannot tell
    // from the many code strings inside JSX expressions.
    files: ['src/renderer/**/*.tsx'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'jsx-text-only',
          // Symbols and names that read the same in every language.
          words: { exclude: ['[0-9!-/:-@[-`{-~\\s·×…‹›↑↓→✕—–“”]+', 'Mnemo', 'Enter', 'Shift\\+Enter'] },
        },
      ],
    },
  },
  {
    files: ['src/preload/**'],
    rules: restrict([{ group: ['**/main/**', '**/renderer/**'], message: 'The preload only exposes the contract.' }]),
  },
);
