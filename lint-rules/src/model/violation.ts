import { splitMessage } from './messages.js';

/** One violation, from whichever engine found it, in the one shape every report uses. */
export interface Violation {
  /** `architecture/<name>`. */
  rule: string;
  /** Repository-relative path. */
  file: string;
  line: number;
  column: number;
  /** The whole message: `<what> Why: <why> Fix: <fix> Docs: <doc>`. */
  message: string;
}

/**
 * A violation's identity across edits, for the baseline: the rule, the file and what is
 * wrong, without line numbers or counts, so moving code around does not make an old
 * violation look new.
 */
export function violationKey(v: Violation): string {
  return `${v.rule}\t${v.file}\t${splitMessage(v.message).what.replace(/\d+/g, '#')}`;
}

/** Orders violations by file, line, column, then rule. */
export function compareViolations(a: Violation, b: Violation): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}
