import { violationKey, type Violation } from '@agent-harness/lint-rules/index';
import type { BaselineEntry } from '../types/report.js';

/** The violations of a run held against the baseline. */
export interface BaselineComparison {
  fresh: Violation[];
  known: Violation[];
  /** Entries with fewer occurrences now than recorded: the count says how many are gone. */
  fixed: BaselineEntry[];
}

/** Counts the violations of a run as baseline entries. */
export function toEntries(violations: readonly Violation[]): BaselineEntry[] {
  const byKey = new Map<string, BaselineEntry>();
  for (const v of violations) {
    const key = violationKey(v);
    const entry = byKey.get(key);
    if (entry) entry.count++;
    else byKey.set(key, { rule: v.rule, file: v.file, key, count: 1 });
  }
  return [...byKey.values()];
}

/**
 * Splits a run into new and known violations. Violations are matched by identity (rule,
 * file, what), not by line, so edits around them do not make them new; when a file has
 * more of one violation than recorded, the later ones (by position) are the new ones.
 */
export function compareWithBaseline(violations: readonly Violation[], baseline: readonly BaselineEntry[] | null): BaselineComparison {
  if (baseline === null) return { fresh: [...violations], known: [], fixed: [] };
  const allowance = new Map(baseline.map((e) => [e.key, e.count]));
  const seen = new Map<string, number>();
  const fresh: Violation[] = [];
  const known: Violation[] = [];
  for (const v of violations) {
    const key = violationKey(v);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    (n <= (allowance.get(key) ?? 0) ? known : fresh).push(v);
  }
  const fixed = baseline
    .map((e) => ({ ...e, count: e.count - Math.min(e.count, seen.get(e.key) ?? 0) }))
    .filter((e) => e.count > 0);
  return { fresh, known, fixed };
}

/**
 * The baseline after `--baseline`: every entry shrinks to what is still there; nothing
 * is added. With no baseline yet, today's violations are the baseline.
 */
export function ratchet(violations: readonly Violation[], baseline: readonly BaselineEntry[] | null): BaselineEntry[] {
  const now = toEntries(violations);
  if (baseline === null) return now;
  const current = new Map(now.map((e) => [e.key, e.count]));
  return baseline.map((e) => ({ ...e, count: Math.min(e.count, current.get(e.key) ?? 0) })).filter((e) => e.count > 0);
}
