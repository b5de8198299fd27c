import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ModelError } from './errors.js';
import { parseModel, type ModelSource } from './parse.js';
import type { ArchitectureModel } from './schema.js';

/** The project config file that holds the `architecture` section. */
export const PROJECT_CONFIG = 'harness.config.ts';

/**
 * Parses the `architecture` section as harness.config.ts holds it: the model itself, or
 * the name of a file that holds it (a .json file, or a .js/.mjs module with a default
 * export), relative to the repository root.
 */
export async function loadModel(root: string, section: unknown): Promise<{ model: ArchitectureModel; source: ModelSource }> {
  if (typeof section !== 'string') {
    const source = { file: PROJECT_CONFIG, field: 'architecture' };
    return { model: parseModel(section, source), source };
  }
  const source = { file: section, field: 'architecture' };
  return { model: parseModel(await readModelFile(root, section), source), source };
}

async function readModelFile(root: string, file: string): Promise<unknown> {
  const path = join(root, file);
  const fail = (what: string, fix: string): never => {
    throw new ModelError({ what, why: `${PROJECT_CONFIG} names ${file} as the architecture model`, fix, where: `${PROJECT_CONFIG}: architecture` });
  };
  const ext = extname(file);
  if (ext === '.json') {
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      fail(`the architecture model file ${file} does not exist`, `create ${file}, or fix the path in ${PROJECT_CONFIG} (relative to the repository root)`);
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
  return fail(`the architecture model file ${file} has an unsupported type`, `use a .json, .js or .mjs file, or write the model inline in ${PROJECT_CONFIG}`);
}
