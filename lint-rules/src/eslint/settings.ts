import { relative, sep } from 'node:path';
import type { TSESLint } from '@typescript-eslint/utils';
import { ESLintUtils } from '@typescript-eslint/utils';
import { parseModel } from '../model/parse.js';
import { PLUGIN_NAME, ruleDoc, type RuleName } from '../model/rules.js';
import type { ArchitectureModel } from '../model/schema.js';

/** What every rule reads from `settings.architecture`: the repository root and the model. */
export interface ArchitectureSettings {
  /** Absolute path of the repository root; the model's paths are relative to it. */
  root: string;
  model: ArchitectureModel;
}

/** Builds rules whose docs link is the absolute path of the rule's page in this package (docs/rules/<name>.md). */
export const createRule = ESLintUtils.RuleCreator<{ recommended: boolean }>((name) => ruleDoc(name as RuleName));

// One parse per settings object: ESLint hands every file the same object.
const parsed = new WeakMap<object, ArchitectureSettings>();

/**
 * Reads the architecture settings. Missing settings are a configuration mistake, so
 * this throws (ESLint then names the rule and the file) instead of checking nothing.
 */
export function readSettings(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): ArchitectureSettings {
  const raw: unknown = context.settings[PLUGIN_NAME];
  if (typeof raw === 'object' && raw !== null) {
    const cached = parsed.get(raw);
    if (cached) return cached;
    if ('root' in raw && typeof raw.root === 'string' && 'model' in raw) {
      const settings = { root: raw.root, model: parseModel(raw.model, { file: 'ESLint settings', field: `${PLUGIN_NAME}.model` }) };
      parsed.set(raw, settings);
      return settings;
    }
  }
  throw new Error(
    `the ${PLUGIN_NAME} rules need settings.${PLUGIN_NAME} = { root, model }: ` +
      "build the config with architectureEslintConfig() from '@agent-harness/lint-rules/eslint/config' (or agent-harness/eslint) instead of enabling the rules by hand",
  );
}

/** The linted file's path relative to the repository root, with forward slashes. */
export function repoPath(settings: ArchitectureSettings, filename: string): string {
  return relative(settings.root, filename).split(sep).join('/');
}

/**
 * What a rule's cheap pre-test sees: the file's text and path, and the settings.
 * `harness lint` runs ESLint only on files where some pre-test is true.
 */
export interface PreTest {
  text: string;
  /** Repository-relative path. */
  file: string;
  settings: ArchitectureSettings;
}
