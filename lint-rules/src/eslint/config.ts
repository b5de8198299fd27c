import type { TSESLint } from '@typescript-eslint/utils';
import tseslint from 'typescript-eslint';
import { PLUGIN_NAME } from '../model/rules.js';
import type { ArchitectureModel } from '../model/schema.js';
import { IMPORT_RULES, plugin, rules, type EslintRuleName } from './plugin.js';

export interface EslintConfigOptions {
  /** Absolute path of the repository root (where harness.config.ts is). */
  root: string;
  model: ArchitectureModel;
  /**
   * `all` (the editor and `eslint .`) or `per-file`: every rule but the import rules,
   * which `harness lint` checks over the whole graph with dependency-cruiser.
   */
  rules?: 'all' | 'per-file';
}

/** Globs of the files the model governs, relative to the repository root. */
export function modelFiles(model: ArchitectureModel): string[] {
  return model.roots.map((root) => `${root.path}/**/*.{ts,tsx,mts,cts}`);
}

/**
 * The flat config that applies the architecture rules to the model's source roots:
 * spread it into eslint.config.js. The model travels in `settings.architecture`, so the
 * rules take no options of their own: there is one model, not one per rule.
 */
export function architectureEslintConfig(options: EslintConfigOptions): TSESLint.FlatConfig.ConfigArray {
  const names = (Object.keys(rules) as EslintRuleName[]).filter((name) => options.rules !== 'per-file' || !IMPORT_RULES.includes(name));
  return [
    {
      name: `${PLUGIN_NAME}/model`,
      files: modelFiles(options.model),
      ignores: ['**/*.d.ts', ...options.model.ignore],
      plugins: { [PLUGIN_NAME]: plugin },
      languageOptions: { parser: tseslint.parser, sourceType: 'module' },
      settings: { [PLUGIN_NAME]: { root: options.root, model: options.model } },
      rules: Object.fromEntries(names.map((name) => [`${PLUGIN_NAME}/${name}`, 'error'])),
    },
  ];
}
