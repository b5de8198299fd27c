import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LogsStore } from '../../src/domains/telemetry/repo/logs-store.js';
import { startTracesBridge, type TracesBridge } from '@agent-harness/observability/bridge/index';
import { checkTool, logsTool, metricsListTool, metricsTool, traceGetTool, traceSearchTool } from '../../src/domains/telemetry/ui/tools.js';
import type { TraceAnswer } from '../../src/domains/telemetry/service/traces.js';
import { findTraceRecords } from '../../src/domains/telemetry/service/trace-records.js';
import type { LogsAnswer } from '../../src/domains/telemetry/types/answers.js';
import type { TelemetryEnv } from '../../src/domains/telemetry/types/telemetry-env.js';
import { ingestJsonLines, startStore, type RunningStore } from '../support/stores.js';
import { startFixtureApp, type FixtureApp } from './helpers/fixture-app.js';
import { spanRows, TRACE_STREAM_FIELDS } from './helpers/span-rows.js';
import { SPANS } from './helpers/trace-dataset.js';
import { testEnv } from './helpers/env.js';

// An app exporting real OTLP (logs to VictoriaLogs, metrics to VictoriaMetrics) with
// ten-minute batch delays: only the readiness barrier makes its telemetry queryable, and
// then the answers are exact. Budgets are checked against the same stores.
describe('readiness barrier, answers and budgets over real OTLP telemetry', () => {
  let vl: RunningStore;
  let vm: RunningStore;
  let traces: RunningStore;
  let app: FixtureApp;
  let bridge: TracesBridge;
  let env: TelemetryEnv;
  const ctx = (): { cwd: string; env: TelemetryEnv } => ({ cwd: process.cwd(), env });

  beforeAll(async () => {
    [vl, vm, traces] = await Promise.all([startStore('victoria-logs'), startStore('victoria-metrics'), startStore('victoria-logs')]);
    // Spans go through the traces bridge, as in an env where VictoriaTraces is unavailable.
    bridge = await startTracesBridge({ victoriaLogsUrl: traces.url });
    app = await startFixtureApp({ logs: vl.url, metrics: vm.url, traces: bridge.tracesEndpoint });
    env = { ...testEnv({ logs: vl.url, metrics: vm.url, traces: bridge.url }, 'pipeline-env'), appPid: app.pid, flushAck: { path: app.ackFile, declared: true } };
    await ingestJsonLines(traces.url, spanRows(Date.now() - 5 * 60_000, SPANS), TRACE_STREAM_FIELDS);
  });
  afterAll(async () => {
    await app?.stop();
    await bridge?.close();
    await Promise.all([vl?.stop(), vm?.stop(), traces?.stop()]);
  });

  it('makes lines queryable that would not be without it, and answers exactly', async () => {
    await app.emit({ n: 4, tag: 'first' });
    // Without the barrier: even a store flush finds nothing, the app has not exported yet.
    const store = new LogsStore(env.logs);
    await store.forceFlush();
    expect(await store.count('tag:=first', { start: Date.now() - 60_000, end: Date.now() + 1000 })).toBe(0);

    const answer = (await logsTool.run({ query: '{service_name="fixture-app"} | tag="first"', since: '5m' }, ctx())) as LogsAnswer;
    expect(answer.barrier).toMatchObject({ app: 'confirmed', stores: ['VictoriaLogs'] });
    expect(answer.env).toBe('pipeline-env');
    expect(answer.result.kind).toBe('lines');
    if (answer.result.kind !== 'lines') return;
    expect(answer.result.lines.map((l) => l.message)).toEqual(['event 0 of 4', 'event 1 of 4', 'event 2 of 4', 'event 3 of 4']);
    expect(answer.result.common).toMatchObject({ severity: 'INFO', tag: 'first' });
    const text = logsTool.render(answer);
    expect(text.split('\n')[0]).toMatch(/^env pipeline-env · 4 lines · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z → /);
  });

  it('answers a LogQL metric query over the same lines exactly', async () => {
    await app.emit({ n: 2, tag: 'second' });
    const answer = (await logsTool.run({ query: 'sum by (tag) (count_over_time({service_name="fixture-app"}[5m]))' }, ctx())) as LogsAnswer;
    expect(answer.result).toEqual({
      kind: 'series',
      series: [
        { labels: { tag: 'first' }, value: 4 },
        { labels: { tag: 'second' }, value: 2 },
      ],
    });
  });

  it('answers PromQL with the exact counter and histogram values the app recorded', async () => {
    await app.emit({ n: 3, tag: 'metrics' });
    const counter = await metricsTool.run({ query: 'sum(fixture_events_total{tag="metrics"})' }, ctx());
    expect(counter.barrier.app).toBe('confirmed');
    expect(counter.series.map((s) => s.value)).toEqual([3]);
    const histogram = await metricsTool.run({ query: 'sum(fixture_latency_seconds_count{tag="metrics"})' }, ctx());
    expect(histogram.series.map((s) => s.value)).toEqual([3]);
    const sum = await metricsTool.run({ query: 'sum(fixture_latency_seconds_sum{tag="metrics"})' }, ctx());
    expect(sum.series[0]?.value).toBeCloseTo(0.06, 12);
    const range = await metricsTool.run({ query: 'sum by (tag) (fixture_events_total)', range: '2m', step: '10s' }, ctx());
    expect(range.kind).toBe('range');
    expect(range.series.find((s) => s.labels.tag === 'metrics')?.summary?.last).toBe(3);
    const list = await metricsListTool.run({ match: 'fixture' }, ctx());
    expect(list.metrics.find((m) => m.name === 'fixture_events_total')).toMatchObject({ labels: expect.arrayContaining(['tag', 'service_name']) });
  });

  it('finds the span tree of one request, exported as real OTLP through the bridge', async () => {
    const { traceId } = await app.emit({ n: 3, tag: 'spans', fail: 1 });
    const search = await traceSearchTool.run({ operation: 'GET /emit', attrs: ['tag=spans'], since: '5m' }, ctx());
    expect(search.traces.map((t) => [t.traceId, t.root, t.spans, t.errors])).toEqual([[traceId, 'GET /emit', 4, 1]]);
    const trace = (await traceGetTool.run({ traceId }, ctx())) as TraceAnswer;
    const rows = trace.spans.map((n) => [n.span.name, n.depth, n.span.kind, n.span.status, n.span.attributes['db.query.text'] ?? null]);
    // The three children may start within one clock tick: compare them as a set.
    expect(rows[0]).toEqual(['GET /emit', 0, 'server', 'unset', null]);
    expect(rows.slice(1).sort((a, b) => String(a[4]).localeCompare(String(b[4])))).toEqual([
      ['db.query', 1, 'client', 'unset', 'SELECT 0'],
      ['db.query', 1, 'client', 'error', 'SELECT 1'],
      ['db.query', 1, 'client', 'unset', 'SELECT 2'],
    ]);
    expect(traceGetTool.render(trace)).toContain('db.query [client] ✗ ERROR: constraint failed');
  });

  const budgets = [
    { name: 'events in total', promql: 'sum(fixture_events_total)', max: 100 },
    { name: 'events per tag', promql: 'sum by (tag) (fixture_events_total)', max: 3 },
    { name: 'no ERROR log', logs: '{service_name="fixture-app"} | severity="ERROR"', since: '1h' },
    { name: 'no fourth event', logs: '{service_name="fixture-app"} |= "event 3 of"', since: '1h' },
    { name: 'app startup', spans: { name: 'app.startup' }, maxDuration: '800ms', since: '1h' },
    { name: 'journeys under 2 s', spans: { journeys: ['create task', 'complete task'] }, maxDuration: '2s', since: '1h' },
    { name: 'unknown metric', promql: 'sum(no_such_metric_total)', max: 1 },
  ];

  it('checks budgets: passes and failures, each with its query, observed value and worst offenders', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'harness-budgets-'));
    try {
      writeFileSync(join(dir, 'budgets.json'), JSON.stringify({ budgets }));
      const answer = await checkTool.run({ budgets: join(dir, 'budgets.json'), junit: join(dir, 'junit.xml') }, ctx());
      expect(answer.results.map((r) => [r.name, r.passed])).toEqual([
        ['events in total', true],
        ['events per tag', false],
        ['no ERROR log', true],
        ['no fourth event', false],
        ['app startup', true],
        ['journeys under 2 s', false],
        ['unknown metric', false],
      ]);
      expect(checkTool.exitCode(answer)).toBe(1);
      const byName = Object.fromEntries(answer.results.map((r) => [r.name, r]));
      expect(byName['events in total']).toMatchObject({ observedValue: 12, query: 'sum(fixture_events_total)' });
      expect(byName['events per tag']?.offenders).toEqual([{ what: '{tag="first"}', value: '4' }]);
      expect(byName['no fourth event']).toMatchObject({ observedValue: 1, query: 'service.name:="fixture-app" _msg:*"event 3 of"*' });
      expect(byName['no fourth event']?.offenders.map((o) => o.value)).toEqual(['event 3 of 4']);
      expect(byName['app startup']?.observed).toBe('650 ms (slowest of 1 span)');
      const journeys = byName['journeys under 2 s']!;
      expect(journeys.observed).toBe('2.60 s (slowest of 6 spans)');
      expect(journeys.offenders.map((o) => [o.value, o.what.split(' trace ')[0]])).toEqual([
        ['2.60 s', 'POST /api/tasks [ref-app] journey=create task'],
        ['2.50 s', 'db.insert tasks [ref-app]'],
        ['2.47 s', 'sqlite.step [ref-app]'],
      ]);
      expect(byName['unknown metric']?.observed).toContain('no data');
      const text = checkTool.render(answer);
      expect(text).toContain('FAIL  events per tag: observed 4 (worst of 4 series), limit ≤ 3');
      expect(text).toContain('PASS  app startup: observed 650 ms (slowest of 1 span), limit ≤ 800 ms per span');
      expect(text).toContain('4 of 7 budgets failed');
      const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
      expect(junit.match(/<testcase /g)).toHaveLength(7);
      expect(junit.match(/<failure /g)).toHaveLength(4);
      expect(junit).toContain('name="journeys under 2 s"><failure message="observed 2.60 s (slowest of 6 spans), limit ≤ 2.00 s per span"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs `harness check` from the CLI: exit 1 on a failed budget, 0 when all pass', () => {
    const dir = mkdtempSync(join(tmpdir(), 'harness-check-cli-'));
    try {
      const bin = fileURLToPath(new URL('../../bin/harness.js', import.meta.url));
      const vars = { ...process.env, VL_INSTANCE_ENTRYPOINT: vl.url, VM_INSTANCE_ENTRYPOINT: vm.url, VT_INSTANCE_ENTRYPOINT: traces.url, HARNESS_ENV_ID: 'cli-env' };
      writeFileSync(join(dir, 'fail.json'), JSON.stringify([budgets[1]]));
      writeFileSync(join(dir, 'pass.json'), JSON.stringify([budgets[0], budgets[4]]));
      const failed = spawnSync(process.execPath, [bin, 'check', '--budgets', join(dir, 'fail.json'), '--junit', join(dir, 'out.xml')], { encoding: 'utf8', env: vars });
      expect(failed.status).toBe(1);
      expect(failed.stdout).toContain('env cli-env · 1 budget from');
      expect(failed.stdout).toContain('FAIL  events per tag');
      expect(readFileSync(join(dir, 'out.xml'), 'utf8')).toContain('<failure ');
      const passed = spawnSync(process.execPath, [bin, 'check', '--budgets', join(dir, 'pass.json'), '--json'], { encoding: 'utf8', env: vars });
      expect(passed.status).toBe(0);
      expect(JSON.parse(passed.stdout)).toMatchObject({ tool: 'check', env: 'cli-env', failed: 0, passed: 2 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('follows new lines with `harness logs --tail` until interrupted', async () => {
    const bin = fileURLToPath(new URL('../../bin/harness.js', import.meta.url));
    const child = spawn(process.execPath, [bin, 'logs', '--tail', '{service_name="fixture-app"} | tag="tailed"'], {
      env: { ...process.env, VL_INSTANCE_ENTRYPOINT: vl.url, VM_INSTANCE_ENTRYPOINT: vm.url, VT_INSTANCE_ENTRYPOINT: bridge.url, HARNESS_ENV_ID: 'tail-env' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const seen = (text: string, ms: number): Promise<boolean> =>
      new Promise((resolve) => {
        const deadline = Date.now() + ms;
        const poll = (): void => (out.includes(text) ? resolve(true) : Date.now() > deadline ? resolve(false) : void setTimeout(poll, 50));
        poll();
      });
    expect(await seen('env tail-env · following', 10_000)).toBe(true);
    await app.emit({ n: 2, tag: 'tailed' });
    process.kill(app.pid, 'SIGUSR2');
    expect(await seen('event 1 of 2', 10_000)).toBe(true);
    expect(out).toContain('event 0 of 2');
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it("finds one trace's spans and log lines through the acknowledged flush, not by waiting for the exporters", async () => {
    const { traceId } = await app.emit({ n: 2, tag: 'records' });
    const records = await findTraceRecords(env, { traceId, expectServerSpans: 1, waitMs: 60_000, since: Date.now() - 60_000 });
    expect(records.barrier.app).toBe('confirmed');
    expect(records.serverSpans).toBe(1);
    expect(records.spans.map((s) => [s.name, s.kind, s.service])).toEqual([
      ['GET /emit', 'server', 'fixture-app'],
      ['db.query', 'client', 'fixture-app'],
      ['db.query', 'client', 'fixture-app'],
    ]);
    expect(records.logs.map((l) => [l.message, l.severity])).toEqual([
      ['event 0 of 2', 'INFO'],
      ['event 1 of 2', 'INFO'],
    ]);
    // A trace the app never made: two acknowledged flushes settle it, long before the 60 s bound.
    const none = await findTraceRecords(env, { traceId: 'f'.repeat(32), expectServerSpans: 1, waitMs: 60_000, since: Date.now() - 60_000 });
    expect(none).toMatchObject({ spans: [], logs: [], serverSpans: 0, barrier: { app: 'confirmed' } });
    expect(none.waitedMs).toBeLessThan(30_000);
  }, 90_000);
});
