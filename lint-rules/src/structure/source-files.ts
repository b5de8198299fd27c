import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';
import type { ArchitectureModel } from '../model/schema.js';

const SOURCE = /\.(?:ts|tsx|mts|cts)$/;

/** Every source file under the model's roots, repository-relative, before architecture.ignore applies. */
export function rootSourceFiles(root: string, model: ArchitectureModel): string[] {
  const out: string[] = [];
  for (const sourceRoot of model.roots) {
    let entries: string[];
    try {
      entries = readdirSync(join(root, sourceRoot.path), { recursive: true, encoding: 'utf8' });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const rel = `${sourceRoot.path}/${entry.split('\\').join('/')}`;
      if (SOURCE.test(rel) && !rel.endsWith('.d.ts') && !rel.split('/').includes('node_modules')) out.push(rel);
    }
  }
  return out.sort();
}

/** Whether architecture.ignore skips a file. */
export function ignoredBy(model: ArchitectureModel): (file: string) => boolean {
  return model.ignore.length > 0 ? picomatch(model.ignore, { dot: true }) : () => false;
}

/** Every source file under the model's roots, repository-relative, minus the ignored ones. */
export function sourceFiles(root: string, model: ArchitectureModel): string[] {
  const ignored = ignoredBy(model);
  return rootSourceFiles(root, model).filter((file) => !ignored(file));
}
