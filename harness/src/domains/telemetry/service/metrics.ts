import { HarnessError } from '../../../utils/diagnostic.js';
import { closestNames } from '../../../utils/closest-names.js';
import { MetricsStore } from '../repo/metrics-store.js';
import type { BarrierSummary, Omission } from '../types/answers.js';
import type { TelemetryEnv } from '../types/telemetry-env.js';
import { DEFAULT_METRIC_LIST_LIMIT, DEFAULT_SERIES_LIMIT, MAX_POINTS_PER_SERIES } from '../config/limits.js';
import { readinessBarrier } from './barrier.js';
import { escapeRegExp, shellQuote } from '../../../utils/text-escape.js';
import { durationSeconds, parseTimeInput, toRfc3339 } from './time-input.js';

/** `harness metrics`: PromQL (VictoriaMetrics' MetricsQL) instant and range queries, and the metric list. */

export interface MetricsRequest {
  query: string;
  /** Range queries: how far back from --until (`10m`). */
  range?: string;
  /** Range queries: the resolution (`15s`); default: range / 60. */
  step?: string;
  until?: string;
  limit?: number;
}

export interface MetricSeries {
  labels: Record<string, string>;
  /** Instant queries: the value. */
  value?: number;
  /** Range queries: [RFC3339, value] points (thinned to the size budget) and a summary. */
  points?: Array<[string, number]>;
  summary?: { count: number; min: number; max: number; avg: number; first: number; last: number };
}

export interface MetricsAnswer {
  tool: 'metrics';
  env: string;
  query: string;
  kind: 'instant' | 'range' | 'scalar';
  at: string | null;
  window: { start: string; end: string; step: string } | null;
  series: MetricSeries[];
  scalar: number | null;
  omitted: Omission;
  barrier: BarrierSummary;
  notes: string[];
}

function flagSeconds(flag: string, text: string): number {
  const seconds = durationSeconds(text);
  if (seconds === null || seconds <= 0) {
    throw new HarnessError({ what: `${flag} "${text}" is not a duration`, why: 'range queries need a window and a step', fix: `write it with a unit, e.g. ${flag} ${flag === '--step' ? '15s' : '10m'}` });
  }
  return seconds;
}

export async function runMetrics(request: MetricsRequest, env: TelemetryEnv, now = Date.now()): Promise<MetricsAnswer> {
  if (request.query.trim() === '') {
    throw new HarnessError({ what: 'the PromQL query is empty', why: 'there is nothing to ask VictoriaMetrics', fix: "write a query, e.g. harness metrics 'sum by (http_route) (rate(http_server_request_duration_seconds_count[5m]))'" });
  }
  const store = new MetricsStore(env.metrics);
  const barrier = await readinessBarrier(env, { metrics: store });
  const end = request.until ? parseTimeInput('--until', request.until, { now: Math.max(now, Date.now()), upAt: env.upAt }) : Math.max(now, Date.now());
  const limit = request.limit ?? DEFAULT_SERIES_LIMIT;
  const notes: string[] = [];
  if (request.range === undefined && request.step !== undefined) notes.push('--step applies to range queries only; add --range 10m');
  if (request.range !== undefined) {
    const rangeSeconds = flagSeconds('--range', request.range);
    const stepSeconds = request.step ? flagSeconds('--step', request.step) : Math.max(1, Math.round(rangeSeconds / 60));
    const start = end - rangeSeconds * 1000;
    const result = await store.range(request.query, start, end, stepSeconds);
    const window = { start: toRfc3339(start), end: toRfc3339(end), step: `${stepSeconds}s` };
    if (result.type !== 'matrix') return scalarAnswer(request, env, barrier, result, end, notes);
    const series = result.series.map((s) => {
      const values = s.values.map(([t, v]): [number, number] => [t, Number(v)]);
      const numbers = values.map(([, v]) => v);
      const summary = {
        count: numbers.length,
        min: Math.min(...numbers),
        max: Math.max(...numbers),
        avg: numbers.reduce((a, b) => a + b, 0) / Math.max(1, numbers.length),
        first: numbers[0] ?? Number.NaN,
        last: numbers.at(-1) ?? Number.NaN,
      };
      return { labels: s.metric, points: thin(values).map(([t, v]): [string, number] => [toRfc3339(t * 1000), v]), summary };
    });
    series.sort((a, b) => b.summary.last - a.summary.last);
    if (series.length === 0) notes.push(...(await unknownMetricNotes(request.query, store, end)));
    const kept = series.slice(0, limit);
    if (series.some((s) => s.summary.count > MAX_POINTS_PER_SERIES)) notes.push(`each series shows ${MAX_POINTS_PER_SERIES} evenly spaced points; its summary covers all of them (a larger --step gives fewer points)`);
    return { tool: 'metrics', env: env.id, query: request.query, kind: 'range', at: null, window, series: kept, scalar: null, omitted: omitted(series.length, kept.length, request), barrier, notes };
  }
  const result = await store.instant(request.query, end);
  if (result.type !== 'vector') return scalarAnswer(request, env, barrier, result, end, notes);
  const series = result.series.map((s) => ({ labels: s.metric, value: Number(s.value[1]) })).sort((a, b) => b.value - a.value);
  if (series.length === 0) notes.push(...(await unknownMetricNotes(request.query, store, end)));
  const kept = series.slice(0, limit);
  return { tool: 'metrics', env: env.id, query: request.query, kind: 'instant', at: toRfc3339(end), window: null, series: kept, scalar: null, omitted: omitted(series.length, kept.length, request), barrier, notes };
}

const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'inf', 'nan']);

/**
 * An empty answer often means a mistyped metric name: the names in the query that have no
 * samples in the last day, each with the stored names closest to it.
 */
async function unknownMetricNotes(query: string, store: MetricsStore, end: number): Promise<string[]> {
  // Metric names: identifiers outside strings, label matchers and groupings, not called like functions.
  const bare = query
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ');
  const used = [...bare.matchAll(/(?<![\w.])([A-Za-z_:][\w:.]*)(?![\w:.]|\s*\()/g)].map((m) => m[1]!).filter((n) => !PROMQL_WORDS.has(n.toLowerCase()));
  if (used.length === 0) return [];
  let names: string[];
  try {
    names = await store.metricNames(end - 86_400_000, end);
  } catch {
    return [];
  }
  const known = new Set(names);
  return [...new Set(used)]
    .filter((name) => !known.has(name))
    .map((name) => {
      const near = closestNames(name, names);
      const hint = near.length > 0 ? `did you mean ${near.join(', ')}?` : 'list the names with: harness metrics --list';
      return `no metric named ${name} has samples in the last 24 h; ${hint}`;
    });
}

function scalarAnswer(request: MetricsRequest, env: TelemetryEnv, barrier: BarrierSummary, result: { type: string; value?: [number, string] }, end: number, notes: string[]): MetricsAnswer {
  const value = result.value ? Number(result.value[1]) : Number.NaN;
  return { tool: 'metrics', env: env.id, query: request.query, kind: 'scalar', at: toRfc3339(end), window: null, series: [], scalar: value, omitted: { total: 1, shown: 1, hint: null }, barrier, notes };
}

/** At most MAX_POINTS_PER_SERIES points, evenly spaced, always keeping the last one. */
function thin<T>(points: T[]): T[] {
  if (points.length <= MAX_POINTS_PER_SERIES) return points;
  const out: T[] = [];
  for (let i = 0; i < MAX_POINTS_PER_SERIES; i++) out.push(points[Math.round((i * (points.length - 1)) / (MAX_POINTS_PER_SERIES - 1))]!);
  return out;
}

function omitted(total: number, shown: number, request: MetricsRequest): Omission {
  if (total <= shown) return { total, shown, hint: null };
  const range = request.range ? ` --range ${request.range}${request.step ? ` --step ${request.step}` : ''}` : '';
  return { total, shown, hint: `harness metrics ${shellQuote(request.query)}${range} --limit ${total}   (or aggregate: sum by (label) (…), topk(5, …))` };
}

export interface MetricListAnswer {
  tool: 'metrics-list';
  env: string;
  match: string | null;
  metrics: Array<{ name: string; series: number; labels: string[] }>;
  omitted: Omission;
  barrier: BarrierSummary;
}

/** Metric names with samples in the last hour (or --since), with their label names. */
export async function listMetrics(request: { match?: string; since?: string; limit?: number }, env: TelemetryEnv, now = Date.now()): Promise<MetricListAnswer> {
  const store = new MetricsStore(env.metrics);
  const barrier = await readinessBarrier(env, { metrics: store });
  const end = Math.max(now, Date.now());
  const start = parseTimeInput('--since', request.since ?? '1h', { now: end, upAt: env.upAt });
  const match = request.match?.trim() || null;
  let selector = '{__name__=~".+"}';
  if (match) selector = match.startsWith('{') || /[{(]/.test(match) ? match : `{__name__=~${JSON.stringify(`(?i).*${escapeRegExp(match)}.*`)}}`;
  const series = await store.series(selector, start, end);
  const byName = new Map<string, { series: number; labels: Set<string> }>();
  for (const labels of series) {
    const name = labels.__name__ ?? '';
    const entry = byName.get(name) ?? { series: 0, labels: new Set<string>() };
    entry.series++;
    for (const key of Object.keys(labels)) if (key !== '__name__') entry.labels.add(key);
    byName.set(name, entry);
  }
  const metrics = [...byName.entries()].map(([name, e]) => ({ name, series: e.series, labels: [...e.labels].sort() })).sort((a, b) => a.name.localeCompare(b.name));
  const limit = request.limit ?? DEFAULT_METRIC_LIST_LIMIT;
  const kept = metrics.slice(0, limit);
  const hint = metrics.length > kept.length ? `harness metrics --list ${match ? shellQuote(match) : "''"} --limit ${metrics.length}   (or narrow: harness metrics --list http_server)` : null;
  return { tool: 'metrics-list', env: env.id, match, metrics: kept, omitted: { total: metrics.length, shown: kept.length, hint }, barrier };
}
