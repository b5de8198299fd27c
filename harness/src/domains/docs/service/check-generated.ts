import { readRepoFile } from '../repo/files.js';
import type { DocGenerator, GeneratorContext } from '../types/generator.js';
import type { DocViolation } from '../types/violation.js';
import { toDiagnostic } from '../../../utils/diagnostic.js';
import { renderGenerated } from './generators/render.js';
import { violation } from './workspace.js';

export interface GeneratedFile {
  generator: DocGenerator;
  /** What the file should contain, or null when the generator failed. */
  expected: string | null;
  actual: string | null;
}

/** Runs every enabled generator (or the `only` ones) without writing. */
export async function renderAll(ctx: GeneratorContext, only: readonly DocGenerator[] = ctx.generators): Promise<{ files: GeneratedFile[]; violations: DocViolation[] }> {
  const files: GeneratedFile[] = [];
  const violations: DocViolation[] = [];
  for (const generator of only) {
    const actual = readRepoFile(ctx.root, generator.output);
    try {
      files.push({ generator, expected: renderGenerated(generator, await generator.generate(ctx)), actual });
    } catch (error) {
      const d = toDiagnostic(error);
      files.push({ generator, expected: null, actual });
      violations.push(violation('generated-drift', generator.output, 1, `${generator.output} could not be regenerated: ${d.what}`, d.fix));
    }
  }
  return { files, violations };
}

/** Generated docs must exist and equal a fresh run of their generator. */
export function checkGenerated(files: readonly GeneratedFile[]): DocViolation[] {
  const violations: DocViolation[] = [];
  for (const { generator, expected, actual } of files) {
    if (expected === null) continue;
    if (actual === null) {
      violations.push(violation('generated-missing', generator.output, 1, `${generator.output} does not exist`, `run \`${generator.command}\` and commit the file`));
    } else if (actual !== expected) {
      const line = firstDifference(actual, expected);
      violations.push(
        violation('generated-drift', generator.output, line, `${generator.output} is out of date with its source (first difference at line ${line})`, `run \`${generator.command}\` and commit the result; never edit it by hand`),
      );
    }
  }
  return violations;
}

function firstDifference(a: string, b: string): number {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) return i + 1;
  return 1;
}
