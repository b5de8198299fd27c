/**
 * The syntax tree of a LogQL query, as the translator reads it. Every node keeps its
 * span (offsets into the query text) so an error or a refusal can point at the exact
 * construct it is about.
 */

/** Offsets into the query text: `start` inclusive, `end` exclusive. */
export interface TextSpan {
  start: number;
  end: number;
}

export type MatchOp = '=' | '!=' | '=~' | '!~';

/** `name op "value"` inside a stream selector or a `drop`/`keep` stage. */
export interface LabelMatcher {
  name: string;
  nameSpan: TextSpan;
  op: MatchOp;
  value: string;
  span: TextSpan;
}

export interface StreamSelector {
  kind: 'selector';
  matchers: LabelMatcher[];
  span: TextSpan;
}

export type LineFilterOp = '|=' | '!=' | '|~' | '!~';

/** `|= "a" or "b"`: the values are OR-ed (for negative filters: none may match). */
export interface LineFilterStage {
  kind: 'lineFilter';
  op: LineFilterOp;
  values: string[];
  span: TextSpan;
}

export type CompareOp = '=' | '==' | '!=' | '=~' | '!~' | '>' | '>=' | '<' | '<=';

export type FilterValue =
  | { type: 'string'; value: string }
  | { type: 'number'; text: string; value: number }
  | { type: 'duration'; text: string }
  | { type: 'bytes'; text: string };

export type LabelFilterExpr =
  | { kind: 'compare'; label: string; labelSpan: TextSpan; op: CompareOp; value: FilterValue; span: TextSpan }
  | { kind: 'and' | 'or'; left: LabelFilterExpr; right: LabelFilterExpr; span: TextSpan };

export interface LabelFilterStage {
  kind: 'labelFilter';
  expr: LabelFilterExpr;
  span: TextSpan;
}

/** `json`, `json a="x.y"`, `logfmt`, `regexp "(?P<a>…)"`. */
export interface ParserStage {
  kind: 'parser';
  parser: 'json' | 'logfmt' | 'regexp';
  /** `json` / `logfmt` parameters: the label to set and the expression it is read from. */
  params: Array<{ label: string; expression: string | null; span: TextSpan }>;
  /** `logfmt --strict`, `--keep-empty`. */
  flags: string[];
  /** The regular expression of `regexp`. */
  pattern: string | null;
  span: TextSpan;
}

export interface LineFormatStage {
  kind: 'lineFormat';
  template: string;
  templateSpan: TextSpan;
  span: TextSpan;
}

/** `label_format dst=src` (rename) or `dst="{{…}}"` (template). */
export interface LabelFormatStage {
  kind: 'labelFormat';
  assignments: Array<{ dst: string; src: string | null; template: string | null; span: TextSpan }>;
  span: TextSpan;
}

export interface DropKeepStage {
  kind: 'drop' | 'keep';
  /** A bare name, or a matcher (`level="debug"`) for the conditional form. */
  labels: Array<{ name: string; matcher: LabelMatcher | null; span: TextSpan }>;
  span: TextSpan;
}

export interface UnwrapStage {
  kind: 'unwrap';
  label: string;
  /** `duration(x)`, `duration_seconds(x)`, `bytes(x)`: converted values. */
  conversion: string | null;
  span: TextSpan;
}

/** Stages the translator knows by name only to refuse them with a suggestion. */
export interface UnsupportedStage {
  kind: 'unsupported';
  name: string;
  span: TextSpan;
}

export interface DecolorizeStage {
  kind: 'decolorize';
  span: TextSpan;
}

export type PipelineStage =
  | LineFilterStage
  | LabelFilterStage
  | ParserStage
  | LineFormatStage
  | LabelFormatStage
  | DropKeepStage
  | UnwrapStage
  | DecolorizeStage
  | UnsupportedStage;

export interface LogQuery {
  kind: 'log';
  selector: StreamSelector;
  stages: PipelineStage[];
  span: TextSpan;
}

export interface Grouping {
  mode: 'by' | 'without';
  labels: string[];
  span: TextSpan;
}

export const RANGE_FUNCTIONS = [
  'count_over_time',
  'rate',
  'bytes_over_time',
  'bytes_rate',
  'sum_over_time',
  'avg_over_time',
  'min_over_time',
  'max_over_time',
  'quantile_over_time',
  'stddev_over_time',
  'stdvar_over_time',
  'first_over_time',
  'last_over_time',
  'absent_over_time',
  'rate_counter',
] as const;
export type RangeFunction = (typeof RANGE_FUNCTIONS)[number];

export const VECTOR_AGGREGATIONS = ['sum', 'avg', 'min', 'max', 'count', 'topk', 'bottomk', 'stddev', 'stdvar', 'sort', 'sort_desc'] as const;
export type VectorAggregationOp = (typeof VECTOR_AGGREGATIONS)[number];

export interface RangeAggregation {
  kind: 'rangeAgg';
  fn: RangeFunction;
  fnSpan: TextSpan;
  /** The φ of `quantile_over_time(φ, …)`. */
  param: number | null;
  query: LogQuery;
  range: { text: string; seconds: number; span: TextSpan };
  offset: { text: string; span: TextSpan } | null;
  grouping: Grouping | null;
  span: TextSpan;
}

export interface VectorAggregation {
  kind: 'vectorAgg';
  op: VectorAggregationOp;
  opSpan: TextSpan;
  /** The k of `topk(k, …)`. */
  param: number | null;
  grouping: Grouping | null;
  inner: MetricExpr;
  span: TextSpan;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '^' | '==' | '!=' | '>' | '>=' | '<' | '<=' | 'and' | 'or' | 'unless';

export interface BinaryExpr {
  kind: 'binary';
  op: BinaryOp;
  opSpan: TextSpan;
  bool: boolean;
  left: MetricExpr;
  right: MetricExpr;
  span: TextSpan;
}

export interface NumberLiteral {
  kind: 'number';
  value: number;
  span: TextSpan;
}

/** `label_replace(…)`, `vector(…)` and the like: parsed only to be refused by name. */
export interface UnsupportedFunction {
  kind: 'unsupportedFunction';
  name: string;
  span: TextSpan;
}

export type MetricExpr = RangeAggregation | VectorAggregation | BinaryExpr | NumberLiteral | UnsupportedFunction;
export type LogqlExpr = LogQuery | MetricExpr;
