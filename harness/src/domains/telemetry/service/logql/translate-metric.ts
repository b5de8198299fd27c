import type { BinaryExpr, MetricExpr, RangeAggregation, VectorAggregation } from '../../types/logql-ast.js';
import { VALUE_FIELD } from '../../types/translation.js';
import { byClause, field, quote } from '../logsql-syntax.js';
import type { TranslationContext } from './translate-context.js';
import { translateLogPart, type LogPart } from './translate-log.js';

/**
 * Metric queries become `stats` pipes over the log part, evaluated at one instant with
 * the LogQL range as a `_time` filter. Each level of aggregation is one more `stats`
 * pipe over the rows of the level below, which is what Loki's series arithmetic means.
 * A sum over an additive range function (count, bytes, sum, rates) collapses into one
 * `stats` with the outer grouping.
 */

export interface CompiledMetric {
  log: LogPart;
  /** Pipes after the log part. */
  pipes: string[];
  /** Fields that identify a series in the result rows. */
  labels: string[];
  /** False when Loki's series would also carry labels a parser extracted (unknown here). */
  labelsKnown: boolean;
  window: { text: string; seconds: number };
  quantile: number | null;
  /** Set while the result is still a single additive stats pipe (for the sum collapse). */
  additive: { fn: string; divisor: number | null } | null;
}

const MATH = (fn: string): [string, string] => [
  'the translation keeps one LogsQL query per LogQL query, and this function is a step of its own there',
  `apply it with LogsQL's math pipe: harness logs --logsql '_time:5m app:=web | stats by (level) count() as value | math ${fn} as value'`,
];
/** Why each LogQL function the parser knows is refused, and the LogsQL that does its job. */
const FUNCTION_REFUSALS: Partial<Record<string, [string, string]>> = {
  vector: [
    'a constant series needs no query, and LogsQL already answers an ungrouped count over no lines with 0 (what `or vector(0)` is for)',
    "count without a grouping: harness logs --logsql '_time:5m app:=web level:=error | stats count() as errors' (0 when nothing matched)",
  ],
  absent: [
    'LogsQL answers a count, not the absence of series',
    "count the lines and read 0 as absent: harness logs --logsql '_time:5m app:=web | stats count() as n'",
  ],
  label_replace: [
    'the series labels are LogsQL fields, rewritten with a pipe rather than a function',
    'rewrite the field after the stats pipe: harness logs --logsql \'_time:5m app:=web | stats by (route) count() as value | replace_regexp ("^/api/([^/]+).*", "$1") at route\'',
  ],
  abs: MATH('abs(value)'),
  ceil: MATH('ceil(value)'),
  floor: MATH('floor(value)'),
  round: MATH('round(value)'),
  exp: MATH('exp(value)'),
  ln: MATH('ln(value)'),
  sqrt: MATH('value ^ 0.5'),
  clamp: MATH('min(max(value, 0), 100)'),
  clamp_min: MATH('max(value, 0)'),
  clamp_max: MATH('min(value, 100)'),
  approx_topk: ['the translation computes topk exactly, so there is nothing to approximate', 'write topk: topk(5, sum by (route) (count_over_time({app="web"}[5m])))'],
};

const ADDITIVE: Partial<Record<string, string>> = { count_over_time: 'count()', bytes_over_time: 'sum_len(_msg)', rate: 'count()', bytes_rate: 'sum_len(_msg)' };
const UNWRAPPED: Partial<Record<string, string>> = { sum_over_time: 'sum', avg_over_time: 'avg', min_over_time: 'min', max_over_time: 'max', rate: 'sum', quantile_over_time: 'values' };
/** What `strconv.ParseFloat` accepts in practice: Loki's unwrap keeps only such values. */
const NUMBER_PATTERN = '^[-+]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?$';

export function compileMetric(expr: MetricExpr, ctx: TranslationContext, extraLabels: string[]): CompiledMetric {
  switch (expr.kind) {
    case 'rangeAgg':
      return compileRange(expr, ctx, extraLabels);
    case 'vectorAgg':
      return compileVector(expr, ctx);
    case 'binary':
      return compileBinary(expr, ctx, extraLabels);
    case 'number':
      return ctx.refuse('a number on its own', expr.span, 'the translator answers queries over logs; a constant needs no store', 'write a metric query, e.g. sum(count_over_time({app="web"}[5m]))');
    case 'unsupportedFunction': {
      const [why, fix] = FUNCTION_REFUSALS[expr.name] ?? ['LogsQL has no exact counterpart for it', "compute it with LogsQL's pipes: harness logs --logsql '… | stats by (…) count() as value | math …'"];
      return ctx.refuse(`the function ${expr.name}()`, expr.span, why, fix);
    }
  }
}

function compileRange(expr: RangeAggregation, ctx: TranslationContext, extraLabels: string[]): CompiledMetric {
  const { fn } = expr;
  const refusals: Partial<Record<string, string>> = {
    stddev_over_time: 'stats by (…) avg(x), min(x), max(x), count()',
    stdvar_over_time: 'stats by (…) avg(x), min(x), max(x), count()',
    first_over_time: 'sort by (_time) | first 1 by (_time)',
    last_over_time: 'first 1 by (_time desc)',
    absent_over_time: 'stats count() as n (0 means absent)',
    rate_counter: 'stats by (…) max(x), min(x)',
  };
  if (refusals[fn]) {
    ctx.refuse(fn, expr.fnSpan, 'VictoriaLogs has no stats function with the same result', `harness logs --logsql '… | ${refusals[fn]}'`);
  }
  if (expr.offset) {
    ctx.refuse('offset', expr.offset.span, 'the translation evaluates at one instant; moving it is the caller\'s job', `drop "${expr.offset.text}" and pass --until ${expr.offset.text} to evaluate that long ago`);
  }
  const needsUnwrap = fn !== 'count_over_time' && fn !== 'bytes_over_time' && fn !== 'bytes_rate' && fn !== 'rate';
  const log = translateLogPart(expr.query, ctx, true);
  if (needsUnwrap && !log.unwrap) ctx.fail(expr.fnSpan, `${fn} needs an unwrapped value`, `${fn}({app="web"} | json | unwrap latency [5m]) by (route)`);
  if (!needsUnwrap && log.unwrap && fn !== 'rate') ctx.fail(expr.fnSpan, `${fn} counts lines and takes no unwrap`, `${fn}({app="web"} |= "error" [5m])`);
  if (expr.grouping && !log.unwrap) ctx.fail(expr.grouping.span, `${fn} takes no by/without clause; group with an outer sum`, `sum by (level) (${fn}({app="web"}[5m]))`);
  if (expr.grouping?.mode === 'without') {
    ctx.refuse('without', expr.grouping.span, 'LogsQL groups by the fields it is given, and "every label but these" needs the full label set', `group with by (…), e.g. ${fn}(… [${expr.range.text}]) by (route)`);
  }
  log.builder.prependFilter(`_time:${expr.range.text}`);
  let labels: string[];
  let labelsKnown = true;
  if (expr.grouping) labels = expr.grouping.labels.map((l) => ctx.resolve(l, expr.grouping!.span));
  else {
    labels = ['_stream', ...extraLabels];
    labelsKnown = !log.labelsChanged;
  }
  const window = { text: expr.range.text, seconds: expr.range.seconds };
  const divisor = fn === 'rate' || fn === 'bytes_rate' ? expr.range.seconds : null;
  const by = byClause(labels);
  if (log.unwrap) {
    const x = field(log.unwrap.label);
    log.builder.filter(`${x}:~${quote(NUMBER_PATTERN)}`);
    const statsFn = UNWRAPPED[fn]!;
    const pipes = [`stats ${by}${statsFn}(${x}) as ${VALUE_FIELD}`];
    if (divisor) pipes.push(`math ${VALUE_FIELD} / ${divisor} as ${VALUE_FIELD}`);
    if (fn === 'quantile_over_time') {
      ctx.note(`quantile_over_time interpolates between neighbouring values like Loki: LogsQL returns the values, the harness computes the ${expr.param} quantile`);
    }
    return { log, pipes, labels, labelsKnown, window, quantile: fn === 'quantile_over_time' ? expr.param : null, additive: statsFn === 'sum' ? { fn: `sum(${x})`, divisor } : null };
  }
  if (ctx.genericParser) {
    ctx.note(`${fn} counts every line the selector and line filters keep, also those that are not valid ${ctx.genericParser} (as Loki does); to count parsed lines only, add a label filter such as | level!=""`);
  }
  const statsFn = ADDITIVE[fn]!;
  const pipes = [`stats ${by}${statsFn} as ${VALUE_FIELD}`];
  if (divisor) pipes.push(`math ${VALUE_FIELD} / ${divisor} as ${VALUE_FIELD}`);
  return { log, pipes, labels, labelsKnown, window, quantile: null, additive: { fn: statsFn, divisor } };
}

function compileVector(expr: VectorAggregation, ctx: TranslationContext): CompiledMetric {
  if (expr.grouping?.mode === 'without') {
    ctx.refuse('without', expr.grouping.span, 'LogsQL groups by the fields it is given, and "every label but these" needs the full label set', `group with by (…), e.g. ${expr.op} by (level) (…)`);
  }
  const outer = (expr.grouping?.labels ?? []).map((l) => ctx.resolve(l, expr.grouping!.span));
  if (expr.op === 'stddev' || expr.op === 'stdvar') {
    ctx.refuse(expr.op, expr.opSpan, 'VictoriaLogs has no stats function with the same result', "harness logs --logsql '… | stats by (…) count() as c | stats avg(c), min(c), max(c)'");
  }
  const inner = compileMetric(expr.inner, ctx, outer);
  if (inner.quantile !== null) {
    ctx.refuse(`${expr.op} over quantile_over_time`, expr.opSpan, 'the quantile is computed by the harness after LogsQL answers, so nothing can aggregate it inside LogsQL', 'use quantile_over_time(…) by (…) on its own');
  }
  const pipes = [...inner.pipes];
  const result = (p: string[], labels: string[]): CompiledMetric => ({ ...inner, pipes: p, labels, labelsKnown: true, additive: null });
  switch (expr.op) {
    case 'sum':
      if (inner.additive && inner.pipes.length <= 2) {
        const p = [`stats ${byClause(outer)}${inner.additive.fn} as ${VALUE_FIELD}`];
        if (inner.additive.divisor) p.push(`math ${VALUE_FIELD} / ${inner.additive.divisor} as ${VALUE_FIELD}`);
        return { ...inner, pipes: p, labels: outer, labelsKnown: true };
      }
      requireKnown(inner, expr, ctx);
      return result([...pipes, `stats ${byClause(outer)}sum(${VALUE_FIELD}) as ${VALUE_FIELD}`], outer);
    case 'avg':
    case 'min':
    case 'max':
      requireKnown(inner, expr, ctx);
      return result([...pipes, `stats ${byClause(outer)}${expr.op}(${VALUE_FIELD}) as ${VALUE_FIELD}`], outer);
    case 'count':
      requireKnown(inner, expr, ctx);
      return result([...pipes, `stats ${byClause(outer)}count() as ${VALUE_FIELD}`], outer);
    case 'topk':
    case 'bottomk': {
      requireKnown(inner, expr, ctx);
      const order = `${VALUE_FIELD}${expr.op === 'topk' ? ' desc' : ''}`;
      // Per group (`topk(k, …) by (g)`): the sort pipe keeps k rows in each partition.
      const keep = outer.length > 0 ? `sort by (${order}) limit ${expr.param} partition by (${outer.map(field).join(', ')})` : `first ${expr.param} by (${order})`;
      return result([...pipes, keep], inner.labels);
    }
    case 'sort':
    case 'sort_desc':
      return result([...pipes, `sort by (${VALUE_FIELD}${expr.op === 'sort_desc' ? ' desc' : ''})`], inner.labels);
  }
  return ctx.refuse(expr.op, expr.opSpan, 'it has no LogsQL counterpart', 'write the query in LogsQL with --logsql');
}

function requireKnown(inner: CompiledMetric, expr: VectorAggregation, ctx: TranslationContext): void {
  if (inner.labelsKnown) return;
  ctx.refuse(
    `${expr.op} over series whose labels a parser set`,
    expr.opSpan,
    "after json/logfmt Loki's series carry every extracted label, which LogsQL cannot enumerate before running the query",
    'group the inner function explicitly, e.g. avg_over_time(… | unwrap x [5m]) by (route), or use sum, which does not depend on the inner series',
  );
}

function compileBinary(expr: BinaryExpr, ctx: TranslationContext, extraLabels: string[]): CompiledMetric {
  if (expr.op === 'and' || expr.op === 'or' || expr.op === 'unless') {
    ctx.refuse(`the set operator ${expr.op}`, expr.opSpan, 'the translation runs one LogsQL query, which cannot match series of two queries', "compute both in one stats pipe: harness logs --logsql '… | stats count() if (level:=error) as errors, count() as total'");
  }
  if (expr.bool) ctx.refuse(`${expr.op} bool`, expr.opSpan, 'LogsQL filters rows; it has no 0/1 comparison result', `drop "bool" to keep only the series where the comparison holds`);
  const leftNumber = expr.left.kind === 'number';
  const rightNumber = expr.right.kind === 'number';
  if (leftNumber === rightNumber) {
    if (leftNumber) ctx.refuse('arithmetic on two numbers', expr.span, 'there is nothing to query', 'write a metric query, e.g. sum(rate({app="web"}[5m])) * 60');
    ctx.refuse(
      `${expr.op} between two queries`,
      expr.opSpan,
      'the translation runs one LogsQL query, which cannot match the series of two',
      "compute both in one stats pipe: harness logs --logsql '_time:5m | stats count() if (level:=error) as errors, count() as total | math errors / total as ratio'",
    );
  }
  const vectorSide = leftNumber ? expr.right : expr.left;
  const scalar = (leftNumber ? expr.left : expr.right).kind === 'number' ? (leftNumber ? expr.left : expr.right) : null;
  const n = scalar && scalar.kind === 'number' ? scalar.value : 0;
  const inner = compileMetric(vectorSide, ctx, extraLabels);
  if (inner.quantile !== null) {
    ctx.refuse(`${expr.op} on quantile_over_time`, expr.opSpan, 'the quantile is computed by the harness after LogsQL answers', 'use quantile_over_time(…) by (…) on its own');
  }
  if (['+', '-', '*', '/', '%', '^'].includes(expr.op)) {
    const math = leftNumber ? `${n} ${expr.op} ${VALUE_FIELD}` : `${VALUE_FIELD} ${expr.op} ${n}`;
    return { ...inner, pipes: [...inner.pipes, `math ${math} as ${VALUE_FIELD}`], additive: null };
  }
  // A comparison keeps the series where it holds; with the number on the left, flip it.
  const flipped: Record<string, string> = { '>': '<', '<': '>', '>=': '<=', '<=': '>=', '==': '==', '!=': '!=' };
  const op = leftNumber ? flipped[expr.op]! : expr.op;
  const filter =
    op === '==' ? `${VALUE_FIELD}:range[${n}, ${n}]` : op === '!=' ? `(${VALUE_FIELD}:<${n} or ${VALUE_FIELD}:>${n})` : `${VALUE_FIELD}:${op}${n}`;
  return { ...inner, pipes: [...inner.pipes, `filter ${filter}`], additive: null };
}
