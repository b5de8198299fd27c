import { SPAN_KINDS, type SpanEvent, type SpanRecord, type SpanStatus } from '../types/spans.js';
import type { StoreTarget } from '../types/telemetry-env.js';
import { LogsStore, type LogRow, type WindowParams } from './logs-store.js';

/**
 * Spans over LogsQL: VictoriaTraces and the fallback traces store (a VictoriaLogs fed by
 * the traces bridge) both answer `/select/logsql/query` with one row per span, in
 * VictoriaTraces' field names. Index rows VictoriaTraces keeps for trace ids have no
 * span_id, so every query asks for `span_id:*`.
 */

export const SPAN_ROWS = 'span_id:*';

const STATUS: Record<string, SpanStatus> = { '0': 'unset', '1': 'ok', '2': 'error' };

export class SpansStore {
  readonly logs: LogsStore;

  constructor(target: StoreTarget) {
    this.logs = new LogsStore(target);
  }

  get target(): StoreTarget {
    return this.logs.target;
  }

  async spans(filter: string, options: WindowParams & { limit?: number } = {}): Promise<SpanRecord[]> {
    const rows = await this.logs.query(`${SPAN_ROWS} ${filter}`, options);
    return rows.map(toSpan);
  }

  forceFlush(): Promise<void> {
    return this.logs.forceFlush();
  }
}

/** One row in VictoriaTraces' data model to a span. */
export function toSpan(row: LogRow): SpanRecord {
  const attributes: Record<string, string> = {};
  const resource: Record<string, string> = {};
  const events = new Map<number, SpanEvent>();
  for (const [key, value] of Object.entries(row)) {
    if (key.startsWith('span_attr:')) attributes[key.slice('span_attr:'.length)] = value;
    else if (key.startsWith('resource_attr:')) resource[key.slice('resource_attr:'.length)] = value;
    else if (key.startsWith('event:')) addEventField(events, key.slice('event:'.length), value);
  }
  const kindIndex = Number(row.kind ?? 0);
  const start = row.start_time_unix_nano ?? '0';
  const end = row.end_time_unix_nano ?? start;
  const durationNs = row.duration !== undefined ? Number(row.duration) : Number(BigInt(end) - BigInt(start));
  return {
    traceId: row.trace_id ?? '',
    spanId: row.span_id ?? '',
    parentSpanId: row.parent_span_id ?? '',
    name: row.name ?? '',
    service: resource['service.name'] ?? '',
    kind: SPAN_KINDS[kindIndex] ?? 'unspecified',
    start,
    end,
    durationMs: durationNs / 1e6,
    status: STATUS[row.status_code ?? '0'] ?? 'unset',
    statusMessage: row.status_message ?? '',
    attributes,
    resource,
    events: [...events.entries()].sort(([a], [b]) => a - b).map(([, e]) => e),
  };
}

/**
 * Event fields carry their index either as `event:<i>:event_name` (VictoriaTraces' docs)
 * or `event:event_name:<i>` (its ingestion code and the traces bridge); both are read.
 */
function addEventField(events: Map<number, SpanEvent>, rest: string, value: string): void {
  let index: number;
  let name: string;
  const leading = /^(\d+):(.*)$/.exec(rest);
  const trailing = /^(.*):(\d+)$/.exec(rest);
  if (leading) {
    index = Number(leading[1]);
    name = leading[2]!;
  } else if (trailing) {
    index = Number(trailing[2]);
    name = trailing[1]!;
  } else return;
  const event = events.get(index) ?? { name: '', time: '0', attributes: {} };
  if (name === 'event_name') event.name = value;
  else if (name === 'event_time_unix_nano') event.time = value;
  else if (name.startsWith('event_attr:')) event.attributes[name.slice('event_attr:'.length)] = value;
  events.set(index, event);
}
