/**
 * One shape for every problem the harness reports: lint violations, bad config,
 * malformed queries, a store that is down. Each says what is wrong, why it matters
 * and the exact fix, so an agent can act on it without reading the source.
 */
export interface Diagnostic {
  /** What is wrong, naming the thing (file:line, field, query position). */
  what: string;
  /** Why it matters, in one sentence. */
  why: string;
  /** The exact fix: a command to run or the change to make. */
  fix: string;
  /** A doc path or URL with more detail. */
  doc?: string;
  /** Where, when the problem has a place: a file, a config field, a query offset. */
  where?: string;
}

/** Exit codes shared by every command: never a count. */
export const ExitCode = {
  ok: 0,
  /** The command ran and found failures (violations, failed budgets). */
  failed: 1,
  /** The command could not run as asked (bad input, misconfiguration, missing part). */
  misconfigured: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error that carries a diagnostic; the CLI prints it without a stack trace. */
export class HarnessError extends Error {
  readonly diagnostic: Diagnostic;
  readonly exitCode: ExitCode;

  constructor(diagnostic: Diagnostic, exitCode: ExitCode = ExitCode.misconfigured) {
    super(diagnostic.what);
    this.name = 'HarnessError';
    this.diagnostic = diagnostic;
    this.exitCode = exitCode;
  }
}

/** Renders a diagnostic in the lints' style: what, then why, fix and doc on their own lines. */
export function formatDiagnostic(d: Diagnostic, severity: 'error' | 'warning' = 'error'): string {
  const head = d.where ? `${severity}: ${d.where}: ${d.what}` : `${severity}: ${d.what}`;
  const lines = [head, `  why: ${d.why}`, `  fix: ${d.fix}`];
  if (d.doc) lines.push(`  docs: ${d.doc}`);
  return lines.join('\n');
}

/**
 * True for any error that carries a diagnostic, whichever package threw it: the
 * observability and lint-rules packages cannot import the harness, so they throw their
 * own Error subclasses with a `diagnostic` property of this shape.
 */
export function carriesDiagnostic(error: unknown): error is Error & { diagnostic: Diagnostic; exitCode?: number } {
  if (!(error instanceof Error) || !('diagnostic' in error)) return false;
  const d: unknown = error.diagnostic;
  return (
    typeof d === 'object' &&
    d !== null &&
    'what' in d &&
    'why' in d &&
    'fix' in d &&
    typeof d.what === 'string' &&
    typeof d.why === 'string' &&
    typeof d.fix === 'string'
  );
}

/** Turns anything thrown into a diagnostic; unknown errors keep their message, never a stack. */
export function toDiagnostic(error: unknown): Diagnostic {
  if (carriesDiagnostic(error)) return error.diagnostic;
  const message = error instanceof Error ? error.message : String(error);
  return {
    what: `unexpected error: ${message}`,
    why: 'the harness hit a case it does not handle yet',
    fix: 'rerun with HARNESS_DEBUG=1 to see the stack, and report it with the command you ran',
  };
}
