import { loadModel, ModelError, type ArchitectureModel, type ModelSource } from '@agent-harness/lint-rules/index';
import { CONFIG_FILE, loadProjectConfig } from '../../../providers/project-config.js';

/** The parsed model and where it was declared. */
export interface LoadedModel {
  model: ArchitectureModel;
  source: ModelSource;
}

/**
 * Loads the `architecture` section of harness.config.ts (or the file it names) and
 * parses it into the model; every problem is an error naming the field and the fix.
 */
export async function loadArchitecture(root: string): Promise<LoadedModel> {
  const config = await loadProjectConfig(root);
  if (config.path === null) {
    throw new ModelError({
      what: `no ${CONFIG_FILE} at ${root}`,
      why: 'the architecture lints enforce the model declared in its `architecture` section',
      fix: `create ${CONFIG_FILE} with: import { defineConfig } from 'agent-harness/config'; export default defineConfig({ architecture: { roots: [{ path: 'src' }] } });`,
    });
  }
  return loadModel(root, config.sections.architecture);
}
