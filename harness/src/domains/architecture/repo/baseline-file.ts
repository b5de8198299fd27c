import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ModelError } from '@agent-harness/lint-rules/index';
import type { BaselineEntry } from '../types/report.js';

const BaselineFileSchema = z.strictObject({
  version: z.literal(1),
  note: z.string().optional(),
  violations: z.array(
    z.strictObject({
      rule: z.string(),
      file: z.string(),
      key: z.string(),
      count: z.int().min(1),
    }),
  ),
});

const NOTE =
  'Known architecture violations, recorded by `harness lint --baseline`. Runs fail only on violations not listed here. ' +
  'Rerunning --baseline only removes fixed entries; it never adds new ones.';

/** Reads the committed baseline, or null when there is none. */
export function readBaseline(root: string, path: string): BaselineEntry[] | null {
  const full = join(root, path);
  if (!existsSync(full)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(full, 'utf8'));
  } catch (error) {
    throw new ModelError({
      what: `the lint baseline ${path} is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      why: 'without a readable baseline every known violation would count as new, or none would',
      fix: `restore ${path} from git (git checkout -- ${path}), or delete it and run harness lint --baseline to record it again`,
      where: path,
    });
  }
  const result = BaselineFileSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ModelError({
      what: `the lint baseline ${path} is malformed at ${issue ? issue.path.join('.') || '(top)' : '(top)'}: ${issue?.message ?? 'unknown shape'}`,
      why: 'the baseline is written by harness lint --baseline; a hand edit can hide new violations',
      fix: `restore ${path} from git, or delete it and run harness lint --baseline`,
      where: path,
    });
  }
  return result.data.violations;
}

/** Writes the baseline, sorted so that its diff in review shows exactly what changed. */
export function writeBaseline(root: string, path: string, entries: readonly BaselineEntry[]): void {
  const sorted = [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const body = { version: 1, note: NOTE, violations: sorted };
  writeFileSync(join(root, path), `${JSON.stringify(body, null, 2)}\n`);
}
