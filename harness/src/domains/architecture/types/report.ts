import type { ArchitectureModel, Layout, Violation } from '@agent-harness/lint-rules/index';

export type { Violation };

/** What every checker gets: the repository root, the parsed model and the scanned layout. */
export interface CheckContext {
  root: string;
  model: ArchitectureModel;
  layout: Layout;
}

/** What a checker found, and how much it looked at. */
export interface CheckerResult {
  violations: Violation[];
  /** What it covered, for the report's first line: "812 files", "10164 modules". */
  scope: string;
}

/**
 * One checker of `harness lint`. The command runs a list of them and merges their
 * violations into one report; another domain adds its own (the docs lint) by passing
 * it to `register` in the shell's command list. Problems that stop a checker from
 * checking (bad config, unreadable sources) are thrown as errors with a diagnostic.
 */
export interface Checker {
  /** Short name shown in the report: `eslint`, `dependency-cruiser`, `layout`. */
  name: string;
  run(context: CheckContext): Promise<CheckerResult>;
}

/** One line of the committed baseline: a known violation and how many times it occurs. */
export interface BaselineEntry {
  rule: string;
  file: string;
  /** The violation's identity (rule, file and what, numbers masked): see violationKey. */
  key: string;
  count: number;
}

/** A violation in the report, with its state against the baseline. */
export interface ReportedViolation extends Violation {
  what: string;
  why: string;
  fix: string;
  doc?: string;
  /** `new` fails the run; `known` is in the baseline. */
  state: 'new' | 'known';
}

/** The whole result of `harness lint`, as `--json` prints it. */
export interface LintReport {
  ok: boolean;
  root: string;
  /** Each checker's scope, and the milliseconds until it was done (checkers run together). */
  checkers: { name: string; scope: string; ms: number }[];
  violations: ReportedViolation[];
  /** Baseline entries whose violations are gone (fully or partly). */
  fixed: BaselineEntry[];
  baseline: { path: string; present: boolean; written: boolean };
  counts: { new: number; known: number; fixed: number };
}
