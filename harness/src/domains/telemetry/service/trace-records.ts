import { setTimeout as sleep } from 'node:timers/promises';
import { LogsStore, type LogRow } from '../repo/logs-store.js';
import { SpansStore } from '../repo/spans-store.js';
import type { SpanRecord } from '../types/spans.js';
import type { TelemetryEnv } from '../types/telemetry-env.js';
import { BARRIER_DEADLINE_MS, MAX_LINE_CHARS, TRACE_RECORDS_LIMIT, TRACE_RECORDS_LOG_GRACE_MS, TRACE_RECORDS_POLL_MS } from '../config/limits.js';
import { readinessBarrier, type BarrierReport } from './barrier.js';
import { exact } from './logsql-syntax.js';
import { cut, timeKey, visible } from './shape.js';

/**
 * Everything the backend recorded for one trace id, its spans and its log lines, read
 * after the readiness barrier, so an empty list means "the backend recorded nothing",
 * not "not flushed yet". This is how a browser action's backend side is found.
 *
 * An app that acknowledges its flush (HARNESS_OTEL_FLUSH_ACK) has exported everything by
 * the time the barrier returns, so one round is enough; a missing server span gets one
 * more acknowledged round (the span may have ended just after the signal), then the
 * answer is final. An app that does not acknowledge is polled: the stores are flushed
 * and searched again until the expected server spans are there or `waitMs` has passed.
 */

export interface TraceRecordsRequest {
  traceId: string;
  /** Server spans to wait for: one per traced request that reached the app. */
  expectServerSpans: number;
  /** The longest the lookup may wait for them, in ms. */
  waitMs: number;
  /** Unix ms: nothing older is searched. */
  since: number;
}

export interface TraceLog {
  /** RFC3339 as stored. */
  time: string;
  message: string;
  severity?: string;
  service?: string;
}

export interface TraceRecords {
  traceId: string;
  /** By start time. */
  spans: SpanRecord[];
  /** Oldest first. */
  logs: TraceLog[];
  serverSpans: number;
  /** The first round's barrier (the app's flush outcome, the stores flushed). */
  barrier: BarrierReport;
  waitedMs: number;
}

export async function findTraceRecords(env: TelemetryEnv, request: TraceRecordsRequest): Promise<TraceRecords> {
  const started = Date.now();
  const deadline = started + request.waitMs;
  const spansStore = new SpansStore(env.traces);
  const logsStore = new LogsStore(env.logs);
  const stores = { logs: logsStore, traces: spansStore };
  const filter = exact('trace_id', request.traceId);
  const window = { start: request.since, limit: TRACE_RECORDS_LIMIT };
  let first: BarrierReport | undefined;
  let spansInAt: number | undefined;
  for (let round = 0; ; round++) {
    const acknowledged = first?.app === 'confirmed';
    const deadlineMs = Math.min(BARRIER_DEADLINE_MS, Math.max(0, deadline - Date.now()));
    const barrier = await readinessBarrier(env, stores, { deadlineMs, askApp: round === 0 || acknowledged });
    first ??= barrier;
    const [spans, rows] = await Promise.all([spansStore.spans(filter, window), logsStore.query(filter, window)]);
    const serverSpans = spans.filter((s) => s.kind === 'server').length;
    const now = Date.now();
    const spansIn = serverSpans >= request.expectServerSpans;
    if (spansIn) spansInAt ??= now;
    // An acknowledged flush carried the logs with the spans; otherwise they may trail a little.
    const logsIn = first.app === 'confirmed' || rows.length > 0 || now >= (spansInAt ?? now) + TRACE_RECORDS_LOG_GRACE_MS;
    // Two acknowledged flushes without the spans: the app made none (nothing is left to export).
    const settled = first.app === 'confirmed' && round >= 1;
    if ((spansIn && logsIn) || settled || now >= deadline) {
      return {
        traceId: request.traceId,
        spans: spans.sort(byStart),
        logs: rows.sort((a, b) => timeKey(a._time ?? '').localeCompare(timeKey(b._time ?? ''))).map(toTraceLog),
        serverSpans,
        barrier: first,
        waitedMs: now - started,
      };
    }
    if (first.app !== 'confirmed') await sleep(TRACE_RECORDS_POLL_MS);
  }
}

const byStart = (a: SpanRecord, b: SpanRecord): number => (BigInt(a.start) < BigInt(b.start) ? -1 : BigInt(a.start) > BigInt(b.start) ? 1 : 0);

function toTraceLog(row: LogRow): TraceLog {
  const log: TraceLog = { time: row._time ?? '', message: cut(visible(row._msg ?? ''), MAX_LINE_CHARS).text };
  const severity = row.severity_text ?? row.severity ?? row.level;
  if (severity) log.severity = severity;
  const service = row['service.name'] ?? row['resource_attr:service.name'];
  if (service) log.service = service;
  return log;
}
