import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { docBody, renderArchitectureDoc, type ArchitectureModel, type Layout } from '@agent-harness/lint-rules/index';

/**
 * Writes the generated architecture doc. When the graph is unchanged the file is left
 * alone, so its `verified` date moves only when the architecture does.
 * Returns whether the file changed.
 */
export function writeArchitectureDoc(root: string, model: ArchitectureModel, layout: Layout, today: string): boolean {
  const path = join(root, model.graph);
  const fresh = renderArchitectureDoc(model, layout, today);
  if (existsSync(path) && docBody(readFileSync(path, 'utf8')) === docBody(fresh)) return false;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, fresh);
  return true;
}
