// The repository's own ESLint config: TypeScript rules for every workspace.
// The architecture and taste rules from lint-rules/ join here once built.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
);
