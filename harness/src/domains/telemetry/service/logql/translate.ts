import type { LogqlExpr } from '../../types/logql-ast.js';
import type { LogsqlTranslation } from '../../types/translation.js';
import { parseLogql } from './parser.js';
import { TranslationContext } from './translate-context.js';
import { translateLogPart } from './translate-log.js';
import { compileMetric } from './translate-metric.js';

/**
 * LogQL → LogsQL, as a pure function: parse, then translate node by node. A construct
 * with no exact LogsQL equivalent throws a TranslationRefusal naming it and suggesting
 * the LogsQL that does the job; a malformed query throws a QueryError with its position.
 */

export interface TranslateOptions {
  /** Field names VictoriaLogs holds, used to read Loki-style names (service_name → service.name). */
  knownFields?: readonly string[];
}

export function translateLogql(query: string, options: TranslateOptions = {}): LogsqlTranslation {
  return translateExpr(parseLogql(query), query, options);
}

export function translateExpr(expr: LogqlExpr, query: string, options: TranslateOptions = {}): LogsqlTranslation {
  const ctx = new TranslationContext(query, options.knownFields ?? []);
  if (expr.kind === 'log') {
    const part = translateLogPart(expr, ctx, false);
    return { kind: 'log', logsql: part.builder.build(), window: null, labels: [], finish: null, linesQuery: null, notes: ctx.notes };
  }
  const compiled = compileMetric(expr, ctx, []);
  if (!compiled.labelsKnown) {
    ctx.refuse(
      'a range aggregation over parsed lines without a grouping',
      expr.span,
      "after json/logfmt Loki's series carry every extracted label, which LogsQL cannot enumerate before running the query",
      'say which labels identify a series: sum by (level) (count_over_time(… [5m])), or sum(…) for one series',
    );
  }
  const linesQuery = compiled.log.builder.build();
  const logsql = [linesQuery, ...compiled.pipes].join(' | ');
  return {
    kind: 'metric',
    logsql,
    window: compiled.window,
    labels: compiled.labels,
    finish: compiled.quantile !== null ? { kind: 'quantile', phi: compiled.quantile } : null,
    linesQuery,
    notes: ctx.notes,
  };
}
