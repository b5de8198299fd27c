import { checkTypeScript, compareViolations, scanLayout, splitMessage, type Violation } from '@agent-harness/lint-rules/index';
import { loadArchitecture } from '../config/architecture-section.js';
import { readBaseline, writeBaseline } from '../repo/baseline-file.js';
import { writeArchitectureDoc } from '../repo/graph-file.js';
import type { Checker, LintReport, ReportedViolation } from '../types/report.js';
import { compareWithBaseline, ratchet } from './baseline.js';
import { cruiseChecker } from './cruise-checker.js';
import { eslintChecker } from './eslint-checker.js';
import { layoutChecker } from './layout-checker.js';

/** The checkers `harness lint` runs by default; other domains append theirs (see Checker). */
export const ARCHITECTURE_CHECKERS: readonly Checker[] = [layoutChecker, cruiseChecker, eslintChecker];

export interface LintOptions {
  root: string;
  checkers: readonly Checker[];
  /** Record or shrink the baseline instead of only reading it. */
  writeBaseline?: boolean;
  /** Regenerate the architecture doc; the report says whether it changed. */
  writeGraph?: boolean;
}

/**
 * Runs every checker over the model and holds the result against the baseline. Throws
 * (with a diagnostic, exit 2) when the lints cannot run as configured; never returns a
 * clean report for sources it did not read.
 */
export async function runLint(options: LintOptions): Promise<LintReport & { graphWritten: boolean; ms: number }> {
  const { root } = options;
  const started = performance.now();
  checkTypeScript();
  const { model, source } = await loadArchitecture(root);
  const layout = scanLayout(root, model, source.file);
  const graphWritten = options.writeGraph ? writeArchitectureDoc(root, model, layout) : false;
  // The checkers run together: dependency-cruiser works on its own thread while ESLint
  // works on this one. The report keeps the list's order.
  const results = await Promise.all(
    options.checkers.map(async (checker) => {
      const started = performance.now();
      const result = await checker.run({ root, model, layout });
      return { name: checker.name, result, ms: Math.round(performance.now() - started) };
    }),
  );
  const checkers: LintReport['checkers'] = results.map(({ name, result, ms }) => ({ name, scope: result.scope, ms }));
  const all: Violation[] = results.flatMap(({ result }) => result.violations);
  const violations = dedupe(all).sort(compareViolations);
  const baseline = readBaseline(root, model.baseline);
  // --baseline records today's violations the first time, and afterwards only shrinks.
  const effective = options.writeBaseline ? ratchet(violations, baseline) : baseline;
  if (options.writeBaseline && effective) writeBaseline(root, model.baseline, effective);
  const { fresh, known } = compareWithBaseline(violations, effective);
  const { fixed } = compareWithBaseline(violations, baseline);
  const state = new Map<Violation, 'new' | 'known'>([...fresh.map((v) => [v, 'new'] as const), ...known.map((v) => [v, 'known'] as const)]);
  const reported: ReportedViolation[] = violations.map((v) => ({ ...v, ...splitMessage(v.message), state: state.get(v) ?? 'new' }));
  return {
    ok: fresh.length === 0,
    root,
    checkers,
    violations: reported,
    fixed,
    baseline: { path: model.baseline, present: effective !== null, written: options.writeBaseline === true },
    counts: { new: fresh.length, known: known.length, fixed: fixed.reduce((n, e) => n + e.count, 0) },
    graphWritten,
    ms: Math.round(performance.now() - started),
  };
}

/** The same finding from two engines (an import the editor config also checks) counts once. */
function dedupe(violations: readonly Violation[]): Violation[] {
  const seen = new Set<string>();
  return violations.filter((v) => {
    const key = `${v.rule}\0${v.file}\0${v.line}\0${v.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
