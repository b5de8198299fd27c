import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { Minimatch } from 'minimatch';
import { z } from 'zod';

/** The parts of a vitest JSON report (`vitest run --reporter=json`) the quality score reads. */
const VitestReportSchema = z.object({
  testResults: z.array(
    z.object({
      name: z.string(),
      status: z.string().optional(),
      assertionResults: z.array(z.object({ status: z.string() })).default([]),
    }),
  ),
});

/** The parts of a SARIF 2.1 log the quality score reads. */
const SarifLogSchema = z.object({
  runs: z.array(
    z.object({
      results: z
        .array(
          z.object({
            level: z.string().optional(),
            locations: z
              .array(z.object({ physicalLocation: z.object({ artifactLocation: z.object({ uri: z.string() }).optional() }).optional() }))
              .default([]),
          }),
        )
        .default([]),
    }),
  ),
});

export interface TestFileResult {
  /** Repository-relative test file. */
  file: string;
  passed: number;
  failed: number;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/** Test results per file from a vitest JSON report, or null when there is no readable report. */
export function readVitestReport(root: string, reportPath: string): TestFileResult[] | null {
  const parsed = VitestReportSchema.safeParse(readJson(join(root, reportPath)));
  if (!parsed.success) return null;
  return parsed.data.testResults.map((t) => {
    const failedFile = t.status === 'failed' && t.assertionResults.length === 0 ? 1 : 0;
    return {
      file: toRepoPath(root, t.name),
      passed: t.assertionResults.filter((a) => a.status === 'passed').length,
      failed: t.assertionResults.filter((a) => a.status === 'failed').length + failedFile,
    };
  });
}

/** Files on disk (ignored ones included) matching a glob, searched under its literal prefix. */
function globOnDisk(root: string, glob: string): string[] {
  const parts = glob.split('/');
  const firstGlob = parts.findIndex((p) => /[*?[\]{}]/.test(p));
  const base = parts.slice(0, firstGlob < 0 ? parts.length - 1 : firstGlob).join('/');
  let entries: string[];
  try {
    entries = readdirSync(join(root, base), { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  const m = new Minimatch(glob, { dot: true });
  return entries.map((e) => (base ? `${base}/${e}` : e).split('\\').join('/')).filter((f) => m.match(f));
}

/** Files with lint findings in the SARIF logs matching the globs (repository-relative), or null when there are none. */
export function readSarifFindings(root: string, globs: readonly string[]): string[] | null {
  const logs = globs.flatMap((g) => globOnDisk(root, g));
  if (logs.length === 0) return null;
  const findings: string[] = [];
  for (const log of logs) {
    const parsed = SarifLogSchema.safeParse(readJson(join(root, log)));
    if (!parsed.success) continue;
    for (const run of parsed.data.runs) {
      for (const result of run.results) {
        if (result.level === 'note' || result.level === 'none') continue;
        const uri = result.locations[0]?.physicalLocation?.artifactLocation?.uri;
        if (uri) findings.push(toRepoPath(root, uri.replace(/^file:\/\//, '')));
      }
    }
  }
  return findings;
}

function toRepoPath(root: string, path: string): string {
  return (isAbsolute(path) ? relative(root, path) : path).split('\\').join('/');
}
