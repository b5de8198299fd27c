import { z } from 'zod';
import type { BackendCorrelator } from '../types/backend.js';
import type { BackendLog, BackendReport, BackendSpan } from '../types/results.js';

/** Where the env's stores answer LogsQL: logs, and spans (VictoriaTraces' field names). */
export interface CorrelationEndpoints {
  logsUrl: string;
  tracesUrl: string;
  /** Asks the app to export what it buffered now (the env sends it SIGUSR2). */
  flushApp?: () => Promise<void>;
}

const RecordSchema = z.record(z.string(), z.unknown());
type LogsRecord = z.infer<typeof RecordSchema>;

/**
 * Finds a trace's spans and logs with LogsQL (`trace_id:"…"`) on the env's stores. The
 * readiness barrier: ask the app to export now, force a flush of both stores, then poll
 * until as many spans as the
 * action sent traced requests are queryable (each request makes one server span), or the
 * wait is over; so "no span" means "the backend made none", not "not flushed yet".
 */
export class VictoriaCorrelator implements BackendCorrelator {
  readonly #endpoints: CorrelationEndpoints;

  constructor(endpoints: CorrelationEndpoints) {
    this.#endpoints = endpoints;
  }

  async find(traceId: string, options: { expectSpans: number; waitMs: number; since: Date }): Promise<BackendReport> {
    const until = Date.now() + options.waitMs;
    const query = `_time:>=${options.since.toISOString()} trace_id:"${traceId}"`;
    let spans: LogsRecord[];
    let logs: LogsRecord[];
    await this.#endpoints.flushApp?.().catch(() => undefined);
    let spansSeenAt: number | undefined;
    for (;;) {
      await Promise.all([forceFlush(this.#endpoints.tracesUrl), forceFlush(this.#endpoints.logsUrl)]);
      [spans, logs] = await Promise.all([logsql(this.#endpoints.tracesUrl, query), logsql(this.#endpoints.logsUrl, query)]);
      const serverSpans = spans.filter((s) => str(s.kind) === '2' || str(s.kind).toUpperCase().includes('SERVER')).length;
      if (Date.now() >= until) break;
      // Spans and logs are exported together, but may land a moment apart: give the logs
      // a little longer once the spans are in.
      if (serverSpans >= options.expectSpans && (logs.length > 0 || Date.now() >= (spansSeenAt ??= Date.now()) + 500)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const report: BackendReport = { traceId, spans: spans.map(toSpan).sort((a, b) => a.time.localeCompare(b.time)), logs: logs.map(toLog).sort((a, b) => a.time.localeCompare(b.time)) };
    if (report.spans.length < options.expectSpans) {
      report.note = `found ${report.spans.length} span(s) for ${options.expectSpans} traced request(s) within ${options.waitMs} ms: the app may not continue traceparent, or exports late`;
    }
    return report;
  }
}

async function forceFlush(baseUrl: string): Promise<void> {
  await fetch(new URL('/internal/force_flush', baseUrl), { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
}

/** Runs a LogsQL query; the answer is one JSON object per line. */
export async function logsql(baseUrl: string, query: string, limit = 100): Promise<LogsRecord[]> {
  const response = await fetch(new URL('/select/logsql/query', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query, limit: String(limit) }),
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) throw new Error(`LogsQL query failed at ${baseUrl}: HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
  const records: LogsRecord[] = [];
  for (const line of (await response.text()).split('\n')) {
    if (!line.trim()) continue;
    const parsed = RecordSchema.safeParse(JSON.parse(line));
    if (parsed.success) records.push(parsed.data);
  }
  return records;
}

function str(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

const SPAN_FIELDS = new Set(['_time', '_msg', '_stream', '_stream_id', 'trace_id', 'span_id', 'parent_span_id', 'name', 'kind', 'duration', 'start_time_unix_nano', 'end_time_unix_nano', 'status_code', 'status_message', 'resource_attr:service.name']);

function toSpan(r: LogsRecord): BackendSpan {
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(r)) {
    if (!SPAN_FIELDS.has(key) && (key.startsWith('span_attr:') || key === 'status_message')) attributes[key.replace(/^span_attr:/, '')] = str(value).slice(0, 300);
    // A recorded exception is the most useful line of an error span.
    const exception = /^event:event_attr:exception\.(message|type):\d+$/.exec(key);
    if (exception) attributes[`exception.${exception[1]}`] = str(value).slice(0, 300);
  }
  if (r.status_message) attributes.status_message = str(r.status_message).slice(0, 300);
  const durationNs = Number(r.duration);
  const status = str(r.status_code);
  const span: BackendSpan = { time: str(r._time), name: str(r.name) || str(r._msg), attributes };
  const service = str(r['resource_attr:service.name']);
  if (service) span.service = service;
  if (r.span_id) span.spanId = str(r.span_id);
  if (Number.isFinite(durationNs) && durationNs > 0) span.durationMs = Math.round(durationNs / 1e4) / 100;
  if (status) span.status = status === '2' || status === 'STATUS_CODE_ERROR' ? 'error' : status === '1' || status === 'STATUS_CODE_OK' ? 'ok' : status === '0' ? 'unset' : status;
  return span;
}

function toLog(r: LogsRecord): BackendLog {
  const log: BackendLog = { time: str(r._time), message: str(r._msg).slice(0, 1000) };
  const severity = str(r.severity ?? r.level ?? r.severity_text);
  if (severity) log.severity = severity;
  const service = str(r['service.name'] ?? r['resource_attr:service.name']);
  if (service) log.service = service;
  return log;
}
