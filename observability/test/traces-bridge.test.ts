import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { context, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { resources, tracing } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { startTracesBridge, type TracesBridge } from '../src/bridge/index.js';
import { startStore, type RunningStore } from './helpers/stores.js';

/** Rows of a LogsQL query, parsed from the JSON lines VictoriaLogs answers with. */
async function logsql(baseUrl: string, query: string): Promise<Array<Record<string, string>>> {
  const response = await fetch(`${baseUrl}/select/logsql/query?query=${encodeURIComponent(query)}`);
  expect(response.status).toBe(200);
  const text = await response.text();
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed !== 'object' || parsed === null) throw new Error(`not a row: ${line}`);
      return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
    });
}

// Spans sent by the real OTel SDK exporter go through the bridge into a real VictoriaLogs
// and are found by LogsQL with VictoriaTraces' field names.
describe('the traces bridge', () => {
  let vl: RunningStore;
  let bridge: TracesBridge;

  beforeAll(async () => {
    vl = await startStore('victoria-logs');
    bridge = await startTracesBridge({ port: 0, victoriaLogsUrl: vl.url, resource: { 'harness.worktree': '/work/wt/demo' } });
  }, 600_000);
  afterAll(async () => {
    await bridge?.close();
    await vl?.stop();
  });

  it('stores OTel SDK spans queryable by trace_id with parent links, durations and VictoriaTraces fields', async () => {
    const exporter = new OTLPTraceExporter({ url: bridge.tracesEndpoint });
    const provider = new tracing.BasicTracerProvider({
      resource: resources.resourceFromAttributes({ 'service.name': 'bridge-test', 'deployment.environment': '' }),
      spanProcessors: [new tracing.SimpleSpanProcessor(exporter)],
    });
    const tracer = provider.getTracer('bridge-scope', '0.1.0');
    const t0 = Date.now();
    const parent = tracer.startSpan('GET /api/tasks', { kind: SpanKind.SERVER, startTime: t0, attributes: { 'http.route': '/api/tasks', 'http.response.status_code': 200 } });
    const child = tracer.startSpan(
      'SELECT tasks',
      { kind: SpanKind.CLIENT, startTime: t0 + 10, attributes: { 'db.statement': 'select *', tags: ['a', 'b'] } },
      trace.setSpan(context.active(), parent),
    );
    child.addEvent('rows read', { rows: 3 }, t0 + 20);
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'timeout' });
    child.end(t0 + 35);
    parent.end(t0 + 50);
    await provider.forceFlush();
    await provider.shutdown();

    expect((await fetch(`${bridge.url}/internal/force_flush`, { method: 'POST' })).status).toBe(200);
    const traceId = parent.spanContext().traceId;
    const rows = await logsql(bridge.url, `trace_id:${traceId} | sort by (start_time_unix_nano)`);
    expect(rows).toHaveLength(2);
    const [p, c] = rows as [Record<string, string>, Record<string, string>];

    expect(p).toMatchObject({
      _msg: '-',
      _stream: '{name="GET /api/tasks",resource_attr:service.name="bridge-test"}',
      trace_id: traceId,
      span_id: parent.spanContext().spanId,
      name: 'GET /api/tasks',
      kind: '2',
      status_code: '0',
      duration: '50000000',
      start_time_unix_nano: `${t0}000000`,
      end_time_unix_nano: `${t0 + 50}000000`,
      scope_name: 'bridge-scope',
      scope_version: '0.1.0',
      'resource_attr:service.name': 'bridge-test',
      'resource_attr:deployment.environment': '-',
      'resource_attr:harness.worktree': '/work/wt/demo',
      'span_attr:http.route': '/api/tasks',
      'span_attr:http.response.status_code': '200',
    });
    expect(p.parent_span_id).toBeUndefined();
    expect(new Date(p._time ?? '').getTime()).toBe(t0 + 50);

    expect(c).toMatchObject({
      parent_span_id: p.span_id,
      kind: '3',
      duration: '25000000',
      status_code: '2',
      status_message: 'timeout',
      'span_attr:tags': '["a","b"]',
      'event:event_name:0': 'rows read',
      'event:event_time_unix_nano:0': `${t0 + 20}000000`,
      'event:event_attr:rows:0': '3',
    });

    // The queries a trace tool runs work the same way: by stream, by duration.
    const slow = await logsql(bridge.url, `{resource_attr:service.name="bridge-test"} duration:>30000000`);
    expect(slow.map((r) => r.name)).toEqual(['GET /api/tasks']);
    const errors = await logsql(bridge.url, `{name="SELECT tasks"} status_code:2`);
    expect(errors.map((r) => r.span_id)).toEqual([c.span_id]);
  });

  it('answers what it cannot do with a clear status: JSON bodies, the Tempo API, unknown paths', async () => {
    const json = await fetch(bridge.tracesEndpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
    expect(await json.text()).toContain('OTLP protobuf only');
    const tempo = await fetch(`${bridge.url}/select/tempo/api/search`);
    expect(tempo.status).toBe(501);
    expect(await tempo.text()).toContain('need the real VictoriaTraces binary');
    const garbage = await fetch(bridge.tracesEndpoint, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: 'not protobuf at all' });
    expect(garbage.status).toBe(400);
    expect((await fetch(`${bridge.url}/health`)).status).toBe(200);
  });
});
