#!/usr/bin/env node
// Emit → queryable through the readiness barrier (figures printed, never asserted).
// Goal: ≤ 1 s from the moment the app has emitted a record to an answer that contains it.
//
// Real parts: VictoriaLogs and VictoriaMetrics with the env's dev flags, the traces bridge
// over a second VictoriaLogs, and an app exporting OTLP with ten-minute batch delays, so
// nothing is visible unless the barrier (SIGUSR2 → app flush → ack → store force flush)
// works. Each run emits with a fresh tag, then asks the same tool the CLI and MCP use.
//
// Usage: npm run build && node bench/telemetry/emit-to-queryable.mjs [--runs N]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = (p) => join(root, 'harness', 'dist', p);
const { resolveBinary, storeArgs } = await import(join(root, 'observability', 'dist', 'provision', 'index.js'));
const { startTracesBridge } = await import(join(root, 'observability', 'dist', 'bridge', 'index.js'));
const { logsTool, metricsTool, traceSearchTool } = await import(dist('domains/telemetry/ui/tools.js'));

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] || 15) || 15;
const work = mkdtempSync(join(tmpdir(), 'bench-telemetry-'));
const children = [];

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function store(name) {
  const port = await freePort();
  const binary = (await resolveBinary(name, { allowDownload: false })).path;
  const child = spawn(binary, storeArgs(name, { port, dataDir: join(work, `${name}-${port}`) }), { stdio: 'ignore' });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    try {
      if ((await fetch(`${url}/health`)).ok) return url;
    } catch {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

const [logs, metrics, spansStore] = await Promise.all([store('victoria-logs'), store('victoria-metrics'), store('victoria-logs')]);
const bridge = await startTracesBridge({ victoriaLogsUrl: spansStore });
const appPort = await freePort();
const ackFile = join(work, 'flush-ack');
const app = spawn(process.execPath, [join(root, 'harness', 'test', 'telemetry', 'fixtures', 'otel-app.mjs')], {
  env: {
    ...process.env,
    PORT: String(appPort),
    OTEL_SERVICE_NAME: 'bench-app',
    OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: `${logs}/insert/opentelemetry/v1/logs`,
    OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `${metrics}/opentelemetry/v1/metrics`,
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: bridge.tracesEndpoint,
    HARNESS_OTEL_FLUSH_ACK: ackFile,
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
children.push(app);
await new Promise((resolve) => app.stdout.on('data', (c) => c.toString().includes('listening') && resolve()));

const env = {
  id: 'bench',
  worktree: null,
  upAt: Date.now(),
  logs: { label: 'VictoriaLogs', base: logs, envId: 'bench' },
  metrics: { label: 'VictoriaMetrics', base: metrics, envId: 'bench' },
  traces: { label: 'traces store', base: bridge.url, envId: 'bench' },
  tracesMode: 'fallback',
  appPid: app.pid,
  flushAck: { path: ackFile, declared: true },
};
const ctx = { cwd: root, env };

const samples = { logs: [], metrics: [], traces: [], barrier: [] };
let misses = 0;
for (let i = 0; i < runs + 1; i++) {
  const tag = `run${i}`;
  await fetch(`http://127.0.0.1:${appPort}/emit?n=3&tag=${tag}`);
  let t = performance.now();
  const l = await logsTool.run({ query: `{service_name="bench-app"} | tag="${tag}"`, since: '5m' }, ctx);
  const logsMs = performance.now() - t;
  if (l.result.lines?.length !== 3) misses++;

  await fetch(`http://127.0.0.1:${appPort}/emit?n=3&tag=${tag}m`);
  t = performance.now();
  const m = await metricsTool.run({ query: `sum(fixture_events_total{tag="${tag}m"})` }, ctx);
  const metricsMs = performance.now() - t;
  if (m.series[0]?.value !== 3) misses++;

  await fetch(`http://127.0.0.1:${appPort}/emit?n=3&tag=${tag}t`);
  t = performance.now();
  const s = await traceSearchTool.run({ attrs: [`tag=${tag}t`], operation: 'GET /emit', since: '5m' }, ctx);
  const tracesMs = performance.now() - t;
  if (s.traces[0]?.spans !== 4) misses++;

  if (i === 0) continue; // warm-up
  samples.logs.push(logsMs);
  samples.metrics.push(metricsMs);
  samples.traces.push(tracesMs);
  samples.barrier.push(l.barrier.elapsedMs, m.barrier.elapsedMs, s.barrier.elapsedMs);
}

// The CLI as agents call it: one process per question (cold start included).
const cli = [];
for (let i = 0; i < 5; i++) {
  await fetch(`http://127.0.0.1:${appPort}/emit?n=1&tag=cli${i}`);
  const t = performance.now();
  const run = spawnSync(process.execPath, [join(root, 'harness', 'bin', 'harness.js'), 'logs', `{service_name="bench-app"} | tag="cli${i}"`, '--json'], {
    env: { ...process.env, VL_INSTANCE_ENTRYPOINT: logs, VM_INSTANCE_ENTRYPOINT: metrics, VT_INSTANCE_ENTRYPOINT: bridge.url },
    encoding: 'utf8',
  });
  cli.push(performance.now() - t);
  if (run.status !== 0) misses++;
}

const stat = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(0)} ms · p95 ${q(0.95).toFixed(0)} ms · max ${s.at(-1).toFixed(0)} ms (n=${s.length})`;
};
console.log(`emit → answer containing it (goal ≤ 1000 ms), ${runs} runs, app batch delays 10 min:`);
console.log(`  logs    (LogQL, 3 lines)        ${stat(samples.logs)}`);
console.log(`  metrics (PromQL counter)        ${stat(samples.metrics)}`);
console.log(`  traces  (search, 4-span trace)  ${stat(samples.traces)}`);
console.log(`  of which the readiness barrier  ${stat(samples.barrier)}`);
console.log(`  CLI process (harness logs --json, cold start, no app flush) ${stat(cli)}`);
console.log(`  answers missing a record: ${misses}`);

await bridge.close();
for (const child of children) child.kill('SIGTERM');
await new Promise((r) => setTimeout(r, 300));
rmSync(work, { recursive: true, force: true });
