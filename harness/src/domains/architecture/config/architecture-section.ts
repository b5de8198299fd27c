import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ModelError, parseModel, type ArchitectureModel, type ModelSource } from '@agent-harness/lint-rules/index';
import { CONFIG_FILE, loadProjectConfig } from '../../../providers/project-config.js';

/** The parsed model and where it was declared. */
export interface LoadedModel {
  model: ArchitectureModel;
  source: ModelSource;
}

/**
 * Loads the `architecture` section of harness.config.ts, or the file it names
 * (`architecture: 'architecture.json'`: a .json file or a .js/.mjs module with a
 * default export), and parses it into the model.
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
  const raw = config.sections.architecture;
  if (typeof raw !== 'string') {
    const source = { file: CONFIG_FILE, field: 'architecture' };
    return { model: parseModel(raw, source), source };
  }
  const source = { file: raw, field: 'architecture' };
  return { model: parseModel(await readModelFile(root, raw), source), source };
}

async function readModelFile(root: string, file: string): Promise<unknown> {
  const path = join(root, file);
  const fail = (what: string, fix: string): never => {
    throw new ModelError({ what, why: `${CONFIG_FILE} names ${file} as the architecture model`, fix, where: `${CONFIG_FILE}: architecture` });
  };
  const ext = extname(file);
  if (ext === '.json') {
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      fail(`the architecture model file ${file} does not exist`, `create ${file}, or fix the path in ${CONFIG_FILE} (relative to the repository root)`);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      return fail(`${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, `fix the JSON syntax in ${file}`);
    }
  }
  if (ext === '.js' || ext === '.mjs') {
    try {
      const mod: unknown = await import(pathToFileURL(path).href);
      return typeof mod === 'object' && mod !== null && 'default' in mod ? mod.default : undefined;
    } catch (error) {
      return fail(`${file} could not be loaded: ${error instanceof Error ? error.message : String(error)}`, `make ${file} a module with \`export default { roots: [...] }\``);
    }
  }
  return fail(`the architecture model file ${file} has an unsupported type`, `use a .json, .js or .mjs file, or write the model inline in ${CONFIG_FILE}`);
}
