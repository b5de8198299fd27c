import { HarnessError } from '../../../utils/diagnostic.js';
import { writeRepoFile } from '../repo/files.js';
import { renderAll } from './check-generated.js';
import { prepare, type DocsLintOptions } from './lint.js';

export interface GenerateOutcome {
  output: string;
  command: string;
  status: 'written' | 'unchanged' | 'failed' | 'stale';
  error?: string;
}

/**
 * Regenerates generated docs (all enabled ones, or the given outputs). With `check`,
 * writes nothing and reports which ones are stale.
 */
export async function generateDocs(root: string, outputs: readonly string[], options: DocsLintOptions & { check: boolean }): Promise<GenerateOutcome[]> {
  const { ctx } = await prepare(root, options);
  const unknown = outputs.filter((o) => !ctx.generators.some((g) => g.output === o));
  if (unknown.length > 0) {
    throw new HarnessError({
      what: `not a generated doc: ${unknown.join(', ')}`,
      why: 'only the outputs of the registered generators can be regenerated',
      fix: `pass one of: ${ctx.generators.map((g) => g.output).join(', ')} (or no path for all)`,
    });
  }
  const selected = outputs.length > 0 ? ctx.generators.filter((g) => outputs.includes(g.output)) : ctx.generators;
  const { files, violations } = await renderAll(ctx, selected);
  return files.map((f): GenerateOutcome => {
      const base = { output: f.generator.output, command: f.generator.command };
      if (f.expected === null) return { ...base, status: 'failed', error: violations.find((v) => v.file === f.generator.output)?.what ?? 'generator failed' };
      if (f.expected === f.actual) return { ...base, status: 'unchanged' };
      if (options.check) return { ...base, status: 'stale' };
      writeRepoFile(root, f.generator.output, f.expected);
      return { ...base, status: 'written' };
    });
}
