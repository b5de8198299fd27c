import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderArchitectureDoc, type ArchitectureModel, type Layout } from '@agent-harness/lint-rules/index';

/** Writes the generated architecture doc when it changed; returns whether it did. */
export function writeArchitectureDoc(root: string, model: ArchitectureModel, layout: Layout): boolean {
  const path = join(root, model.graph);
  const fresh = renderArchitectureDoc(model, layout);
  if (existsSync(path) && readFileSync(path, 'utf8') === fresh) return false;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, fresh);
  return true;
}
