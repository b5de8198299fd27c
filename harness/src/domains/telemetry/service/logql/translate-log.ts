import type { FilterValue, LabelFilterExpr, LabelMatcher, LogQuery, ParserStage, PipelineStage, UnwrapStage } from '../../types/logql-ast.js';
import { anchoredRegexp, exact, field, fieldList, notExact, quote } from '../logsql-syntax.js';
import { convertTemplate } from './template.js';
import { LogsqlBuilder, type TranslationContext } from './translate-context.js';

/**
 * Translates the log part of a LogQL query (selector and pipeline) stage by stage,
 * keeping Loki's order and meaning:
 * - stream matchers become field filters (LogsQL's `{…}` only sees stream fields, and
 *   Loki's labels may be any stored field here); regexps are anchored as in Loki;
 * - line filters are substring (`*"…"*`) and regexp filters on `_msg`;
 * - parsers keep stored fields on a name clash (`keep_original_fields`), as Loki does.
 */

export interface LogPart {
  builder: LogsqlBuilder;
  /** The `unwrap` stage, for the metric translator. */
  unwrap: UnwrapStage | null;
  /** A parser or label_format ran, so Loki's series labels are not just the stream's. */
  labelsChanged: boolean;
}

export function translateLogPart(query: LogQuery, ctx: TranslationContext, allowUnwrap: boolean): LogPart {
  const builder = new LogsqlBuilder();
  for (const m of query.selector.matchers) builder.filter(matcherFilter(m, ctx.resolve(m.name, m.nameSpan)));
  let unwrap: UnwrapStage | null = null;
  let labelsChanged = false;
  query.stages.forEach((stage, index) => {
    if (unwrap) ctx.fail(stage.span, 'nothing may follow unwrap except the range', 'sum_over_time({app="web"} | json | unwrap bytes_sent [5m])');
    if (stage.kind === 'unwrap') {
      if (!allowUnwrap) ctx.fail(stage.span, 'unwrap only makes sense inside a metric function', 'avg_over_time({app="web"} | json | unwrap latency [5m]) by (route)');
      if (stage.conversion) {
        ctx.refuse(
          `unwrap ${stage.conversion}(${stage.label})`,
          stage.span,
          "LogsQL's stats functions read plain numbers; values such as 1.5s or 10KB would be skipped, not converted",
          `log the value as a plain number, or compare it with a range filter that understands units: harness logs --logsql '… | filter ${field(stage.label)}:>1.5s'`,
        );
      }
      unwrap = { ...stage, label: ctx.resolve(stage.label, stage.span) };
      return;
    }
    if (stage.kind === 'parser' || stage.kind === 'labelFormat') labelsChanged = true;
    translateStage(stage, index, builder, ctx);
  });
  return { builder, unwrap, labelsChanged };
}

function matcherFilter(m: LabelMatcher, name: string): string {
  switch (m.op) {
    case '=':
      return exact(name, m.value);
    case '!=':
      return notExact(name, m.value);
    case '=~':
      return anchoredRegexp(name, m.value);
    case '!~':
      return `-${anchoredRegexp(name, m.value)}`;
  }
}

function translateStage(stage: PipelineStage, index: number, b: LogsqlBuilder, ctx: TranslationContext): void {
  switch (stage.kind) {
    case 'lineFilter': {
      const values = stage.values.filter((v) => v !== '' || stage.op.startsWith('!'));
      if (values.length < stage.values.length && stage.op === '|=') return; // |= "" keeps every line
      if (values.includes('')) ctx.refuse(`${stage.op} ""`, stage.span, 'it drops every line (every line contains the empty string)', 'remove the filter');
      const one = (v: string): string => (stage.op === '|=' || stage.op === '!=' ? `_msg:*${quote(v)}*` : `_msg:~${quote(v)}`);
      if (stage.op === '|=' || stage.op === '|~') b.filter(values.length === 1 ? one(values[0]!) : `(${values.map(one).join(' or ')})`);
      else for (const v of values) b.filter(`-${one(v)}`);
      return;
    }
    case 'labelFilter':
      b.filter(compileLabelFilter(stage.expr, ctx));
      return;
    case 'parser':
      translateParser(stage, b, ctx);
      return;
    case 'lineFormat': {
      const converted = convertTemplate(stage.template, (label) => ctx.resolve(label, stage.templateSpan));
      if (!converted.ok) {
        const start = stage.templateSpan.start + 1 + converted.offset;
        ctx.refuse(converted.construct, { start, end: start + converted.length }, converted.reason, "use LogsQL's format pipe: harness logs --logsql '… | format \"<level>: <_msg>\"'");
      }
      b.pipe(`format ${quote(converted.pattern)} as _msg`);
      return;
    }
    case 'labelFormat':
      for (const a of stage.assignments) {
        if (a.src !== null) {
          b.pipe(`rename ${field(ctx.resolve(a.src, a.span))} as ${field(a.dst)}`);
        } else {
          const converted = convertTemplate(a.template ?? '', (label) => ctx.resolve(label, a.span));
          if (!converted.ok) ctx.refuse(converted.construct, a.span, converted.reason, `use LogsQL's format pipe: harness logs --logsql '… | format "<…>" as ${a.dst}'`);
          b.pipe(`format ${quote(converted.pattern)} as ${field(a.dst)}`);
        }
        ctx.produced.add(a.dst);
      }
      return;
    case 'drop': {
      const plain = stage.labels.filter((l) => !l.matcher).map((l) => ctx.resolve(l.name, l.span));
      if (plain.length > 0) b.pipe(`delete ${fieldList(plain)}`);
      for (const l of stage.labels) {
        if (!l.matcher) continue;
        const name = ctx.resolve(l.name, l.span);
        b.pipe(`format if (${matcherFilter(l.matcher, name)}) "" as ${field(name)}`);
      }
      return;
    }
    case 'keep': {
      const conditional = stage.labels.find((l) => l.matcher);
      if (conditional) {
        ctx.refuse('keep with a matcher', conditional.span, 'LogsQL keeps or drops fields by name only', "list the fields to keep: harness logs --logsql '… | fields _time, _msg, level'");
      }
      b.pipe(`fields ${fieldList(['_time', '_msg', ...stage.labels.map((l) => ctx.resolve(l.name, l.span))])}`);
      return;
    }
    case 'decolorize':
      b.pipe('decolorize');
      return;
    case 'unsupported':
      refuseUnsupported(stage.name, stage.span, ctx);
      return;
    case 'unwrap':
      return;
  }
  void index;
}

function refuseUnsupported(name: string, span: { start: number; end: number }, ctx: TranslationContext): never {
  const known: Record<string, [string, string]> = {
    'the pattern stage': [
      "Loki's pattern parser and LogsQL's extract pipe differ on where matching starts and on lines that do not match",
      'LogsQL\'s extract pipe takes the same <name> and <_> placeholders: harness logs --logsql \'… | extract "<ip> - <_> \\"<method> <path> <_>\\""\'',
    ],
    'the unpack stage': ["unpack undoes Promtail's pack stage, which VictoriaLogs has no counterpart for", "unpack JSON lines with: harness logs --logsql '… | unpack_json'"],
    'the distinct stage': ['LogsQL has no stage that keeps the first line per label value', "count per value instead: harness logs --logsql '… | stats by (label) count()'"],
    'the pattern line filter |>': ['LogsQL has no pattern line filter', "use a regexp filter: harness logs --logsql '_msg:~\"error .* timeout\"'"],
    'the pattern line filter !>': ['LogsQL has no pattern line filter', "use a negated regexp filter: harness logs --logsql '-_msg:~\"error .* timeout\"'"],
    'the ip() line filter': ['the translator covers substring and regexp line filters only', "use LogsQL's ipv4_range filter: harness logs --logsql '_msg:ipv4_range(\"10.0.0.0/8\")'"],
  };
  const [reason, suggestion] = known[name] ?? ['it has no LogsQL equivalent', 'write the query in LogsQL with --logsql'];
  return ctx.refuse(name, span, reason, suggestion);
}

function translateParser(stage: ParserStage, b: LogsqlBuilder, ctx: TranslationContext): void {
  if (stage.parser === 'regexp') {
    const groups = [...(stage.pattern ?? '').matchAll(/\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1]!);
    if (groups.length === 0) ctx.fail(stage.span, 'the regexp parser needs at least one named group', '| regexp `(?P<method>\\w+) (?P<path>\\S+)`');
    const clash = groups.find((g) => ctx.knownFields.has(g));
    if (clash) {
      ctx.refuse(
        `the regexp group ${clash}`,
        stage.span,
        `a stored field is already named ${clash}: Loki would keep it and call the parsed value ${clash}_extracted, LogsQL's extract_regexp overwrites it`,
        `rename the group, e.g. (?P<parsed_${clash}>…)`,
      );
    }
    b.pipe(`extract_regexp ${quote(stage.pattern ?? '')}`);
    groups.forEach((g) => ctx.produced.add(g));
    return;
  }
  const strict = stage.flags.find((f) => f !== '--keep-empty');
  if (strict) ctx.refuse(`logfmt ${strict}`, stage.span, `LogsQL's unpack_logfmt has no ${strict} mode`, 'drop the flag');
  if (stage.flags.includes('--keep-empty')) ctx.note('logfmt --keep-empty changes nothing here: VictoriaLogs treats an empty field as a missing one');
  const pipe = stage.parser === 'json' ? 'unpack_json' : 'unpack_logfmt';
  if (stage.params.length === 0) {
    b.pipe(`${pipe} keep_original_fields`);
    ctx.genericParser = stage.parser;
    return;
  }
  const paths = stage.params.map((p) => {
    const path = stage.parser === 'json' ? jsonPath(p.expression ?? p.label) : (p.expression ?? p.label);
    if (path === null) {
      ctx.refuse(
        `the json expression "${p.expression}"`,
        p.span,
        'LogsQL unpacks nested objects into dotted fields but keeps arrays as JSON text, so array indexes have no equivalent',
        `unpack the array and match inside it: harness logs --logsql '… | unpack_json fields (${(p.expression ?? '').split(/[.[]/)[0]}) | filter ${(p.expression ?? '').split(/[.[]/)[0]}:json_array_contains_any("value")'`,
      );
    }
    return { label: p.label, path: path! };
  });
  b.pipe(`${pipe} fields (${fieldList(paths.map((p) => p.path))}) keep_original_fields`);
  for (const p of paths) {
    if (p.path !== p.label) b.pipe(`rename ${field(p.path)} as ${field(p.label)}`);
    ctx.produced.add(p.label);
  }
}

/** `a.b`, `a["b"]` to the dotted field unpack_json writes; null for array indexes. */
function jsonPath(expression: string): string | null {
  const parts: string[] = [];
  const re = /(?:^|\.)([A-Za-z_][A-Za-z0-9_-]*)|\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\]/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = re.exec(expression)) !== null) {
    if (match[3] !== undefined) return null;
    parts.push(match[1] ?? match[2] ?? '');
    consumed = re.lastIndex;
  }
  return consumed === expression.length && parts.length > 0 ? parts.join('.') : null;
}

function compileLabelFilter(expr: LabelFilterExpr, ctx: TranslationContext): string {
  if (expr.kind !== 'compare') {
    const left = compileLabelFilter(expr.left, ctx);
    const right = compileLabelFilter(expr.right, ctx);
    return expr.kind === 'and' ? `${left} ${right}` : `(${left} or ${right})`;
  }
  const name = ctx.resolve(expr.label, expr.labelSpan);
  const v = expr.value;
  if (v.type === 'string') {
    if (expr.op === '=' || expr.op === '==') return exact(name, v.value);
    if (expr.op === '!=') return notExact(name, v.value);
    if (expr.op === '=~') return anchoredRegexp(name, v.value);
    return `-${anchoredRegexp(name, v.value)}`;
  }
  ctx.note('numeric label filters drop lines whose value is not a number (Loki keeps them with an __error__ label)');
  const text = numericText(v);
  const f = field(name);
  switch (expr.op) {
    case '>':
    case '>=':
    case '<':
    case '<=':
      return `${f}:${expr.op}${text}`;
    case '=':
    case '==':
      return `${f}:range[${text}, ${text}]`;
    case '!=':
      return `(${f}:<${text} or ${f}:>${text})`;
    default:
      return ctx.fail(expr.span, `${expr.op} compares strings; use a quoted value`, `| ${expr.label} ${expr.op} "5.."`);
  }
}

function numericText(v: FilterValue): string {
  return v.type === 'string' ? quote(v.value) : v.text;
}
