/**
 * Spans as the traces tools read them from VictoriaTraces' data model (one LogsQL row per
 * span: trace_id, span_id, parent_span_id, name, kind, duration in ns,
 * start_time_unix_nano, status_code, resource_attr:*, span_attr:*, event fields).
 */

export const SPAN_KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;
export type SpanKind = (typeof SPAN_KINDS)[number];

export type SpanStatus = 'unset' | 'ok' | 'error';

export interface SpanEvent {
  name: string;
  /** Unix nanoseconds, as a decimal string. */
  time: string;
  attributes: Record<string, string>;
}

export interface SpanRecord {
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  service: string;
  kind: SpanKind;
  /** Unix nanoseconds, as decimal strings (they exceed 2^53). */
  start: string;
  end: string;
  durationMs: number;
  status: SpanStatus;
  statusMessage: string;
  attributes: Record<string, string>;
  resource: Record<string, string>;
  events: SpanEvent[];
}

/**
 * The span attribute that names the user journey a trace belongs to. The browser tools
 * send it as W3C baggage (`baggage: harness.journey=<name>`) with every request of a
 * journey; the app's OTel setup copies it onto its server span. A span belongs to journey
 * J when any span of its trace carries `harness.journey=J`.
 */
export const JOURNEY_ATTRIBUTE = 'harness.journey';
