import protobuf from 'protobufjs';
import { OTLP_PROTO } from './proto.js';

/** An OTLP attribute value, flattened to plain JSON. 64-bit integers beyond 2^53 stay strings. */
export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };
export type Attributes = Record<string, AttributeValue>;

export interface Scope {
  name: string;
  version: string;
}

export type SpanKindName = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';
export type StatusCodeName = 'unset' | 'ok' | 'error';

export interface DecodedSpan {
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  kind: SpanKindName;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  durationMs: number;
  attributes: Attributes;
  resource: Attributes;
  scope: Scope;
  status: { code: StatusCodeName; message: string };
  events: Array<{ name: string; timeUnixNano: string; attributes: Attributes; droppedAttributesCount: number }>;
  links: Array<{ traceId: string; spanId: string; traceState: string; flags: number; attributes: Attributes; droppedAttributesCount: number }>;
  /** W3C trace state and the span's trace flags (bit 0: sampled). */
  traceState: string;
  flags: number;
  /** The instrumentation scope's own attributes (rarely set). */
  scopeAttributes: Attributes;
  /** How many attributes, events and links the SDK dropped (limits). */
  dropped: { attributes: number; events: number; links: number };
}

export interface DecodedLogRecord {
  timeUnixNano: string;
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText: string;
  body: AttributeValue;
  attributes: Attributes;
  resource: Attributes;
  scope: Scope;
  traceId: string;
  spanId: string;
  eventName: string;
}

export type MetricType = 'gauge' | 'sum' | 'histogram' | 'exponential_histogram' | 'summary';

export interface DecodedMetricPoint {
  attributes: Attributes;
  startTimeUnixNano: string;
  timeUnixNano: string;
  /** Gauges and sums. */
  value?: number;
  /** Histograms and summaries. */
  count?: number;
  sum?: number;
  min?: number;
  max?: number;
  bucketCounts?: number[];
  explicitBounds?: number[];
}

export interface DecodedMetric {
  name: string;
  description: string;
  unit: string;
  type: MetricType;
  isMonotonic?: boolean;
  temporality?: 'unspecified' | 'delta' | 'cumulative';
  resource: Attributes;
  scope: Scope;
  points: DecodedMetricPoint[];
}

const root = protobuf.parse(OTLP_PROTO, { keepCase: true }).root;
const traceRequest = root.lookupType('otlp.ExportTraceServiceRequest');
const logsRequest = root.lookupType('otlp.ExportLogsServiceRequest');
const metricsRequest = root.lookupType('otlp.ExportMetricsServiceRequest');

// The shapes protobufjs's toObject returns for the messages above (64-bit fields as
// strings, bytes as base64, absent fields defaulted). Decoding against OTLP_PROTO is the
// validation; these interfaces only name what it produced.
interface WireKeyValue { key: string; value?: WireAnyValue }
interface WireAnyValue {
  value?: string;
  string_value?: string;
  bool_value?: boolean;
  int_value?: string;
  double_value?: number;
  bytes_value?: string;
  array_value?: { values?: WireAnyValue[] };
  kvlist_value?: { values?: WireKeyValue[] };
}
interface WireScope { name?: string; version?: string; attributes?: WireKeyValue[] }
interface WireResource { attributes?: WireKeyValue[] }
interface WireSpan {
  trace_id: string; span_id: string; trace_state: string; parent_span_id: string; flags: number; name: string; kind: number;
  start_time_unix_nano: string; end_time_unix_nano: string; attributes: WireKeyValue[];
  dropped_attributes_count: number; dropped_events_count: number; dropped_links_count: number;
  events: Array<{ name: string; time_unix_nano: string; attributes: WireKeyValue[]; dropped_attributes_count: number }>;
  links: Array<{ trace_id: string; span_id: string; trace_state: string; flags: number; attributes: WireKeyValue[]; dropped_attributes_count: number }>;
  status?: { code?: number; message?: string };
}
interface WireTraces { resource_spans: Array<{ resource?: WireResource; scope_spans: Array<{ scope?: WireScope; spans: WireSpan[] }> }> }
interface WireLogRecord {
  time_unix_nano: string; observed_time_unix_nano: string; severity_number: number; severity_text: string;
  body?: WireAnyValue; attributes: WireKeyValue[]; trace_id: string; span_id: string; event_name: string;
}
interface WireLogs { resource_logs: Array<{ resource?: WireResource; scope_logs: Array<{ scope?: WireScope; log_records: WireLogRecord[] }> }> }
interface WirePoint {
  attributes: WireKeyValue[]; start_time_unix_nano: string; time_unix_nano: string;
  value?: string; as_double?: number; as_int?: string;
  count?: string; sum?: number | null; min?: number | null; max?: number | null;
  bucket_counts?: string[]; explicit_bounds?: number[];
}
interface WireData { data_points?: WirePoint[]; aggregation_temporality?: number; is_monotonic?: boolean }
interface WireMetric {
  name: string; description: string; unit: string; data?: MetricType;
  gauge?: WireData; sum?: WireData; histogram?: WireData; exponential_histogram?: WireData; summary?: WireData;
}
interface WireMetrics { resource_metrics: Array<{ resource?: WireResource; scope_metrics: Array<{ scope?: WireScope; metrics: WireMetric[] }> }> }

const toObjectOptions = { longs: String, bytes: String, defaults: true, oneofs: true, arrays: true } as const;

function decode<T>(type: protobuf.Type, bytes: Uint8Array): T {
  return type.toObject(type.decode(bytes), toObjectOptions) as T;
}

const SPAN_KINDS: SpanKindName[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUS_CODES: StatusCodeName[] = ['unset', 'ok', 'error'];
const TEMPORALITIES = ['unspecified', 'delta', 'cumulative'] as const;

/** Trace and span ids arrive base64-encoded from toObject; OTLP's text form is lowercase hex. */
function hexId(base64: string | undefined): string {
  return base64 ? Buffer.from(base64, 'base64').toString('hex') : '';
}

function int64(text: string | undefined): number | string {
  if (text === undefined) return 0;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : String(text);
}

function anyValue(v: WireAnyValue | undefined): AttributeValue {
  if (!v || v.value === undefined) return null;
  switch (v.value) {
    case 'string_value':
      return v.string_value ?? '';
    case 'bool_value':
      return v.bool_value ?? false;
    case 'int_value':
      return int64(v.int_value);
    case 'double_value':
      return v.double_value ?? 0;
    case 'bytes_value':
      return Buffer.from(v.bytes_value ?? '', 'base64').toString('hex');
    case 'array_value':
      return (v.array_value?.values ?? []).map((item) => anyValue(item));
    case 'kvlist_value':
      return attributes(v.kvlist_value?.values);
    default:
      return null;
  }
}

function attributes(list: WireKeyValue[] | undefined): Attributes {
  const out: Attributes = {};
  for (const kv of list ?? []) out[kv.key] = anyValue(kv.value);
  return out;
}

function scopeOf(s: WireScope | undefined): Scope {
  return { name: s?.name ?? '', version: s?.version ?? '' };
}

function durationMs(start: string, end: string): number {
  return Number(BigInt(end) - BigInt(start)) / 1e6;
}

/** Decodes an OTLP ExportTraceServiceRequest (protobuf) into one record per span. */
export function decodeTraces(bytes: Uint8Array): DecodedSpan[] {
  const spans: DecodedSpan[] = [];
  for (const rs of decode<WireTraces>(traceRequest, bytes).resource_spans) {
    const resource = attributes(rs.resource?.attributes);
    for (const ss of rs.scope_spans) {
      const scope = scopeOf(ss.scope);
      const scopeAttributes = attributes(ss.scope?.attributes);
      for (const s of ss.spans) {
        spans.push({
          traceId: hexId(s.trace_id),
          spanId: hexId(s.span_id),
          parentSpanId: hexId(s.parent_span_id),
          name: s.name,
          kind: SPAN_KINDS[s.kind] ?? 'unspecified',
          startTimeUnixNano: String(s.start_time_unix_nano),
          endTimeUnixNano: String(s.end_time_unix_nano),
          durationMs: durationMs(s.start_time_unix_nano, s.end_time_unix_nano),
          attributes: attributes(s.attributes),
          resource,
          scope,
          status: { code: STATUS_CODES[s.status?.code ?? 0] ?? 'unset', message: s.status?.message ?? '' },
          events: s.events.map((e) => ({
            name: e.name,
            timeUnixNano: String(e.time_unix_nano),
            attributes: attributes(e.attributes),
            droppedAttributesCount: e.dropped_attributes_count,
          })),
          links: s.links.map((l) => ({
            traceId: hexId(l.trace_id),
            spanId: hexId(l.span_id),
            traceState: l.trace_state,
            flags: l.flags,
            attributes: attributes(l.attributes),
            droppedAttributesCount: l.dropped_attributes_count,
          })),
          traceState: s.trace_state,
          flags: s.flags,
          scopeAttributes,
          dropped: { attributes: s.dropped_attributes_count, events: s.dropped_events_count, links: s.dropped_links_count },
        });
      }
    }
  }
  return spans;
}

/** Decodes an OTLP ExportLogsServiceRequest (protobuf) into one record per log record. */
export function decodeLogs(bytes: Uint8Array): DecodedLogRecord[] {
  const records: DecodedLogRecord[] = [];
  for (const rl of decode<WireLogs>(logsRequest, bytes).resource_logs) {
    const resource = attributes(rl.resource?.attributes);
    for (const sl of rl.scope_logs) {
      const scope = scopeOf(sl.scope);
      for (const r of sl.log_records) {
        records.push({
          timeUnixNano: String(r.time_unix_nano),
          observedTimeUnixNano: String(r.observed_time_unix_nano),
          severityNumber: r.severity_number,
          severityText: r.severity_text,
          body: anyValue(r.body),
          attributes: attributes(r.attributes),
          resource,
          scope,
          traceId: hexId(r.trace_id),
          spanId: hexId(r.span_id),
          eventName: r.event_name,
        });
      }
    }
  }
  return records;
}

function numberPoint(p: WirePoint): DecodedMetricPoint {
  const value = p.value === 'as_int' ? Number(p.as_int) : Number(p.as_double ?? 0);
  return { attributes: attributes(p.attributes), startTimeUnixNano: String(p.start_time_unix_nano), timeUnixNano: String(p.time_unix_nano), value };
}

function distributionPoint(p: WirePoint): DecodedMetricPoint {
  const point: DecodedMetricPoint = {
    attributes: attributes(p.attributes),
    startTimeUnixNano: String(p.start_time_unix_nano),
    timeUnixNano: String(p.time_unix_nano),
    count: Number(p.count ?? 0),
  };
  if (p.sum !== undefined && p.sum !== null) point.sum = Number(p.sum);
  if (p.min !== undefined && p.min !== null) point.min = Number(p.min);
  if (p.max !== undefined && p.max !== null) point.max = Number(p.max);
  if (p.bucket_counts && p.bucket_counts.length > 0) point.bucketCounts = p.bucket_counts.map(Number);
  if (p.explicit_bounds && p.explicit_bounds.length > 0) point.explicitBounds = p.explicit_bounds.map(Number);
  return point;
}

/** Decodes an OTLP ExportMetricsServiceRequest (protobuf) into one record per metric. */
export function decodeMetrics(bytes: Uint8Array): DecodedMetric[] {
  const metrics: DecodedMetric[] = [];
  for (const rm of decode<WireMetrics>(metricsRequest, bytes).resource_metrics) {
    const resource = attributes(rm.resource?.attributes);
    for (const sm of rm.scope_metrics) {
      const scope = scopeOf(sm.scope);
      for (const m of sm.metrics) {
        const type = m.data;
        if (!type) continue;
        const data = m[type] ?? {};
        const dataPoints = data.data_points ?? [];
        const base = { name: m.name, description: m.description, unit: m.unit, type, resource, scope };
        const temporality = TEMPORALITIES[data.aggregation_temporality ?? 0];
        if (type === 'gauge') metrics.push({ ...base, points: dataPoints.map(numberPoint) });
        else if (type === 'sum') metrics.push({ ...base, isMonotonic: Boolean(data.is_monotonic), temporality, points: dataPoints.map(numberPoint) });
        else metrics.push({ ...base, ...(type === 'summary' ? {} : { temporality }), points: dataPoints.map(distributionPoint) });
      }
    }
  }
  return metrics;
}
