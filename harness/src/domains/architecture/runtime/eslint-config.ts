import { architectureEslintConfig } from '@agent-harness/lint-rules/index';
import { carriesDiagnostic, formatDiagnostic } from '../../../utils/diagnostic.js';
import { loadArchitecture } from '../config/architecture-section.js';

/**
 * The architecture rules for eslint.config.js, built from the model in harness.config.ts:
 *
 *   import { architectureLints } from 'agent-harness/eslint';
 *   export default [...otherConfigs, ...(await architectureLints(import.meta.dirname))];
 *
 * The editor then shows every rule, the import rules included, as you type.
 */
export async function architectureLints(root: string): Promise<ReturnType<typeof architectureEslintConfig>> {
  try {
    const { model } = await loadArchitecture(root);
    return architectureEslintConfig({ root, model, rules: 'all' });
  } catch (error) {
    // ESLint prints a config error's message; make it the diagnostic, not a stack.
    if (carriesDiagnostic(error)) throw new Error(`\n${formatDiagnostic(error.diagnostic)}`, { cause: error });
    throw error;
  }
}
