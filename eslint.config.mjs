// Lint of all TypeScript (npm run lint, part of npm test): eslint's and typescript-eslint's
// recommended rules. Syntax-only: measured on 2 cores, this lints the repo in about 6 s, while
// recommendedTypeChecked takes about 21 s (a full program per tsconfig) and reports some 3,000
// findings, mostly no-unsafe-* around the SDK's untyped results; tsc strict covers types.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'build/**', 'coverage/**', '.data/**', '.bench/**', '**/*.js', '**/*.mjs', '**/*.cjs'],
  },
  {
    files: ['cloudfunctions/**/*.ts', 'emulator/**/*.ts', 'miniprogram/**/*.ts', 'typings/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'database/**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // The code base's convention: `_`-prefixed names are deliberately unused (a parameter kept
      // for a signature, a field left out by `const { _secret, ...rest } = doc`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Undefined names are tsc's job (no-undef does not know the WeChat or Node globals'
      // types, and typescript-eslint advises turning it off for TypeScript).
      'no-undef': 'off',
      // Chinese documents and messages lay out text with the ideographic space (U+3000) inside
      // strings and templates; anywhere else it is still an error.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipComments: false, skipRegExps: false }],
    },
  },
  {
    // The local cloud decodes the SDK's untyped wire protocol (EJSON request params, documents of
    // any shape), and tests and benchmarks read answers of many shapes: `any` is deliberate there.
    // Product code (cloudfunctions, miniprogram, typings, scripts) keeps the rule.
    files: ['emulator/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
