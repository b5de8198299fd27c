import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { z } from 'zod';

export const BIN = fileURLToPath(new URL('../../bin/harness.js', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/architecture/', import.meta.url));
const made: string[] = [];

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/**
 * A throwaway git worktree holding the `clean` fixture repository plus the given
 * overlays (fixtures/architecture/<name>), and extra files written on top.
 */
export function fixtureRepo(overlays: readonly string[] = [], files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'harness-lint-'));
  made.push(root);
  for (const name of ['clean', ...overlays]) cpSync(join(FIXTURES, name), root, { recursive: true });
  mkdirSync(join(root, '.git'));
  for (const [path, text] of Object.entries(files)) writeFile(root, path, text);
  return root;
}

export function writeFile(root: string, path: string, text: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

export function removeFile(root: string, path: string): void {
  rmSync(join(root, path));
}

/** Runs `harness lint` in the repository. */
export function lint(root: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [BIN, 'lint', ...args], { cwd: root, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const JsonViolationSchema = z.object({
  rule: z.string(),
  file: z.string(),
  line: z.number(),
  column: z.number(),
  what: z.string(),
  why: z.string(),
  fix: z.string(),
  doc: z.string().optional(),
  state: z.enum(['new', 'known']),
});

/** The `--json` report, parsed as a client would: the test fails on any other shape. */
export const JsonReportSchema = z.object({
  ok: z.boolean(),
  violations: z.array(JsonViolationSchema),
  fixed: z.array(z.object({ rule: z.string(), file: z.string(), count: z.number() })),
  counts: z.object({ new: z.number(), known: z.number(), fixed: z.number() }),
  baseline: z.object({ path: z.string(), present: z.boolean(), written: z.boolean() }),
  checkers: z.array(z.object({ name: z.string(), scope: z.string(), ms: z.number() })),
});
export type JsonReport = z.infer<typeof JsonReportSchema>;

/** Runs `harness lint --json` and parses its report. */
export function lintJson(root: string, ...args: string[]): { status: number | null; report: JsonReport } {
  const run = lint(root, '--json', ...args);
  return { status: run.status, report: JsonReportSchema.parse(JSON.parse(run.stdout)) };
}

const ErrorSchema = z.object({ ok: z.literal(false), error: z.object({ what: z.string(), why: z.string(), fix: z.string(), where: z.string().optional(), doc: z.string().optional() }) });

/** Runs `harness lint --json` where it cannot run, and parses the diagnostic. */
export function lintError(root: string): { status: number | null; error: z.infer<typeof ErrorSchema>['error'] } {
  const run = lint(root, '--json');
  return { status: run.status, error: ErrorSchema.parse(JSON.parse(run.stdout)).error };
}
