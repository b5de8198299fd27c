import { HarnessError } from '../../../utils/diagnostic.js';
import { SpansStore } from '../repo/spans-store.js';
import type { BarrierSummary, Omission } from '../types/answers.js';
import { JOURNEY_ATTRIBUTE, type SpanRecord } from '../types/spans.js';
import type { TelemetryEnv } from '../types/telemetry-env.js';
import { DEFAULT_SINCE, DEFAULT_SPAN_LIMIT, DEFAULT_TRACE_LIMIT } from '../config/limits.js';
import { readinessBarrier } from './barrier.js';
import { exact, field, quote } from './logsql-syntax.js';
import { escapeRegExp, shellQuote } from '../../../utils/text-escape.js';
import { parseDurationFlag, parseTimeInput, toRfc3339 } from './time-input.js';
import { buildTree, spansOf, waterfallNodes, type SpanNode } from './span-tree.js';

/** `harness traces search` and `harness traces get`, over LogsQL on the traces store. */

export interface TraceSearchRequest {
  service?: string;
  operation?: string;
  minDuration?: string;
  /** `key=value`: a span or resource attribute. */
  attrs?: string[];
  journey?: string;
  errors?: boolean;
  since?: string;
  until?: string;
  limit?: number;
}

export interface TraceSummary {
  traceId: string;
  root: string;
  service: string;
  start: string;
  durationMs: number;
  spans: number;
  errors: number;
  /** Names of the spans that matched the filters (up to 3). */
  matched: string[];
}

export interface TraceSearchAnswer {
  tool: 'traces-search';
  env: string;
  /** The LogsQL filter that selected the spans. */
  filter: string;
  window: { start: string; end: string };
  traces: TraceSummary[];
  omitted: Omission;
  barrier: BarrierSummary;
}

export interface TraceAnswer {
  tool: 'trace';
  env: string;
  traceId: string;
  start: string;
  durationMs: number;
  spanCount: number;
  errors: number;
  services: string[];
  /** Spans in tree order (depth-first, by start time), cut to the size budget. */
  spans: SpanNode[];
  omitted: Omission;
  barrier: BarrierSummary;
}

/** The LogsQL filter for a search: every flag narrows the matching spans. */
export function searchFilter(request: TraceSearchRequest): string {
  const parts: string[] = [];
  if (request.service) parts.push(exact('resource_attr:service.name', request.service));
  if (request.operation) {
    parts.push(request.operation.includes('*') ? `name:~${quote(`^${request.operation.split('*').map(escapeRegExp).join('.*')}$`)}` : exact('name', request.operation));
  }
  if (request.minDuration) parts.push(`duration:>=${Math.round(parseDurationFlag('--min-duration', request.minDuration) * 1e6)}`);
  for (const attr of request.attrs ?? []) {
    const at = attr.indexOf('=');
    if (at <= 0) {
      throw new HarnessError({ what: `--attr "${attr}" is not key=value`, why: 'an attribute filter names the attribute and its value', fix: 'write --attr http.route=/api/tasks (repeat --attr for more)' });
    }
    const key = attr.slice(0, at);
    const value = attr.slice(at + 1);
    parts.push(`(${exact(`span_attr:${key}`, value)} or ${exact(`resource_attr:${key}`, value)})`);
  }
  if (request.errors) parts.push('status_code:=2');
  if (request.journey) parts.push(journeyFilter([request.journey]));
  return parts.join(' ');
}

/** Spans of the traces in which some span carries one of the journeys' names. */
export function journeyFilter(journeys: string[]): string {
  const names = journeys.map(quote).join(', ');
  return `trace_id:in(span_id:* ${field(`span_attr:${JOURNEY_ATTRIBUTE}`)}:in(${names}) | fields trace_id)`;
}


export async function searchTraces(request: TraceSearchRequest, env: TelemetryEnv, now = Date.now()): Promise<TraceSearchAnswer> {
  const store = new SpansStore(env.traces);
  const barrier = await readinessBarrier(env, { traces: store });
  const end = request.until ? parseTimeInput('--until', request.until, { now: Math.max(now, Date.now()), upAt: env.upAt }) : Math.max(now, Date.now());
  const start = parseTimeInput('--since', request.since ?? DEFAULT_SINCE, { now: end, upAt: env.upAt });
  const filter = searchFilter(request);
  const limit = request.limit ?? DEFAULT_TRACE_LIMIT;
  const window = { start, end };
  const ids = await store.logs.query(`span_id:* ${filter} | stats by (trace_id) max(end_time_unix_nano) as last | sort by (last desc) | limit ${limit}`, window);
  const total = ids.length < limit ? ids.length : Number((await store.logs.query(`span_id:* ${filter} | stats count_uniq(trace_id) as n`, window))[0]?.n ?? ids.length);
  const traceIds = ids.map((r) => r.trace_id ?? '').filter(Boolean);
  const spans = traceIds.length > 0 ? await store.spans(`trace_id:in(${traceIds.map(quote).join(', ')})`, { limit: 20_000 }) : [];
  const matching = filter ? new Set((await store.spans(`${filter} trace_id:in(${traceIds.map(quote).join(', ') || '""'})`, { ...window, limit: 5000 })).map((s) => s.spanId)) : null;
  const traces = traceIds.map((id) => summarize(id, spans.filter((s) => s.traceId === id), matching));
  const flags = [
    request.service ? `--service ${shellQuote(request.service)}` : '',
    request.operation ? `--operation ${shellQuote(request.operation)}` : '',
    request.minDuration ? `--min-duration ${request.minDuration}` : '',
    ...(request.attrs ?? []).map((a) => `--attr ${shellQuote(a)}`),
    request.journey ? `--journey ${shellQuote(request.journey)}` : '',
    request.errors ? '--errors' : '',
    request.since ? `--since ${request.since}` : '',
  ].filter(Boolean);
  const hint = total > traces.length ? `harness traces search ${flags.join(' ')} --limit ${total}   (or narrow with --min-duration, --attr, --errors; shown are the newest)` : null;
  return {
    tool: 'traces-search',
    env: env.id,
    filter: `span_id:* ${filter}`.trim(),
    window: { start: toRfc3339(start), end: toRfc3339(end) },
    traces,
    omitted: { total, shown: traces.length, hint },
    barrier,
  };
}

function summarize(traceId: string, spans: SpanRecord[], matching: Set<string> | null): TraceSummary {
  const tree = buildTree(spans);
  const root = tree.nodes[0];
  return {
    traceId,
    root: root?.span.name ?? '?',
    service: root?.span.service ?? '?',
    start: tree.start,
    durationMs: tree.durationMs,
    spans: spans.length,
    errors: spans.filter((s) => s.status === 'error').length,
    matched: matching ? [...new Set(spans.filter((s) => matching.has(s.spanId)).map((s) => s.name))].slice(0, 3) : [],
  };
}

/** A trace id or a prefix of 6+ hex digits, lower-cased; checked before any env lookup. */
export function parseTraceId(text: string): string {
  const id = text.trim().toLowerCase();
  if (!/^[0-9a-f]{6,32}$/.test(id)) {
    throw new HarnessError({
      what: `"${text}" is not a trace id`,
      why: 'trace ids are 32 hexadecimal digits (W3C trace context)',
      fix: 'copy one from `harness traces search` (a unique prefix of 6 or more digits is enough), e.g. harness traces get 4bf92f3577b34da6',
    });
  }
  return id;
}

/** The spans of the one trace `traceId` (an id or a unique prefix) names, after the barrier. */
async function traceSpans(traceId: string, env: TelemetryEnv): Promise<{ traceId: string; spans: SpanRecord[]; barrier: BarrierSummary }> {
  const id = parseTraceId(traceId);
  const store = new SpansStore(env.traces);
  const barrier = await readinessBarrier(env, { traces: store });
  const spans = await store.spans(id.length === 32 ? exact('trace_id', id) : `trace_id:${id}*`, { limit: 20_000 });
  const traceIds = [...new Set(spans.map((s) => s.traceId))];
  if (traceIds.length === 0) {
    throw new HarnessError(
      {
        what: `no trace ${id} in this env's traces store (env ${env.id})`,
        why: 'every span the app exported so far was flushed and searched; none carries this trace id',
        fix: 'list recent traces with `harness traces search --since 1h`; a trace from another worktree lives in that worktree\'s env',
      },
      1,
    );
  }
  if (traceIds.length > 1) {
    throw new HarnessError({ what: `the prefix ${id} matches ${traceIds.length} traces (${traceIds.slice(0, 3).join(', ')}…)`, why: 'a prefix must name one trace', fix: 'give more digits of the trace id' });
  }
  return { traceId: traceIds[0]!, spans, barrier };
}

export async function getTrace(request: { traceId: string; limit?: number }, env: TelemetryEnv): Promise<TraceAnswer> {
  const { traceId, spans, barrier } = await traceSpans(request.traceId, env);
  const tree = buildTree(spans);
  const limit = request.limit ?? DEFAULT_SPAN_LIMIT;
  const shown = waterfallNodes(tree, limit);
  const shownSpans = shown.reduce((n, node) => n + spansOf(node), 0);
  return {
    tool: 'trace',
    env: env.id,
    traceId,
    start: tree.start,
    durationMs: tree.durationMs,
    spanCount: spans.length,
    errors: spans.filter((s) => s.status === 'error').length,
    services: [...new Set(spans.map((s) => s.service))].sort(),
    spans: shown,
    omitted: {
      total: tree.nodes.length,
      shown: shownSpans,
      hint: tree.nodes.length > shownSpans ? `harness traces get ${traceId} --limit ${tree.nodes.length}   (or --raw for the spans as JSON; kept: error spans, the slowest, their parents)` : null,
    },
    barrier,
  };
}

/** Every span of a trace as stored, for `--raw`. */
export async function rawTrace(traceId: string, env: TelemetryEnv): Promise<{ tool: 'trace-raw'; env: string; traceId: string; spans: SpanRecord[] }> {
  const found = await traceSpans(traceId, env);
  return { tool: 'trace-raw', env: env.id, traceId: found.traceId, spans: buildTree(found.spans).nodes.map((n) => n.span) };
}
