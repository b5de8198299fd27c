import { HarnessError, ExitCode, type Diagnostic } from '../../../utils/diagnostic.js';
import type { TextSpan } from './logql-ast.js';

/** The query languages the telemetry tools accept. */
export type QueryLanguage = 'LogQL' | 'LogsQL' | 'PromQL';

export const QUERY_DOC = 'docs/product-specs/telemetry-queries.md';

export interface QueryProblem {
  language: QueryLanguage;
  query: string;
  /** Where in the query; null when the store reported no usable position. */
  span: TextSpan | null;
  /** What is wrong, without the position (added here). */
  what: string;
  /** An example of the right form, or the exact change to make. */
  fix: string;
  why?: string;
}

/** 1-based line and column of an offset, for multi-line queries pasted from files. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/**
 * The query's line with a caret under the offending part, the way compilers show it.
 * Long lines are cut around the position so the excerpt stays one screen wide.
 */
export function caretExcerpt(text: string, span: TextSpan): string {
  const { line, column } = lineAndColumn(text, span.start);
  const source = text.split('\n')[line - 1] ?? '';
  const width = Math.max(1, Math.min(span.end - span.start, source.length - column + 1));
  let from = 0;
  if (column > 70) from = column - 40;
  const shown = (from > 0 ? '…' : '') + source.slice(from, from + 100) + (source.length > from + 100 ? '…' : '');
  const pad = column - 1 - from + (from > 0 ? 1 : 0);
  return `    ${shown}\n    ${' '.repeat(Math.max(0, pad))}${'^'.repeat(Math.min(width, 100))}`;
}

export function queryDiagnostic(problem: QueryProblem): Diagnostic {
  const position = problem.span ? lineAndColumn(problem.query, problem.span.start) : null;
  const excerpt = problem.span ? `\n${caretExcerpt(problem.query, problem.span)}` : `\n    ${problem.query.slice(0, 160)}`;
  return {
    // The position is in `where`, which the CLI prints before `what`.
    what: `${position ? '' : `${problem.language}: `}${problem.what}${excerpt}`,
    why: problem.why ?? 'the query cannot be parsed, so nothing was run',
    fix: problem.fix,
    doc: QUERY_DOC,
    ...(position ? { where: `${problem.language} query, ${position.line > 1 ? `line ${position.line}, ` : ''}column ${position.column}` } : {}),
  };
}

/** A malformed query: the user's input is wrong (exit code 2). */
export class QueryError extends HarnessError {
  readonly problem: QueryProblem;

  constructor(problem: QueryProblem) {
    super(queryDiagnostic(problem), ExitCode.misconfigured);
    this.name = 'QueryError';
    this.problem = problem;
  }
}

/**
 * A well-formed LogQL construct with no exact LogsQL equivalent. It is refused rather
 * than translated into a query that means something else; the fix carries the LogsQL
 * that does the job.
 */
export class TranslationRefusal extends HarnessError {
  readonly construct: string;
  readonly span: TextSpan;
  readonly suggestion: string;

  constructor(args: { query: string; construct: string; span: TextSpan; reason: string; suggestion: string }) {
    super(
      queryDiagnostic({
        language: 'LogQL',
        query: args.query,
        span: args.span,
        what: `${args.construct} cannot be translated to LogsQL exactly`,
        why: args.reason,
        fix: args.suggestion,
      }),
      ExitCode.misconfigured,
    );
    this.name = 'TranslationRefusal';
    this.construct = args.construct;
    this.span = args.span;
    this.suggestion = args.suggestion;
  }
}
