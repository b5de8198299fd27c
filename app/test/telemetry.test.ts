import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The app's telemetry, exported over OTLP/HTTP protobuf to a real local receiver that
// decodes it (observability/src/otlp): server and db spans continuing the caller's trace,
// the HTTP duration histogram, the tasks counter, the startup span and gauge, and logs
// with trace context. Also: SIGUSR2 and SIGTERM flush everything, even with long
// export intervals.
import { startOtlpReceiver, type OtlpReceiver } from '@agent-harness/observability/otlp/receiver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAll, removeTempDataDir, startApp, type RunningApp } from './helpers/app-process.js';
import { request } from './helpers/http.js';

let receiver: OtlpReceiver;
const started: RunningApp[] = [];

beforeAll(async () => {
  receiver = await startOtlpReceiver({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  for (const app of started) await app.stop();
  killAll();
  for (const app of started) removeTempDataDir(app.dataDir);
  await receiver?.close();
});

function exportingEnv(worktree: string, delays: { spans: number; logs: number; metrics: number }): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.endpoints.traces,
    OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: receiver.endpoints.metrics,
    OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: receiver.endpoints.logs,
    OTEL_RESOURCE_ATTRIBUTES: `harness.worktree=${worktree}`,
    OTEL_BSP_SCHEDULE_DELAY: String(delays.spans),
    OTEL_BLRP_SCHEDULE_DELAY: String(delays.logs),
    OTEL_METRIC_EXPORT_INTERVAL: String(delays.metrics),
  };
}

async function start(env: Record<string, string>): Promise<RunningApp> {
  const app = await startApp({ env });
  started.push(app);
  return app;
}

const of = (worktree: string) => (record: { resource: Record<string, unknown> }) => record.resource['harness.worktree'] === worktree;

describe('OTLP export', () => {
  const worktree = 'wt-export';
  const traceId = '0af7651916cd43dd8448eb211c80319c';
  const parentSpanId = 'b7ad6b7169203331';
  let app: RunningApp;

  beforeAll(async () => {
    // metrics every 2 s: a shorter interval is also the export timeout, which a busy machine can miss (a warning)
    app = await start(exportingEnv(worktree, { spans: 100, logs: 100, metrics: 2000 }));
    const created = await request(app.url, '/api/tasks', {
      method: 'POST',
      json: { title: 'secret title', priority: 'high' },
      headers: { traceparent: `00-${traceId}-${parentSpanId}-01` },
    });
    expect(created.status).toBe(201);
    expect((await request(app.url, '/api/tasks', { method: 'POST', json: {} })).status).toBe(422);
  });

  it('exports a server span that continues the incoming trace, with the HTTP attributes', async () => {
    const span = await receiver.waitFor(() => receiver.spans.find((s) => s.traceId === traceId && s.kind === 'server'), { what: 'the server span' });
    expect(span.name).toBe('POST /api/tasks');
    expect(span.parentSpanId).toBe(parentSpanId);
    expect(span.attributes).toMatchObject({
      'http.request.method': 'POST',
      'url.path': '/api/tasks',
      'http.route': '/api/tasks',
      'http.response.status_code': 201,
    });
    expect(span.status.code).toBe('unset');
    expect(span.resource).toMatchObject({ 'service.name': 'reference-app', 'service.version': '0.1.0', 'harness.worktree': worktree });
    expect(span.attributes).not.toHaveProperty('harness.journey');
  });

  it("copies the harness's journey from the baggage header onto the server span, and nothing else of the baggage", async () => {
    const journeyTrace = '1af7651916cd43dd8448eb211c80319c';
    const reply = await request(app.url, '/api/tasks', {
      headers: { traceparent: `00-${journeyTrace}-${parentSpanId}-01`, baggage: 'session=secret-token, harness.journey=add%20task;origin=harness' },
    });
    expect(reply.status).toBe(200);
    const span = await receiver.waitFor(() => receiver.spans.find((s) => s.traceId === journeyTrace && s.kind === 'server'), { what: 'the journey request span' });
    expect(span.attributes['harness.journey']).toBe('add task');
    expect(JSON.stringify(receiver.spans.filter((s) => s.traceId === journeyTrace))).not.toContain('secret-token');
  });

  it('exports a db span per statement under the server span, with the SQL but no values', async () => {
    const server = await receiver.waitFor(() => receiver.spans.find((s) => s.traceId === traceId && s.kind === 'server'));
    const insert = await receiver.waitFor(() => receiver.spans.find((s) => s.traceId === traceId && s.name === 'INSERT tasks'), { what: 'the INSERT span' });
    expect(insert.kind).toBe('client');
    expect(insert.parentSpanId).toBe(server.spanId);
    expect(insert.attributes).toMatchObject({ 'db.system.name': 'sqlite', 'db.operation.name': 'INSERT', 'db.collection.name': 'tasks' });
    expect(String(insert.attributes['db.query.text'])).toContain('VALUES (?, ?, ?, 0, ?, ?)');
    const all = receiver.spans.filter((s) => s.traceId === traceId);
    expect(all.map((s) => JSON.stringify(s.attributes)).join()).not.toContain('secret title');
    expect(all.some((s) => s.name === 'SELECT tasks')).toBe(true);
  });

  it('exports the startup span, parent of the migrations, and the startup gauge', async () => {
    const startup = await receiver.waitFor(() => receiver.spans.find((s) => s.name === 'app.startup' && of(worktree)(s)), { what: 'app.startup' });
    expect(startup.durationMs).toBeGreaterThan(0);
    const migrations = receiver.spans.filter((s) => s.parentSpanId === startup.spanId && s.name.startsWith('CREATE'));
    expect(migrations.map((s) => s.name).sort()).toEqual([
      'CREATE INDEX tasks',
      'CREATE TABLE schema_migrations',
      'CREATE TABLE schema_migrations',
      'CREATE TABLE settings',
      'CREATE TABLE tasks',
    ]);
    expect(migrations.every((s) => s.attributes['db.system.name'] === 'sqlite')).toBe(true);
    const gauge = await receiver.waitFor(() => receiver.metrics.find((m) => m.name === 'app.startup.duration' && of(worktree)(m)), { what: 'app.startup.duration' });
    expect(gauge).toMatchObject({ type: 'gauge', unit: 's' });
    const seconds = gauge.points[0]?.value ?? 0;
    expect(seconds).toBeGreaterThan(0);
    expect(seconds * 1000).toBeCloseTo(startup.durationMs, -2);
  });

  it('exports the HTTP duration histogram per route and status', async () => {
    const point = await receiver.waitFor(
      () =>
        receiver.metrics
          .filter((m) => m.name === 'http.server.request.duration' && of(worktree)(m))
          .flatMap((m) => m.points.map((p) => ({ metric: m, point: p })))
          .find(({ point: p }) => p.attributes['http.route'] === '/api/tasks' && p.attributes['http.response.status_code'] === 422),
      { what: 'the duration histogram point of the 422' },
    );
    expect(point.metric).toMatchObject({ type: 'histogram', unit: 's', temporality: 'cumulative' });
    expect(point.point.attributes['http.request.method']).toBe('POST');
    expect(point.point.count).toBeGreaterThanOrEqual(1);
    expect(point.point.explicitBounds?.[0]).toBe(0.005);
    expect(point.point.sum).toBeGreaterThan(0);
    expect(point.point.sum).toBeLessThan(5);
  });

  it('counts created tasks', async () => {
    const counter = await receiver.waitFor(() => receiver.metrics.find((m) => m.name === 'tasks.created' && of(worktree)(m)), { what: 'tasks.created' });
    expect(counter).toMatchObject({ type: 'sum', isMonotonic: true, unit: '{task}' });
    expect(counter.points).toContainEqual(expect.objectContaining({ value: 1, attributes: { 'task.priority': 'high' } }));
  });

  it('exports structured logs carrying the trace context', async () => {
    const created = await receiver.waitFor(() => receiver.logs.find((l) => l.body === 'task created' && l.traceId === traceId), { what: 'the "task created" log' });
    expect(created.severityText).toBe('INFO');
    expect(created.attributes).toMatchObject({ 'task.priority': 'high' });
    expect(created.attributes['task.id']).toEqual(expect.any(Number));
    expect(created.resource['harness.worktree']).toBe(worktree);
    const rejected = await receiver.waitFor(
      () => receiver.logs.find((l) => l.body === 'request handled' && of(worktree)(l) && l.attributes['http.response.status_code'] === 422),
      { what: 'the access log of the 422' },
    );
    expect(rejected.attributes['error.what']).toBe('invalid task: title');
    expect(rejected.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(receiver.logs.some((l) => l.body === 'app started' && of(worktree)(l))).toBe(true);
    expect(receiver.rejected).toEqual([]);
    expect(app.stderr()).toBe('');
  });
});

describe('endpoints', () => {
  it('sends each signal to BASE/v1/<signal> when only OTEL_EXPORTER_OTLP_ENDPOINT is set', async () => {
    const worktree = 'wt-base';
    const base = receiver.endpoints.traces.replace(/\/v1\/traces$/, '');
    const app = await start({
      OTEL_EXPORTER_OTLP_ENDPOINT: `${base}/`,
      OTEL_RESOURCE_ATTRIBUTES: `harness.worktree=${worktree}`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_BLRP_SCHEDULE_DELAY: '100',
      OTEL_METRIC_EXPORT_INTERVAL: '2000',
    });
    await request(app.url, '/api/tasks', { method: 'POST', json: { title: 'via the base endpoint' } });
    await receiver.waitFor(() => receiver.spans.find((s) => of(worktree)(s) && s.name === 'POST /api/tasks'), { what: 'the span' });
    await receiver.waitFor(() => receiver.metrics.find((m) => of(worktree)(m) && m.name === 'tasks.created'), { what: 'the counter' });
    await receiver.waitFor(() => receiver.logs.find((l) => of(worktree)(l) && l.body === 'task created'), { what: 'the log' });
    expect(app.stderr()).toBe('');
  });

  it('says on stderr, once, that exports fail when the endpoint is dead, and keeps serving', async () => {
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const address = dead.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    await new Promise((resolve) => dead.close(resolve));
    const app = await start({
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      OTEL_BSP_SCHEDULE_DELAY: '50',
      OTEL_BLRP_SCHEDULE_DELAY: '50',
      OTEL_METRIC_EXPORT_INTERVAL: '200',
    });
    for (let i = 0; i < 5; i += 1) {
      expect((await request(app.url, '/api/tasks', { method: 'POST', json: { title: `dropped ${i}` } })).status).toBe(201);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await receiver.waitFor(() => app.stderr().includes('warning: telemetry:'), { what: 'the warning on stderr' });
    const lines = app.stderr().trim().split('\n');
    expect(lines).toHaveLength(1); // rate-limited: many failed exports, one line
    expect(lines[0]).toMatch(/^warning: telemetry: .*export.*; why: that telemetry is dropped; fix: .+/);
    expect((await request(app.url, '/healthz')).status).toBe(200);
  });
});

/** Resolves with the file's content once it exists and differs from `previous`. */
async function waitForFile(path: string, previous?: string): Promise<string> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const content = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (content !== undefined && content !== previous) return content;
    if (Date.now() > deadline) throw new Error(`${path} was not (re)written within 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('flushing', () => {
  const never = { spans: 600_000, logs: 600_000, metrics: 600_000 };

  it('exports everything on SIGUSR2 despite long export intervals, then acknowledges in HARNESS_OTEL_FLUSH_ACK', async () => {
    const worktree = 'wt-usr2';
    const ack = join(mkdtempSync(join(tmpdir(), 'app-ack-')), 'otel-flush-ack');
    const app = await start({ ...exportingEnv(worktree, never), OTEL_SERVICE_NAME: 'renamed-app', HARNESS_OTEL_FLUSH_ACK: ack });
    const atStart = await waitForFile(ack);
    await request(app.url, '/api/tasks', { method: 'POST', json: { title: 'flush me' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.spans.filter(of(worktree))).toEqual([]);

    process.kill(app.pid, 'SIGUSR2');
    await waitForFile(ack, atStart);
    // The acknowledgement comes after the exports were answered: everything is there now.
    const span = receiver.spans.find((s) => of(worktree)(s) && s.name === 'POST /api/tasks');
    expect(span?.resource['service.name']).toBe('renamed-app');
    expect(receiver.metrics.some((m) => of(worktree)(m) && m.name === 'tasks.created')).toBe(true);
    expect(receiver.logs.some((l) => of(worktree)(l) && l.body === 'task created')).toBe(true);
  });

  it('exports everything on SIGTERM before exiting 0', async () => {
    const worktree = 'wt-term';
    const app = await start(exportingEnv(worktree, never));
    await request(app.url, '/api/tasks', { method: 'POST', json: { title: 'last words' } });
    expect(await app.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(receiver.spans.some((s) => of(worktree)(s) && s.name === 'POST /api/tasks')).toBe(true);
    expect(receiver.metrics.some((m) => of(worktree)(m) && m.name === 'http.server.request.duration')).toBe(true);
    expect(receiver.logs.some((l) => of(worktree)(l) && l.body === 'app stopped')).toBe(true);
  });
});
