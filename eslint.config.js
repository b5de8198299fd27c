// The repository's own ESLint config: TypeScript rules for every workspace, and the
// architecture and taste rules of lint-rules/, built from the model in harness.config.ts
// for the source roots it declares (app/src, harness/src).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import eslintPlugin from 'eslint-plugin-eslint-plugin';
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
  {
    // The architecture rules are held to eslint-plugin-eslint-plugin's rules for rules and their tests.
    ...eslintPlugin.configs.all,
    files: ['lint-rules/src/eslint/**/*.ts', 'lint-rules/test/rules/**/*.ts'],
    rules: {
      ...eslintPlugin.configs.all.rules,
      // Docs links are absolute paths of the pages inside the installed lint-rules package (docs/rules/<rule>.md), set by RuleCreator.
      'eslint-plugin/require-meta-docs-url': 'off',
    },
  },
  ...(await architectureLints(import.meta.dirname)),
);
