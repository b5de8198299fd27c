// The repository's own ESLint config: TypeScript rules for every workspace, and the
// architecture and taste rules of lint-rules/, built from the model in harness.config.ts
// for the source roots it declares (app/src, harness/src).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { architectureLints } from 'agent-harness/eslint';

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/test/fixtures/**', 'bench/.work/**', '.harness/**', 'docs/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['app/src/domains/*/ui/**/*.ts', 'app/src/ui/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // CommonJS files (an import resolver for the lint benchmark) are loaded with require().
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...(await architectureLints(import.meta.dirname)),
);
