import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { context, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { resources, tracing } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { startTracesBridge, type TracesBridge } from '../src/bridge/index.js';
import { startStore, type RunningStore } from './helpers/stores.js';

interface Envelope {
  data: unknown;
  total: number;
  errors: Array<{ code: number; msg: string }> | null;
}

interface Tag {
  key: string;
  value: string;
}

interface Span {
  traceID: string;
  spanID: string;
  operationName: string;
  references: Array<{ refType: string; traceID: string; spanID: string }>;
  startTime: number;
  duration: number;
  tags: Tag[];
  logs: Array<{ timestamp: number; fields: Tag[] }>;
  processID: string;
}

interface Trace {
  traceID: string;
  spans: Span[];
  processes: Record<string, { serviceName: string; tags: Tag[] }>;
}

const tagsOf = (tags: Tag[]): Record<string, string> => Object.fromEntries(tags.map((t) => [t.key, t.value]));

// Spans from the real OTel SDK exporter go through the bridge into a real VictoriaLogs;
// the Jaeger query API under /select/jaeger (what VM_TRACES_URL points at) gives them back.
describe('the traces bridge Jaeger API', () => {
  let vl: RunningStore;
  let bridge: TracesBridge;
  let jaeger: string;
  const t0 = Date.now() - 5_000;
  let tasksTrace = '';
  let healthTrace = '';
  const ids: Record<string, string> = {};

  async function get(path: string): Promise<{ status: number; body: Envelope }> {
    const response = await fetch(`${jaeger}${path}`);
    expect(response.headers.get('content-type')).toBe('application/json');
    const body: unknown = await response.json();
    if (typeof body !== 'object' || body === null || !('data' in body) || !('errors' in body)) throw new Error(`not a Jaeger envelope: ${JSON.stringify(body)}`);
    return { status: response.status, body: body as Envelope };
  }

  async function traces(query: string): Promise<Trace[]> {
    const { status, body } = await get(`/api/traces?${query}`);
    expect(body.errors).toBeNull();
    expect(status).toBe(200);
    return body.data as Trace[];
  }

  beforeAll(async () => {
    vl = await startStore('victoria-logs');
    bridge = await startTracesBridge({ port: 0, victoriaLogsUrl: vl.url, resource: { 'harness.worktree': '/work/wt/demo' } });
    jaeger = `${bridge.url}/select/jaeger`;

    const provider = (service: string): tracing.BasicTracerProvider =>
      new tracing.BasicTracerProvider({
        resource: resources.resourceFromAttributes({ 'service.name': service }),
        spanProcessors: [new tracing.SimpleSpanProcessor(new OTLPTraceExporter({ url: bridge.tracesEndpoint }))],
      });
    const web = provider('bridge-web');
    const worker = provider('bridge-worker');
    const webTracer = web.getTracer('web-scope', '1.2.3');

    const root = webTracer.startSpan('GET /api/tasks', { kind: SpanKind.SERVER, startTime: t0, attributes: { 'http.route': '/api/tasks', 'http.response.status_code': 200 } });
    const inRoot = trace.setSpan(context.active(), root);
    const query = webTracer.startSpan('SELECT tasks', { kind: SpanKind.CLIENT, startTime: t0 + 10, attributes: { 'db.statement': 'select *' } }, inRoot);
    query.addEvent('rows read', { rows: 3 }, t0 + 20);
    query.setStatus({ code: SpanStatusCode.ERROR, message: 'timeout' });
    query.end(t0 + 35);
    const job = worker.getTracer('worker-scope').startSpan('index tasks', { kind: SpanKind.CONSUMER, startTime: t0 + 36 }, inRoot);
    job.end(t0 + 45);
    root.end(t0 + 50);
    const health = webTracer.startSpan('GET /health', { kind: SpanKind.SERVER, startTime: t0 + 100, attributes: { 'http.route': '/health' } });
    health.end(t0 + 102);

    await Promise.all([web.shutdown(), worker.shutdown()]);
    expect((await fetch(`${bridge.url}/internal/force_flush`, { method: 'POST' })).status).toBe(200);
    tasksTrace = root.spanContext().traceId;
    healthTrace = health.spanContext().traceId;
    Object.assign(ids, { root: root.spanContext().spanId, query: query.spanContext().spanId, job: job.spanContext().spanId });
  }, 600_000);
  afterAll(async () => {
    await bridge?.close();
    await vl?.stop();
  });

  it('lists services and their operations, with span kinds on /api/operations', async () => {
    expect((await get('/api/services')).body).toMatchObject({ data: ['bridge-web', 'bridge-worker'], total: 2, errors: null });
    expect((await get('/api/services/bridge-web/operations')).body).toMatchObject({ data: ['GET /api/tasks', 'GET /health', 'SELECT tasks'], total: 3 });
    expect((await get('/api/operations?service=bridge-web&spanKind=server')).body.data).toEqual([
      { name: 'GET /api/tasks', spanKind: 'server' },
      { name: 'GET /health', spanKind: 'server' },
    ]);
    expect((await get('/api/operations?service=bridge-worker')).body.data).toEqual([{ name: 'index tasks', spanKind: 'consumer' }]);
  });

  it('returns a trace by id: spans, parent references, µs times, tags, logs, one process per service', async () => {
    const { status, body } = await get(`/api/traces/${tasksTrace}`);
    expect(status).toBe(200);
    const [found] = body.data as Trace[];
    expect(found?.traceID).toBe(tasksTrace);
    const spans = Object.fromEntries((found?.spans ?? []).map((s) => [s.operationName, s]));
    expect(Object.keys(spans)).toEqual(['GET /api/tasks', 'SELECT tasks', 'index tasks']);
    const root = spans['GET /api/tasks'];
    const query = spans['SELECT tasks'];
    const job = spans['index tasks'];

    expect(root).toMatchObject({ spanID: ids.root, references: [], flags: 1, startTime: t0 * 1000, duration: 50_000 });
    expect(tagsOf(root?.tags ?? [])).toMatchObject({
      'span.kind': 'server',
      error: 'unset',
      'http.route': '/api/tasks',
      'http.response.status_code': '200',
      'otel.scope.name': 'web-scope',
      'otel.scope.version': '1.2.3',
    });
    expect(query).toMatchObject({ references: [{ refType: 'CHILD_OF', traceID: tasksTrace, spanID: ids.root }], startTime: (t0 + 10) * 1000, duration: 25_000 });
    expect(tagsOf(query?.tags ?? [])).toMatchObject({ 'span.kind': 'client', error: 'true', 'otel.status_description': 'timeout', 'db.statement': 'select *' });
    expect(query?.logs).toEqual([
      {
        timestamp: (t0 + 20) * 1000,
        fields: [
          { key: 'event', type: 'string', value: 'rows read' },
          { key: 'rows', type: 'string', value: '3' },
        ],
      },
    ]);
    expect(job?.references).toEqual([{ refType: 'CHILD_OF', traceID: tasksTrace, spanID: ids.root }]);

    expect(root?.processID).toBe(query?.processID);
    expect(job?.processID).not.toBe(root?.processID);
    expect(found?.processes[root?.processID ?? '']).toEqual({
      serviceName: 'bridge-web',
      tags: [{ key: 'harness.worktree', type: 'string', value: '/work/wt/demo' }],
    });
    expect(found?.processes[job?.processID ?? '']?.serviceName).toBe('bridge-worker');
    // Jaeger reads ids without leading zeros or in upper case too.
    expect((await get(`/api/traces/${tasksTrace.toUpperCase()}`)).status).toBe(200);
  });

  it('searches traces by service, operation, tags, duration, window and limit, newest first', async () => {
    const all = await traces('service=bridge-web');
    expect(all.map((t) => t.traceID)).toEqual([healthTrace, tasksTrace]);
    // A trace found through one span comes back whole, other services included.
    expect(all[1]?.spans).toHaveLength(3);

    const ofTrace = async (query: string): Promise<string[]> => (await traces(query)).map((t) => t.traceID);
    expect(await ofTrace('service=bridge-web&operation=GET%20%2Fhealth')).toEqual([healthTrace]);
    expect(await ofTrace(`service=bridge-web&tags=${encodeURIComponent('{"http.route":"/api/tasks"}')}`)).toEqual([tasksTrace]);
    expect(await ofTrace(`service=bridge-web&tags=${encodeURIComponent('{"error":"true"}')}`)).toEqual([tasksTrace]);
    expect(await ofTrace('service=bridge-web&tag=span.kind:client')).toEqual([tasksTrace]);
    expect(await ofTrace('service=bridge-web&minDuration=40ms')).toEqual([tasksTrace]);
    expect(await ofTrace('service=bridge-web&maxDuration=5ms')).toEqual([healthTrace]);
    expect(await ofTrace('service=bridge-web&limit=1')).toEqual([healthTrace]);
    expect(await ofTrace('service=bridge-worker')).toEqual([tasksTrace]);
    const before = (t0 - 60_000) * 1000;
    expect(await ofTrace(`service=bridge-web&start=${before - 60_000_000}&end=${before}`)).toEqual([]);
    expect(await ofTrace(`service=bridge-web&start=${before}&end=${(t0 + 60_000) * 1000}&lookback=1h`)).toHaveLength(2);
    expect(await ofTrace('service=bridge-web&lookback=1h')).toHaveLength(2);
  });

  it('derives service dependencies from parent links across services in the window', async () => {
    expect((await get('/api/dependencies')).body).toMatchObject({ data: [{ parent: 'bridge-web', child: 'bridge-worker', callCount: 1 }], total: 1, errors: null });
    expect((await get(`/api/dependencies?endTs=${t0 - 60_000}&lookback=3600000`)).body.data).toEqual([]);
  });

  it('answers bad parameters with 400 in Jaeger error shape, saying what, why and the fix', async () => {
    const cases: Array<[string, string]> = [
      ['/api/traces?service=bridge-web&minDuration=fast', 'minDuration=fast is not a duration'],
      ['/api/traces?operation=x', 'the service parameter is missing'],
      ['/api/traces?service=bridge-web&limit=many', 'limit=many is not a trace count'],
      ['/api/traces?service=bridge-web&start=yesterday', 'start=yesterday is not a timestamp'],
      ['/api/traces?service=bridge-web&tags=http.route%3D%2F', 'is not a JSON object of strings'],
      ['/api/traces/not-a-trace-id', 'trace id not-a-trace-id is not a trace id'],
      ['/api/operations?service=bridge-web&spanKind=sideways', 'spanKind=sideways is not a span kind'],
      ['/api/dependencies?endTs=soon', 'endTs=soon is not a number of milliseconds'],
    ];
    for (const [path, what] of cases) {
      const { status, body } = await get(path);
      expect(status, path).toBe(400);
      expect(body.data).toBeNull();
      expect(body.errors?.[0]?.code).toBe(400);
      expect(body.errors?.[0]?.msg).toContain(what);
      expect(body.errors?.[0]?.msg, 'each message says the fix').toMatch(/Give|Add/u);
    }
    const missing = await get(`/api/traces/${'0'.repeat(31)}1`);
    expect(missing.status).toBe(404);
    expect(missing.body.errors?.[0]?.msg).toContain('not found');
  });
});
