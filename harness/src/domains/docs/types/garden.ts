import type { DocsLintReport } from './violation.js';

/** A file the garden job writes: its new content and why. */
export interface FileChange {
  path: string;
  /** The new content; null deletes the file. */
  content: string | null;
  reason: string;
  kind: 'generated' | 'link-repair' | 'index' | 'quality-score' | 'task';
}

/** A re-verification task for a stale doc the job cannot fix mechanically. */
export interface GardenTask {
  doc: string;
  /** Repository-relative path of the task file under docs/exec-plans/active/. */
  path: string;
  /** True when a task for this doc already existed and is only refreshed. */
  existing: boolean;
}

/** Everything the garden job would do, computed without writing. */
export interface GardenPlan {
  report: DocsLintReport;
  changes: FileChange[];
  tasks: GardenTask[];
  branch: string;
  base: string;
  commitMessage: string;
  /** Error-level violations the job cannot fix (they need a person). */
  unfixable: number;
}

/** What the job did (or, with --dry-run, would do). */
export interface GardenResult {
  dryRun: boolean;
  plan: GardenPlan;
  /** How the branch was handed over. */
  delivery:
    | { kind: 'none' }
    /** `updated`: the job's own open pull request was updated instead of a new one opened. */
    | { kind: 'pull-request'; url: string; updated?: boolean }
    | { kind: 'patch'; path: string; reason: string };
  agentRuns: { task: string; command: string; exitCode: number | null; log: string | null }[];
}
