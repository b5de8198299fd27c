import { QueryError } from '../../types/query-error.js';
import {
  RANGE_FUNCTIONS,
  VECTOR_AGGREGATIONS,
  type BinaryOp,
  type Grouping,
  type LogQuery,
  type LogqlExpr,
  type MetricExpr,
  type RangeFunction,
  type TextSpan,
  type VectorAggregationOp,
} from '../../types/logql-ast.js';
import { tokenize, type Token, type TokenKind } from './lexer.js';
import { parsePipeline, type ParserCursor } from './parse-pipeline.js';
import { durationSeconds } from '../time-input.js';

/**
 * A recursive-descent parser for the LogQL agents write: log queries (selector plus
 * pipeline) and metric queries (range and vector aggregations, scalar arithmetic and
 * comparisons). Errors name what was expected, where, and show the right form.
 */

export const LOGQL_EXAMPLE = '{app="web"} |= "error" | json | status >= 500';
export const METRIC_EXAMPLE = 'sum by (level) (count_over_time({app="web"} | json [5m]))';

/** Functions LogQL has that the translator refuses by name (parsed so the refusal can say so). */
const OTHER_FUNCTIONS = ['label_replace', 'vector', 'absent', 'abs', 'ceil', 'floor', 'round', 'sqrt', 'exp', 'ln', 'clamp', 'clamp_min', 'clamp_max', 'approx_topk'];

const PRECEDENCE: Partial<Record<string, number>> = {
  or: 1,
  and: 2,
  unless: 2,
  '==': 3,
  '!=': 3,
  '>': 3,
  '>=': 3,
  '<': 3,
  '<=': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  '%': 5,
  '^': 6,
};

class Cursor implements ParserCursor {
  readonly query: string;
  readonly tokens: Token[];
  pos = 0;

  constructor(query: string) {
    this.query = query;
    this.tokens = tokenize(query);
  }

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.pos++;
    return token;
  }

  isIdent(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'ident' && token.text === text;
  }

  expect(kind: TokenKind, expected: string, example: string): Token {
    const token = this.peek();
    if (token.kind !== kind) this.fail(token, `expected ${expected}`, example);
    return this.next();
  }

  fail(token: Token, expected: string, example: string): never {
    const found = token.kind === 'eof' ? 'end of the query' : `"${token.text}"`;
    throw new QueryError({
      language: 'LogQL',
      query: this.query,
      span: token.kind === 'eof' ? { start: this.query.length, end: this.query.length + 1 } : token.span,
      what: `unexpected ${found}: ${expected}`,
      fix: `write it like: ${example}`,
    });
  }

  spanFrom(start: number): TextSpan {
    const last = this.tokens[Math.max(0, this.pos - 1)]!;
    return { start, end: last.span.end };
  }
}

export function parseLogql(query: string): LogqlExpr {
  if (query.trim().length === 0) {
    throw new QueryError({ language: 'LogQL', query, span: { start: 0, end: 1 }, what: 'the query is empty', fix: `write a query, e.g. ${LOGQL_EXAMPLE}` });
  }
  const cursor = new Cursor(query);
  const first = cursor.peek();
  let expr: LogqlExpr;
  if (first.kind === '{') {
    expr = parsePipeline(cursor);
    const after = cursor.peek();
    if (after.kind === '[') cursor.fail(after, 'a range like [5m] belongs inside a metric function', 'count_over_time({app="web"}[5m])');
  } else {
    expr = parseExpr(cursor, 0);
  }
  const rest = cursor.peek();
  if (rest.kind !== 'eof') {
    const example = expr.kind === 'log' ? LOGQL_EXAMPLE : METRIC_EXAMPLE;
    const hint = expr.kind === 'log' ? 'a pipeline stage starting with |, |=, !=, |~ or !~' : 'an operator or the end of the query';
    cursor.fail(rest, hint, example);
  }
  return expr;
}

/** Precedence climbing: operators at or above `minPrecedence` bind here. */
function parseExpr(c: Cursor, minPrecedence: number): MetricExpr {
  let left = parseUnary(c);
  for (;;) {
    const token = c.peek();
    const op = token.kind === 'ident' ? token.text : token.kind;
    const precedence = PRECEDENCE[op];
    if (precedence === undefined || precedence < minPrecedence) break;
    c.next();
    let bool = false;
    if (c.isIdent('bool')) {
      c.next();
      bool = true;
    }
    if (c.isIdent('on') || c.isIdent('ignoring')) {
      c.fail(c.peek(), 'vector matching (on/ignoring) is not supported', 'sum(rate({app="web"} |= "error" [5m])) / 60');
    }
    // `^` is right-associative; everything else left-associative.
    const right = parseExpr(c, op === '^' ? precedence : precedence + 1);
    left = { kind: 'binary', op: op as BinaryOp, opSpan: token.span, bool, left, right, span: { start: left.span.start, end: right.span.end } };
  }
  return left;
}

function parseUnary(c: Cursor): MetricExpr {
  const token = c.peek();
  if (token.kind === '-' && c.peek(1).kind === 'number') {
    c.next();
    const number = c.next();
    return { kind: 'number', value: -Number(number.text), span: { start: token.span.start, end: number.span.end } };
  }
  if (token.kind === 'number') {
    c.next();
    return { kind: 'number', value: Number(token.text), span: token.span };
  }
  if (token.kind === '(') {
    c.next();
    const inner = parseExpr(c, 0);
    c.expect(')', 'a closing ")"', METRIC_EXAMPLE);
    return inner;
  }
  if (token.kind === '{') {
    c.fail(token, 'a log query cannot appear here; wrap it in a metric function', 'count_over_time({app="web"}[5m]) > 10');
  }
  if (token.kind !== 'ident') c.fail(token, 'a metric function such as count_over_time, rate or sum', METRIC_EXAMPLE);
  if ((RANGE_FUNCTIONS as readonly string[]).includes(token.text)) return parseRangeAggregation(c);
  if ((VECTOR_AGGREGATIONS as readonly string[]).includes(token.text)) return parseVectorAggregation(c);
  if (OTHER_FUNCTIONS.includes(token.text)) return skipFunction(c);
  throw new QueryError({
    language: 'LogQL',
    query: c.query,
    span: token.span,
    what: `unknown function "${token.text}"`,
    fix: `use one of ${[...RANGE_FUNCTIONS.slice(0, 9), 'sum', 'avg', 'min', 'max', 'count', 'topk'].join(', ')}, e.g. ${METRIC_EXAMPLE}`,
  });
}

function skipFunction(c: Cursor): MetricExpr {
  const name = c.next();
  c.expect('(', `"(" after ${name.text}`, `${name.text}(…)`);
  let depth = 1;
  while (depth > 0) {
    const token = c.next();
    if (token.kind === 'eof') c.fail(token, 'a closing ")"', `${name.text}(…)`);
    if (token.kind === '(') depth++;
    if (token.kind === ')') depth--;
  }
  return { kind: 'unsupportedFunction', name: name.text, span: c.spanFrom(name.span.start) };
}

function parseGrouping(c: Cursor): Grouping | null {
  if (!c.isIdent('by') && !c.isIdent('without')) return null;
  const keyword = c.next();
  c.expect('(', `"(" after ${keyword.text}`, `${keyword.text} (level, app)`);
  const labels: string[] = [];
  while (c.peek().kind !== ')') {
    labels.push(c.expect('ident', 'a label name', `${keyword.text} (level, app)`).text);
    if (c.peek().kind === ',') c.next();
    else break;
  }
  c.expect(')', 'a closing ")" after the label list', `${keyword.text} (level, app)`);
  return { mode: keyword.text === 'by' ? 'by' : 'without', labels, span: c.spanFrom(keyword.span.start) };
}

function parseRangeAggregation(c: Cursor): MetricExpr {
  const fn = c.next();
  const example = fn.text === 'quantile_over_time' ? 'quantile_over_time(0.95, {app="web"} | json | unwrap latency [5m]) by (route)' : `${fn.text}({app="web"} |= "error" [5m])`;
  c.expect('(', `"(" after ${fn.text}`, example);
  let param: number | null = null;
  if (fn.text === 'quantile_over_time') {
    const phi = c.expect('number', 'the quantile (a number between 0 and 1) as first argument', example);
    param = Number(phi.text);
    if (!(param >= 0 && param <= 1)) c.fail(phi, 'a quantile between 0 and 1', example);
    c.expect(',', '"," after the quantile', example);
  }
  let query: LogQuery;
  if (c.peek().kind === '(') {
    c.next();
    query = parsePipeline(c);
    c.expect(')', 'a closing ")" after the log query', example);
  } else {
    if (c.peek().kind !== '{') c.fail(c.peek(), 'a log query starting with a stream selector {…}', example);
    query = parsePipeline(c);
  }
  const open = c.expect('[', 'a range such as [5m] after the log query', example);
  const duration = c.expect('duration', 'a duration such as 5m, 30s or 1h', example);
  const seconds = durationSeconds(duration.text);
  if (seconds === null || seconds <= 0) c.fail(duration, 'a positive duration such as 5m', example);
  c.expect(']', 'a closing "]"', example);
  const range = { text: duration.text, seconds: seconds!, span: c.spanFrom(open.span.start) };
  // Loki also accepts the pipeline after the range: {app="web"}[5m] |= "error".
  if (query.stages.length === 0 && ['|', '|=', '!=', '|~', '!~', '|>', '!>'].includes(c.peek().kind)) {
    const rest = parsePipeline(c, query.selector);
    query = { ...rest, span: { start: query.span.start, end: rest.span.end } };
  }
  let offset: { text: string; span: TextSpan } | null = null;
  if (c.isIdent('offset')) {
    const keyword = c.next();
    const value = c.expect('duration', 'a duration after offset', `${fn.text}({app="web"}[5m] offset 1h)`);
    offset = { text: value.text, span: c.spanFrom(keyword.span.start) };
  }
  c.expect(')', `a closing ")" for ${fn.text}`, example);
  const grouping = parseGrouping(c);
  return {
    kind: 'rangeAgg',
    fn: fn.text as RangeFunction,
    fnSpan: fn.span,
    param,
    query,
    range,
    offset,
    grouping,
    span: c.spanFrom(fn.span.start),
  };
}

function parseVectorAggregation(c: Cursor): MetricExpr {
  const op = c.next();
  const needsParam = op.text === 'topk' || op.text === 'bottomk';
  const example = needsParam ? `${op.text}(5, sum by (path) (count_over_time({app="web"}[5m])))` : `${op.text} by (level) (count_over_time({app="web"} | json [5m]))`;
  let grouping = parseGrouping(c);
  c.expect('(', `"(" after ${op.text}`, example);
  let param: number | null = null;
  if (needsParam) {
    const k = c.expect('number', `the number of series to keep as first argument of ${op.text}`, example);
    param = Number(k.text);
    if (!Number.isInteger(param) || param <= 0) c.fail(k, 'a positive whole number', example);
    c.expect(',', '"," after the number', example);
  }
  const inner = parseExpr(c, 0);
  c.expect(')', `a closing ")" for ${op.text}`, example);
  const trailing = parseGrouping(c);
  if (grouping && trailing) c.fail(c.tokens[c.pos - 1]!, 'one grouping clause, before or after the parentheses', example);
  grouping = grouping ?? trailing;
  return { kind: 'vectorAgg', op: op.text as VectorAggregationOp, opSpan: op.span, param, grouping, inner, span: c.spanFrom(op.span.start) };
}
