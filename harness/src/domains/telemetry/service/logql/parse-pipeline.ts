import { QueryError } from '../../types/query-error.js';
import type {
  CompareOp,
  FilterValue,
  LabelFilterExpr,
  LabelMatcher,
  LineFilterOp,
  LogQuery,
  MatchOp,
  PipelineStage,
  StreamSelector,
  TextSpan,
} from '../../types/logql-ast.js';
import type { Token, TokenKind } from './lexer.js';

/** What the pipeline parser needs from the main parser's token cursor. */
export interface ParserCursor {
  readonly query: string;
  peek(offset?: number): Token;
  next(): Token;
  isIdent(text: string, offset?: number): boolean;
  expect(kind: TokenKind, expected: string, example: string): Token;
  fail(token: Token, expected: string, example: string): never;
  spanFrom(start: number): TextSpan;
}

const SELECTOR_EXAMPLE = '{app="web", level!="debug", path=~"/api/.*"}';
const LINE_FILTERS: readonly string[] = ['|=', '!=', '|~', '!~', '|>', '!>'];
const COMPARE_OPS: readonly string[] = ['=', '==', '!=', '=~', '!~', '>', '>=', '<', '<='];
const UNSUPPORTED_STAGES = ['pattern', 'unpack', 'distinct'];
const CONVERSIONS = ['duration', 'duration_seconds', 'bytes'];

/** A stream selector followed by its pipeline; `selector` is given when already parsed. */
export function parsePipeline(c: ParserCursor, selector?: StreamSelector): LogQuery {
  const sel = selector ?? parseSelector(c);
  const stages: PipelineStage[] = [];
  for (;;) {
    const token = c.peek();
    if (LINE_FILTERS.includes(token.kind)) stages.push(parseLineFilter(c));
    else if (token.kind === '|') stages.push(parseStage(c));
    else break;
  }
  return { kind: 'log', selector: sel, stages, span: c.spanFrom(sel.span.start) };
}

function parseSelector(c: ParserCursor): StreamSelector {
  const open = c.expect('{', 'a stream selector such as {app="web"}', SELECTOR_EXAMPLE);
  const matchers: LabelMatcher[] = [];
  while (c.peek().kind !== '}') {
    matchers.push(parseMatcher(c, SELECTOR_EXAMPLE, ['=', '!=', '=~', '!~']));
    if (c.peek().kind === ',') c.next();
    else if (c.peek().kind !== '}') c.fail(c.peek(), 'a "," between matchers or a closing "}"', SELECTOR_EXAMPLE);
  }
  c.next();
  const span = c.spanFrom(open.span.start);
  if (!matchers.some(selectsStreams)) {
    // Loki's own rule: a selector every stream (or a stream without the label) matches is refused.
    throw new QueryError({
      language: 'LogQL',
      query: c.query,
      span,
      what: matchers.length === 0 ? 'the stream selector {} selects every stream' : 'every matcher of this stream selector also matches an empty value',
      why: 'LogQL (like Loki) needs one matcher that cannot match an empty value: = with a value, or =~ with a regexp that does not match ""',
      fix: `name the streams, e.g. {app="web"} or {app=~".+"}; for every line, use LogsQL: harness logs --logsql '*'`,
    });
  }
  return { kind: 'selector', matchers, span };
}

/** `= "x"` or `=~ "re"` where "re" does not match "" (checked with JS regexps; RE2's syntax is a subset here). */
function selectsStreams(m: LabelMatcher): boolean {
  if (m.op === '=') return m.value !== '';
  if (m.op !== '=~') return false;
  try {
    return !new RegExp(`^(?:${m.value})$`).test('');
  } catch {
    return true;
  }
}

function parseMatcher(c: ParserCursor, example: string, ops: readonly string[]): LabelMatcher {
  const name = c.expect('ident', 'a label name', example);
  const op = c.peek();
  if (!ops.includes(op.kind)) c.fail(op, `one of ${ops.join(' ')} after the label name`, example);
  c.next();
  const value = c.expect('string', 'a quoted value', example);
  return { name: name.text, nameSpan: name.span, op: op.kind as MatchOp, value: value.value, span: c.spanFrom(name.span.start) };
}

function parseLineFilter(c: ParserCursor): PipelineStage {
  const op = c.next();
  const example = `{app="web"} ${op.kind === '|>' || op.kind === '!>' ? '|=' : op.kind} "timeout"`;
  if (op.kind === '|>' || op.kind === '!>') {
    c.expect('string', 'a pattern string', '{app="web"} |> "<_> error <_>"');
    return { kind: 'unsupported', name: `the pattern line filter ${op.kind}`, span: c.spanFrom(op.span.start) };
  }
  if (c.isIdent('ip')) {
    skipCall(c);
    return { kind: 'unsupported', name: 'the ip() line filter', span: c.spanFrom(op.span.start) };
  }
  const values = [c.expect('string', `a quoted string after ${op.kind}`, example).value];
  while (c.isIdent('or') && c.peek(1).kind === 'string') {
    c.next();
    values.push(c.next().value);
  }
  return { kind: 'lineFilter', op: op.kind as LineFilterOp, values, span: c.spanFrom(op.span.start) };
}

function skipCall(c: ParserCursor): void {
  const name = c.next();
  c.expect('(', `"(" after ${name.text}`, `${name.text}("…")`);
  while (c.peek().kind !== ')' && c.peek().kind !== 'eof') c.next();
  c.expect(')', 'a closing ")"', `${name.text}("…")`);
}

function parseStage(c: ParserCursor): PipelineStage {
  const pipe = c.next();
  const token = c.peek();
  const start = pipe.span.start;
  if (token.kind !== 'ident' && token.kind !== '(') {
    c.fail(token, 'a stage after "|": json, logfmt, regexp, line_format, label_format, drop, keep, unwrap or a label filter', '{app="web"} | json | status >= 500');
  }
  const name = token.text;
  const nextKind = c.peek(1).kind;
  const isFilter = token.kind === '(' || COMPARE_OPS.includes(nextKind);
  if (!isFilter && (name === 'json' || name === 'logfmt')) {
    c.next();
    const flags: string[] = [];
    while (c.peek().kind === 'flag') flags.push(c.next().text);
    const params: Array<{ label: string; expression: string | null; span: TextSpan }> = [];
    // Parameters: `status`, `status="response.status"`, separated by commas.
    while (c.peek().kind === 'ident' && (c.peek(1).kind === '=' || !COMPARE_OPS.includes(c.peek(1).kind))) {
      const label = c.next();
      let expression: string | null = null;
      if (c.peek().kind === '=') {
        c.next();
        expression = c.expect('string', 'a quoted expression such as "request.status"', `| ${name} status="response.status"`).value;
      }
      params.push({ label: label.text, expression, span: c.spanFrom(label.span.start) });
      if (c.peek().kind === ',') c.next();
      else break;
    }
    return { kind: 'parser', parser: name === 'json' ? 'json' : 'logfmt', params, flags, pattern: null, span: c.spanFrom(start) };
  }
  if (!isFilter && name === 'regexp') {
    c.next();
    const pattern = c.expect('string', 'a quoted regular expression with named groups', '| regexp `(?P<method>\\w+) (?P<path>\\S+)`');
    return { kind: 'parser', parser: 'regexp', params: [], flags: [], pattern: pattern.value, span: c.spanFrom(start) };
  }
  if (!isFilter && name === 'line_format') {
    c.next();
    const template = c.expect('string', 'a quoted template', '| line_format "{{.level}} {{.msg}}"');
    return { kind: 'lineFormat', template: template.value, templateSpan: template.span, span: c.spanFrom(start) };
  }
  if (!isFilter && name === 'label_format') {
    c.next();
    const assignments: Array<{ dst: string; src: string | null; template: string | null; span: TextSpan }> = [];
    do {
      if (c.peek().kind === ',') c.next();
      const dst = c.expect('ident', 'a label name', '| label_format route=path');
      c.expect('=', '"=" after the label name', '| label_format route=path');
      const value = c.peek();
      if (value.kind === 'ident') assignments.push({ dst: dst.text, src: c.next().text, template: null, span: c.spanFrom(dst.span.start) });
      else assignments.push({ dst: dst.text, src: null, template: c.expect('string', 'a label name or a quoted template', '| label_format route=path').value, span: c.spanFrom(dst.span.start) });
    } while (c.peek().kind === ',');
    return { kind: 'labelFormat', assignments, span: c.spanFrom(start) };
  }
  if (!isFilter && (name === 'drop' || name === 'keep')) {
    c.next();
    const labels: Array<{ name: string; matcher: LabelMatcher | null; span: TextSpan }> = [];
    do {
      if (c.peek().kind === ',') c.next();
      if (COMPARE_OPS.includes(c.peek(1).kind)) {
        const matcher = parseMatcher(c, `| ${name} level="debug"`, ['=', '!=', '=~', '!~']);
        labels.push({ name: matcher.name, matcher, span: matcher.span });
      } else {
        const label = c.expect('ident', 'a label name', `| ${name} level, app`);
        labels.push({ name: label.text, matcher: null, span: label.span });
      }
    } while (c.peek().kind === ',');
    return { kind: name === 'drop' ? 'drop' : 'keep', labels, span: c.spanFrom(start) };
  }
  if (!isFilter && name === 'unwrap') {
    c.next();
    const label = c.expect('ident', 'the label to unwrap', '| unwrap latency');
    if (CONVERSIONS.includes(label.text) && c.peek().kind === '(') {
      c.next();
      const inner = c.expect('ident', 'the label to convert', `| unwrap ${label.text}(latency)`);
      c.expect(')', 'a closing ")"', `| unwrap ${label.text}(latency)`);
      return { kind: 'unwrap', label: inner.text, conversion: label.text, span: c.spanFrom(start) };
    }
    return { kind: 'unwrap', label: label.text, conversion: null, span: c.spanFrom(start) };
  }
  if (!isFilter && name === 'decolorize') {
    c.next();
    return { kind: 'decolorize', span: c.spanFrom(start) };
  }
  if (!isFilter && UNSUPPORTED_STAGES.includes(name)) {
    c.next();
    while (c.peek().kind === 'string' || c.peek().kind === 'ident' || c.peek().kind === ',') c.next();
    return { kind: 'unsupported', name: `the ${name} stage`, span: c.spanFrom(start) };
  }
  const expr = parseOr(c);
  return { kind: 'labelFilter', expr, span: c.spanFrom(start) };
}

const FILTER_EXAMPLE = '| status >= 500 and (level="error" or level="warn")';

function parseOr(c: ParserCursor): LabelFilterExpr {
  let left = parseAnd(c);
  while (c.isIdent('or')) {
    c.next();
    const right = parseAnd(c);
    left = { kind: 'or', left, right, span: { start: left.span.start, end: right.span.end } };
  }
  return left;
}

function parseAnd(c: ParserCursor): LabelFilterExpr {
  let left = parsePrimary(c);
  for (;;) {
    const token = c.peek();
    if (c.isIdent('and') || token.kind === ',') c.next();
    else if (!(token.kind === '(' || (token.kind === 'ident' && token.text !== 'or' && COMPARE_OPS.includes(c.peek(1).kind)))) break;
    const right = parsePrimary(c);
    left = { kind: 'and', left, right, span: { start: left.span.start, end: right.span.end } };
  }
  return left;
}

function parsePrimary(c: ParserCursor): LabelFilterExpr {
  const token = c.peek();
  if (token.kind === '(') {
    c.next();
    const inner = parseOr(c);
    c.expect(')', 'a closing ")"', FILTER_EXAMPLE);
    return inner;
  }
  const label = c.expect('ident', 'a label filter such as status >= 500', FILTER_EXAMPLE);
  const op = c.peek();
  if (!COMPARE_OPS.includes(op.kind)) c.fail(op, `a comparison (=, !=, =~, !~, >, >=, <, <=) after "${label.text}"`, FILTER_EXAMPLE);
  c.next();
  const value = parseFilterValue(c, label.text, op.kind as CompareOp);
  return { kind: 'compare', label: label.text, labelSpan: label.span, op: op.kind as CompareOp, value, span: c.spanFrom(label.span.start) };
}

function parseFilterValue(c: ParserCursor, label: string, op: CompareOp): FilterValue {
  const token = c.peek();
  if (c.isIdent('ip')) {
    const start = token.span.start;
    skipCall(c);
    throw new QueryError({
      language: 'LogQL',
      query: c.query,
      span: { start, end: c.spanFrom(start).end },
      what: 'ip() label filters are not supported',
      why: 'the translator covers string, number, duration and byte comparisons',
      fix: `use LogsQL's ipv4_range filter: harness logs --logsql '${label}:ipv4_range("10.0.0.0/8")'`,
    });
  }
  const negative = token.kind === '-' && ['number', 'duration', 'bytes'].includes(c.peek(1).kind);
  if (negative) c.next();
  const value = c.next();
  const sign = negative ? '-' : '';
  if (value.kind === 'string') {
    if (!['=', '==', '!=', '=~', '!~'].includes(op)) {
      c.fail(value, `a number, duration or size after ${op} (strings compare with =, !=, =~ or !~)`, `| ${label} ${op} 500`);
    }
    return { type: 'string', value: value.value };
  }
  if (op === '=~' || op === '!~') c.fail(value, `a quoted regular expression after ${op}`, `| ${label} ${op} "5.."`);
  if (value.kind === 'number') return { type: 'number', text: sign + value.text, value: Number(sign + value.text) };
  if (value.kind === 'duration') return { type: 'duration', text: sign + value.text };
  if (value.kind === 'bytes') return { type: 'bytes', text: sign + value.text };
  return c.fail(value, `a value after ${op}: a quoted string, a number, a duration (250ms) or a size (10KB)`, `| ${label} ${op} ${op.startsWith('=') || op === '!=' ? '"error"' : '500'}`);
}
