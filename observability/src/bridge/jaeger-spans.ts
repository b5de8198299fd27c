import type { SpanRow } from './span-rows.js';

/**
 * Span rows (span-rows.ts's fields, as VictoriaLogs returns them) turned back into the
 * Jaeger JSON model, the way VictoriaTraces' app/vtselect/traces/jaeger/model.go does:
 * times in microseconds, every tag typed "string" (the store keeps strings only), the
 * parent as a CHILD_OF reference, links as FOLLOWS_FROM, events as logs, resource
 * attributes as the process, and kind, status and scope as Jaeger's special tags.
 */
export interface JaegerTag {
  key: string;
  type: 'string';
  value: string;
}

export interface JaegerReference {
  refType: 'CHILD_OF' | 'FOLLOWS_FROM';
  traceID: string;
  spanID: string;
}

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: JaegerReference[];
  flags: number;
  startTime: number;
  duration: number;
  tags: JaegerTag[];
  logs: Array<{ timestamp: number; fields: JaegerTag[] }>;
  processID: string;
  warnings: null;
}

export interface JaegerProcess {
  serviceName: string;
  tags: JaegerTag[];
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, JaegerProcess>;
  warnings: null;
}

const KIND_NAMES: Record<string, string> = { '1': 'internal', '2': 'server', '3': 'client', '4': 'producer', '5': 'consumer' };
const ERROR_VALUES: Record<string, string> = { '1': 'false', '2': 'true' };
/** Fields shown as Jaeger's own tags, in VictoriaTraces' naming. */
const RENAMED_TAGS: Record<string, string> = {
  status_message: 'otel.status_description',
  trace_state: 'w3c.tracestate',
  scope_name: 'otel.scope.name',
  scope_version: 'otel.scope.version',
};

/** Groups rows into traces, in the order of `traceIds`; spans sorted by start time. */
export function rowsToTraces(rows: SpanRow[], traceIds: string[]): JaegerTrace[] {
  const byTrace = new Map<string, SpanRow[]>(traceIds.map((id) => [id, []]));
  for (const row of rows) byTrace.get(row.trace_id ?? '')?.push(row);
  return [...byTrace.entries()].filter(([, spans]) => spans.length > 0).map(([traceId, spans]) => rowsToTrace(traceId, spans));
}

function rowsToTrace(traceId: string, rows: SpanRow[]): JaegerTrace {
  const processes: Record<string, JaegerProcess> = {};
  const processIds = new Map<string, string>();
  const spans = rows
    .map((row) => {
      const process = rowToProcess(row);
      const key = JSON.stringify(process);
      let processId = processIds.get(key);
      if (processId === undefined) {
        processId = `p${processIds.size + 1}`;
        processIds.set(key, processId);
        processes[processId] = process;
      }
      return rowToSpan(row, processId);
    })
    .sort((a, b) => a.startTime - b.startTime);
  return { traceID: traceId, spans, processes, warnings: null };
}

function rowToProcess(row: SpanRow): JaegerProcess {
  const tags: JaegerTag[] = [];
  for (const [field, value] of Object.entries(row)) {
    if (field.startsWith('resource_attr:') && field !== 'resource_attr:service.name') tags.push(tag(field.slice('resource_attr:'.length), value));
  }
  tags.sort((a, b) => a.key.localeCompare(b.key));
  return { serviceName: row['resource_attr:service.name'] ?? '', tags };
}

function rowToSpan(row: SpanRow, processID: string): JaegerSpan {
  const traceID = row.trace_id ?? '';
  const tags: JaegerTag[] = [];
  const logs = new Map<string, { timestamp: number; fields: JaegerTag[] }>();
  const links = new Map<string, JaegerReference>();
  for (const [field, value] of Object.entries(row)) {
    if (field === 'kind') {
      const kind = KIND_NAMES[value];
      if (kind) tags.push(tag('span.kind', kind));
    } else if (field === 'status_code') tags.push(tag('error', ERROR_VALUES[value] ?? 'unset'));
    else if (RENAMED_TAGS[field]) tags.push(tag(RENAMED_TAGS[field], value));
    else if (field.startsWith('span_attr:')) tags.push(tag(field.slice('span_attr:'.length), value));
    else if (field.startsWith('scope_attr:')) tags.push(tag(field, value));
    else if (field.startsWith('event:')) addEventField(logs, field.slice('event:'.length), value);
    else if (field.startsWith('link:')) addLinkField(links, field.slice('link:'.length), value);
  }
  const references: JaegerReference[] = [];
  if (row.parent_span_id) references.push({ refType: 'CHILD_OF', traceID, spanID: row.parent_span_id });
  for (const [, link] of [...links.entries()].sort(byIndex)) {
    if (link.spanID !== row.parent_span_id || link.traceID !== traceID) references.push(link);
  }
  return {
    traceID,
    spanID: row.span_id ?? '',
    operationName: row.name ?? '',
    references,
    // OTLP flags carry the W3C trace flags in the low byte (bit 0: sampled), as Jaeger's do.
    flags: Number(row.flags ?? 0) & 0xff,
    startTime: micros(row.start_time_unix_nano),
    duration: micros(row.duration),
    tags,
    logs: [...logs.entries()].sort(byIndex).map(([, log]) => log),
    processID,
    warnings: null,
  };
}

/** `event_name:0`, `event_time_unix_nano:0`, `event_attr:rows:0` → log 0's fields. */
function addEventField(logs: Map<string, { timestamp: number; fields: JaegerTag[] }>, name: string, value: string): void {
  const [key, index] = splitIndex(name);
  if (index === null) return;
  const log = logs.get(index) ?? { timestamp: 0, fields: [] };
  logs.set(index, log);
  if (key === 'event_time_unix_nano') log.timestamp = micros(value);
  else if (key === 'event_name') log.fields.unshift(tag('event', value));
  else if (key.startsWith('event_attr:')) log.fields.push(tag(key.slice('event_attr:'.length), value));
}

function addLinkField(links: Map<string, JaegerReference>, name: string, value: string): void {
  const [key, index] = splitIndex(name);
  if (index === null) return;
  const link = links.get(index) ?? { refType: 'FOLLOWS_FROM', traceID: '', spanID: '' };
  links.set(index, link);
  if (key === 'link_trace_id') link.traceID = value;
  else if (key === 'link_span_id') link.spanID = value;
  else if (key === 'link_attr:opentracing.ref_type' && value === 'child_of') link.refType = 'CHILD_OF';
}

function splitIndex(name: string): [string, string | null] {
  const colon = name.lastIndexOf(':');
  const index = name.slice(colon + 1);
  return colon > 0 && /^\d+$/u.test(index) ? [name.slice(0, colon), index] : [name, null];
}

function byIndex([a]: [string, unknown], [b]: [string, unknown]): number {
  return Number(a) - Number(b);
}

/** Nanoseconds (a decimal string) → whole microseconds, as Jaeger counts time. */
function micros(nanos: string | undefined): number {
  return /^\d+$/u.test(nanos ?? '') ? Number(BigInt(nanos ?? '0') / 1000n) : 0;
}

function tag(key: string, value: string): JaegerTag {
  return { key, type: 'string', value };
}
