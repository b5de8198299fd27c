/**
 * Span rows in VictoriaTraces' data model, the way VictoriaTraces and the traces bridge
 * store them, for seeding a traces store in tests (the env tests send real spans).
 */

export interface SeedSpan {
  trace: string;
  span: string;
  parent?: string;
  name: string;
  service?: string;
  kind?: number;
  /** Offset of the start from the trace's base time, and duration, in ms. */
  startMs: number;
  durationMs: number;
  error?: string;
  attrs?: Record<string, string>;
  exception?: string;
}

export const TRACE_STREAM_FIELDS = ['resource_attr:service.name', 'name'];

export function spanRows(base: number, spans: SeedSpan[]): Array<Record<string, string>> {
  return spans.map((s) => {
    const start = BigInt(base + s.startMs) * 1_000_000n;
    const duration = BigInt(Math.round(s.durationMs * 1e6));
    const end = start + duration;
    const row: Record<string, string> = {
      _time: new Date(Number(end / 1_000_000n)).toISOString(),
      _msg: '-',
      trace_id: s.trace.padEnd(32, '0'),
      span_id: s.span.padEnd(16, '0'),
      name: s.name,
      kind: String(s.kind ?? 1),
      start_time_unix_nano: String(start),
      end_time_unix_nano: String(end),
      duration: String(duration),
      status_code: s.error ? '2' : '0',
      'resource_attr:service.name': s.service ?? 'ref-app',
      scope_name: 'test',
    };
    if (s.parent) row.parent_span_id = s.parent.padEnd(16, '0');
    if (s.error) row.status_message = s.error;
    for (const [k, v] of Object.entries(s.attrs ?? {})) row[`span_attr:${k}`] = v;
    if (s.exception) {
      row['event:event_name:0'] = 'exception';
      row['event:event_time_unix_nano:0'] = String(end);
      row['event:event_attr:exception.message:0'] = s.exception;
      row['event:event_attr:exception.type:0'] = 'Error';
    }
    return row;
  });
}
