import { LogsStore, type LogRow } from '../repo/logs-store.js';
import { safeJson } from '../repo/store-errors.js';
import type { ExplainAnswer, LogsAnswer, LogSeries } from '../types/answers.js';
import type { TelemetryEnv } from '../types/telemetry-env.js';
import type { LogsqlTranslation } from '../types/translation.js';
import { VALUE_FIELD } from '../types/translation.js';
import { DEFAULT_LOG_LIMIT, DEFAULT_SERIES_LIMIT, DEFAULT_SINCE } from '../config/limits.js';
import { MAX_LIMIT } from '../types/input-limits.js';
import { HarnessError } from '../../../utils/diagnostic.js';
import { readinessBarrier } from './barrier.js';
import { parseLogql } from './logql/parser.js';
import { translateExpr } from './logql/translate.js';
import { interpolatedQuantile } from './quantile.js';
import { shapeLines } from './shape.js';
import { shellQuote } from '../../../utils/text-escape.js';
import { parseTimeInput, toRfc3339 } from './time-input.js';

/** `harness logs`: LogQL (translated) or LogsQL over this env's VictoriaLogs. */

export interface LogsRequest {
  query: string;
  /** `logsql` passes the query through untranslated. */
  language: 'logql' | 'logsql';
  since?: string;
  until?: string;
  limit?: number;
}

interface Window {
  start: number;
  end: number;
}

function window(request: LogsRequest, env: TelemetryEnv | null, now: number): Window {
  const context = { now, upAt: env?.upAt ?? null };
  const start = parseTimeInput('--since', request.since ?? DEFAULT_SINCE, context);
  const end = request.until ? parseTimeInput('--until', request.until, context) : now;
  if (start >= end) {
    throw new HarnessError({
      what: `the window is empty: --since ${request.since ?? DEFAULT_SINCE} is not before --until ${request.until ?? 'now'}`,
      why: 'nothing can match an empty time window',
      fix: 'give a --since earlier than --until, e.g. --since 1h --until 15m',
    });
  }
  return { start, end };
}

export async function explainLogs(request: LogsRequest, env: TelemetryEnv | null, now = Date.now()): Promise<ExplainAnswer> {
  let fields: string[] = [];
  const notes: string[] = [];
  if (env) {
    try {
      // The field names in the window let Loki-style names (service_name) be read.
      fields = await new LogsStore(env.logs).fieldNames('*', window(request, env, now));
    } catch {
      notes.push(`${env.logs.label} did not answer: label names are taken as written`);
    }
  } else {
    notes.push('no env is running here: label names are taken as written (service_name is not mapped to service.name)');
  }
  const translation = translateExpr(parseLogql(request.query), request.query, { knownFields: fields });
  const api =
    translation.kind === 'log'
      ? `POST /select/logsql/query with start=--since, end=--until, limit=${request.limit ?? DEFAULT_LOG_LIMIT} (newest rows)`
      : `POST /select/logsql/query with time=--until: _time:${translation.window?.text} counts back from that instant`;
  return { tool: 'logs-explain', env: env?.id ?? null, query: request.query, translation, api, notes: [...translation.notes, ...notes] };
}

export async function runLogs(request: LogsRequest, env: TelemetryEnv, now = Date.now()): Promise<LogsAnswer> {
  const store = new LogsStore(env.logs);
  const barrier = await readinessBarrier(env, { logs: store });
  // The window is fixed after the barrier, so it covers everything the app just flushed.
  const w = window(request, env, Math.max(now, Date.now()));
  const limit = request.limit ?? DEFAULT_LOG_LIMIT;
  let translation: LogsqlTranslation | null = null;
  let logsql = request.query;
  if (request.language === 'logql') {
    const expr = parseLogql(request.query);
    translation = translateExpr(expr, request.query, { knownFields: await store.fieldNames('*', w) });
    logsql = translation.logsql;
  }
  const base = {
    tool: 'logs' as const,
    env: env.id,
    query: request.query,
    language: request.language === 'logql' ? ('LogQL' as const) : ('LogsQL' as const),
    logsql,
    translation,
    barrier,
    notes: translation?.notes ?? [],
  };
  const shown = request.language === 'logql' ? request.query : undefined;
  if (translation?.kind === 'metric') {
    if (request.since !== undefined) {
      base.notes = [
        ...base.notes,
        `--since ${request.since} does not apply to a metric query: it is evaluated at ${request.until ? `--until ${request.until}` : 'now'} over its range [${translation.window?.text}]; widen the range (e.g. [1h]) or move the instant with --until`,
      ];
    }
    const series = await evaluateMetric(store, translation, w.end, shown);
    const kept = series.slice(0, request.limit ?? DEFAULT_SERIES_LIMIT);
    return {
      ...base,
      window: { start: toRfc3339(w.end - (translation.window?.seconds ?? 0) * 1000), end: toRfc3339(w.end) },
      at: toRfc3339(w.end),
      result: { kind: 'series', series: kept },
      omitted: omission(series.length, kept.length, request, 'series'),
    };
  }
  const rows = await store.query(logsql, { start: w.start, end: w.end, limit, shownQuery: shown });
  const isLines = rows.length === 0 || rows.some((r) => '_time' in r || '_msg' in r);
  const total = rows.length < limit ? rows.length : await store.count(logsql, { start: w.start, end: w.end, shownQuery: shown });
  const windowOut = { start: toRfc3339(w.start), end: toRfc3339(w.end) };
  if (!isLines) {
    return { ...base, window: windowOut, at: null, result: { kind: 'rows', rows }, omitted: omission(total, rows.length, request, 'rows') };
  }
  return { ...base, window: windowOut, at: null, result: { kind: 'lines', ...shapeLines(rows) }, omitted: omission(total, rows.length, request, 'lines') };
}

function omission(total: number, shown: number, request: LogsRequest, what: string): LogsAnswer['omitted'] {
  if (total <= shown) return { total, shown, hint: null };
  const flags = [request.language === 'logsql' ? '--logsql' : null, request.since ? `--since ${request.since}` : null, request.until ? `--until ${request.until}` : null]
    .filter(Boolean)
    .join(' ');
  return {
    total,
    shown,
    hint:
      total > MAX_LIMIT
        ? `narrow the query or the window (a filter, --since 5m): more than the ${MAX_LIMIT} ${what} one answer holds match; shown are the newest ${shown}`
        : `harness logs ${shellQuote(request.query)} ${flags ? `${flags} ` : ''}--limit ${total}   (or narrow the query; shown are the newest ${shown} ${what})`,
  };
}

/**
 * Runs a translated metric query at `time`. An ungrouped result over no lines is no
 * series at all, as in Loki (LogsQL answers it with a zero row).
 */
export async function evaluateMetric(store: LogsStore, translation: LogsqlTranslation, time: number, shownQuery?: string): Promise<LogSeries[]> {
  const series = toSeries(await store.query(translation.logsql, { time, shownQuery }), translation);
  if (translation.labels.length === 0 && series.length === 1 && translation.linesQuery) {
    const lines = await store.count(translation.linesQuery, { time, shownQuery });
    if (lines === 0) return [];
  }
  return series;
}

/** Result rows of a translated metric query to series, with Loki's quantile where asked. */
export function toSeries(rows: LogRow[], translation: LogsqlTranslation): LogSeries[] {
  const series: LogSeries[] = [];
  for (const row of rows) {
    const labels: Record<string, string> = {};
    for (const label of translation.labels) labels[label] = row[label] ?? '';
    let value: number;
    if (translation.finish?.kind === 'quantile') {
      const raw = row[VALUE_FIELD] ?? '[]';
      const parsed = safeJson(raw);
      const values = Array.isArray(parsed) ? parsed.map(Number).filter(Number.isFinite) : [];
      value = interpolatedQuantile(translation.finish.phi, values);
    } else {
      value = Number(row[VALUE_FIELD]);
    }
    series.push({ labels, value });
  }
  // Keep LogsQL's order when the query sorts ascending (bottomk, sort); otherwise largest first.
  if (/by \(value\)$/.test(translation.logsql)) return series;
  return series.sort((a, b) => b.value - a.value || JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)));
}
