import type { AttributeValue, Attributes, DecodedSpan, SpanKindName, StatusCodeName } from '../otlp/decode.js';

/**
 * One span as one VictoriaLogs row, with the field names and stream fields VictoriaTraces
 * itself writes (its docs' data model and app/vtinsert/opentelemetry of v0.12), so a
 * LogsQL query over spans reads the same against the bridge as against VictoriaTraces.
 * The mapping and its sources: docs/design-docs/stack-provisioning.md#the-traces-bridge.
 */
export type SpanRow = Record<string, string>;

/** VictoriaTraces' stream fields: the service and the span name. */
export const TRACE_STREAM_FIELDS = ['resource_attr:service.name', 'name'] as const;

const KIND_NUMBERS: Record<SpanKindName, number> = { unspecified: 0, internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };
const STATUS_NUMBERS: Record<StatusCodeName, number> = { unset: 0, ok: 1, error: 2 };

export function spanToRow(span: DecodedSpan, extraResource: Record<string, string> = {}): SpanRow {
  const row: SpanRow = {};
  addAttributes(row, span.resource, 'resource_attr:');
  for (const [key, value] of Object.entries(extraResource)) row[`resource_attr:${key}`] = value || '-';
  setIfPresent(row, 'scope_name', span.scope.name);
  setIfPresent(row, 'scope_version', span.scope.version);
  addAttributes(row, span.scopeAttributes, 'scope_attr:');

  setIfPresent(row, 'span_id', span.spanId);
  setIfPresent(row, 'trace_state', span.traceState);
  setIfPresent(row, 'parent_span_id', span.parentSpanId);
  row.flags = String(span.flags);
  row.name = span.name || '-';
  row.kind = String(KIND_NUMBERS[span.kind]);
  row.start_time_unix_nano = span.startTimeUnixNano;
  row.end_time_unix_nano = span.endTimeUnixNano;
  // Not in OTLP: VictoriaTraces computes it at ingestion so spans can be filtered by it.
  row.duration = String(BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano));
  row.dropped_attributes_count = String(span.dropped.attributes);
  row.dropped_events_count = String(span.dropped.events);
  row.dropped_links_count = String(span.dropped.links);
  setIfPresent(row, 'status_message', span.status.message);
  row.status_code = String(STATUS_NUMBERS[span.status.code]);
  addAttributes(row, span.attributes, 'span_attr:');

  span.events.forEach((event, i) => {
    row[`event:event_time_unix_nano:${i}`] = event.timeUnixNano;
    row[`event:event_name:${i}`] = event.name || '-';
    row[`event:event_dropped_attributes_count:${i}`] = String(event.droppedAttributesCount);
    addAttributes(row, event.attributes, 'event:event_attr:', `:${i}`);
  });
  span.links.forEach((link, i) => {
    row[`link:link_trace_id:${i}`] = link.traceId;
    row[`link:link_span_id:${i}`] = link.spanId;
    setIfPresent(row, `link:link_trace_state:${i}`, link.traceState);
    row[`link:link_dropped_attributes_count:${i}`] = String(link.droppedAttributesCount);
    row[`link:link_flags:${i}`] = String(link.flags);
    addAttributes(row, link.attributes, 'link:link_attr:', `:${i}`);
  });

  row._msg = '-';
  row.trace_id = span.traceId;
  // VictoriaTraces stamps a span with its end time.
  row._time = nanosToRfc3339(span.endTimeUnixNano);
  return row;
}

/**
 * Attributes as VictoriaTraces flattens them: nested maps joined with dots, arrays as
 * JSON, empty strings as `-` (VictoriaLogs drops empty values), absent values skipped.
 */
function addAttributes(row: SpanRow, attributes: Attributes, prefix: string, suffix = '', parent = ''): void {
  for (const [key, value] of Object.entries(attributes)) {
    const name = parent ? `${parent}.${key}` : key;
    if (value === null) continue;
    if (typeof value === 'object' && !Array.isArray(value)) {
      addAttributes(row, value, prefix, suffix, name);
      continue;
    }
    row[`${prefix}${name}${suffix}`] = formatValue(value) || '-';
  }
}

function formatValue(value: Exclude<AttributeValue, null>): string {
  if (Array.isArray(value)) return JSON.stringify(value);
  return String(value);
}

function setIfPresent(row: SpanRow, field: string, value: string): void {
  if (value) row[field] = value;
}

/** `1750044408796828584` → `2025-06-16T03:26:48.796828584Z`, keeping every nanosecond. */
export function nanosToRfc3339(nanos: string): string {
  const n = BigInt(nanos);
  const seconds = n / 1_000_000_000n;
  const fraction = (n % 1_000_000_000n).toString().padStart(9, '0');
  const whole = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${whole}.${fraction}Z`;
}
