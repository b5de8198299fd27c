import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tracing, metrics, logs, resources } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { startOtlpReceiver, type OtlpReceiver } from '../src/otlp/receiver.js';

// The real OTel JS exporters send protobuf to the receiver, which decodes it for real.
describe('OTLP receiver', () => {
  let receiver: OtlpReceiver;
  const resource = resources.resourceFromAttributes({ 'service.name': 'receiver-test', 'harness.env': 'wt-1' });

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });

  it('decodes spans with ids, parentage, kind, status, attributes and resource', async () => {
    const provider = new tracing.BasicTracerProvider({
      resource,
      spanProcessors: [new tracing.SimpleSpanProcessor(new OTLPTraceExporter({ url: receiver.endpoints.traces }))],
    });
    const tracer = provider.getTracer('test-scope', '1.2.3');
    const parent = tracer.startSpan('GET /api/tasks', { kind: 1, attributes: { 'http.response.status_code': 500, 'url.path': '/api/tasks' } });
    const { trace, context } = await import('@opentelemetry/api');
    const child = tracer.startSpan('db.select', { attributes: { retried: true, ratio: 0.5 } }, trace.setSpan(context.active(), parent));
    child.addEvent('row read', { rows: 3 });
    child.setStatus({ code: 2, message: 'constraint failed' });
    child.end();
    parent.end();
    await provider.forceFlush();

    const spans = await receiver.waitFor(() => receiver.spans.length >= 2 && receiver.spans, { what: 'two spans' });
    const p = spans.find((s) => s.name === 'GET /api/tasks');
    const c = spans.find((s) => s.name === 'db.select');
    expect(p?.kind).toBe('server');
    expect(p?.parentSpanId).toBe('');
    expect(p?.attributes).toEqual({ 'http.response.status_code': 500, 'url.path': '/api/tasks' });
    expect(p?.resource['harness.env']).toBe('wt-1');
    expect(p?.scope).toEqual({ name: 'test-scope', version: '1.2.3' });
    expect(c?.traceId).toBe(p?.traceId);
    expect(c?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(c?.parentSpanId).toBe(p?.spanId);
    expect(c?.status).toEqual({ code: 'error', message: 'constraint failed' });
    expect(c?.attributes).toEqual({ retried: true, ratio: 0.5 });
    expect(c?.events[0]).toMatchObject({ name: 'row read', attributes: { rows: 3 } });
    expect(c?.durationMs).toBeGreaterThanOrEqual(0);
    await provider.shutdown();
  });

  it('decodes counters and histograms with their points', async () => {
    const reader = new metrics.PeriodicExportingMetricReader({
      exporter: new OTLPMetricExporter({ url: receiver.endpoints.metrics }),
      exportIntervalMillis: 60_000,
    });
    const provider = new metrics.MeterProvider({ resource, readers: [reader] });
    const meter = provider.getMeter('test-meter');
    meter.createCounter('tasks.created').add(3, { source: 'api' });
    const histogram = meter.createHistogram('http.server.request.duration', { unit: 's' });
    histogram.record(0.2, { 'http.route': '/api/tasks' });
    histogram.record(0.4, { 'http.route': '/api/tasks' });
    await provider.forceFlush();

    const counter = await receiver.waitFor(() => receiver.metrics.find((m) => m.name === 'tasks.created'), { what: 'the counter' });
    expect(counter.type).toBe('sum');
    expect(counter.isMonotonic).toBe(true);
    expect(counter.temporality).toBe('cumulative');
    expect(counter.points[0]).toMatchObject({ value: 3, attributes: { source: 'api' } });
    const hist = receiver.metrics.find((m) => m.name === 'http.server.request.duration');
    expect(hist?.type).toBe('histogram');
    expect(hist?.unit).toBe('s');
    expect(hist?.points[0]).toMatchObject({ count: 2, min: 0.2, max: 0.4 });
    expect(hist?.points[0]?.sum).toBeCloseTo(0.6);
    expect(hist?.points[0]?.bucketCounts?.reduce((a, b) => a + b, 0)).toBe(2);
    await provider.shutdown();
  });

  it('decodes log records with severity, body, attributes and trace context', async () => {
    const provider = new logs.LoggerProvider({
      resource,
      processors: [new logs.SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: receiver.endpoints.logs }) })],
    });
    provider.getLogger('test-logger').emit({
      severityNumber: SeverityNumber.ERROR,
      severityText: 'ERROR',
      body: 'constraint failed',
      attributes: { 'task.id': 42, nested: { a: 'b' } },
    });
    await provider.forceFlush();
    const record = await receiver.waitFor(() => receiver.logs.find((l) => l.body === 'constraint failed'), { what: 'the log record' });
    expect(record.severityNumber).toBe(SeverityNumber.ERROR);
    expect(record.severityText).toBe('ERROR');
    expect(record.attributes).toEqual({ 'task.id': 42, nested: { a: 'b' } });
    expect(record.resource['service.name']).toBe('receiver-test');
    await provider.shutdown();
  });

  it('refuses JSON and garbage without crashing, and says why', async () => {
    const json = await fetch(receiver.endpoints.traces, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
    const garbage = await fetch(receiver.endpoints.logs, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]),
    });
    expect(garbage.status).toBe(400);
    expect(receiver.rejected.map((r) => r.path)).toEqual(['/v1/traces', '/v1/logs']);
  });
});
