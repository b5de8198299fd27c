/** The traces bridge: VictoriaTraces' ingestion and data model on top of VictoriaLogs. */
export { startTracesBridge, TRACES_PATH, type TracesBridge, type TracesBridgeOptions } from './traces-bridge.js';
export { spanToRow, TRACE_STREAM_FIELDS, type SpanRow } from './span-rows.js';
