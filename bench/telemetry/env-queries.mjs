#!/usr/bin/env node
// Emit → queryable with the real stack of `harness up` and the reference app, as an agent
// sees it: one `harness` process per question (figures printed, never asserted).
// Each run creates a task with a fresh title, then asks `harness logs` for its log line,
// `harness metrics` for the counter and `harness traces search` for its span, and checks
// the answer holds it. Goal: ≤ 1 s from the request's response to the answer.
//
// Usage: npm run build && node bench/telemetry/env-queries.mjs [--runs N]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'harness', 'bin', 'harness.js');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] || 10) || 10;

const repo = realpathSync(mkdtempSync(join(tmpdir(), 'bench-tel-')));
writeFileSync(
  join(repo, 'harness.config.ts'),
  `export default { app: { name: 'reference-app', command: ['node', ${JSON.stringify(join(root, 'app', 'dist', 'shell', 'main.js'))}, '--port', '{ports.http}', '--data-dir', '{dataDir}'], ports: { http: 'PORT' }, health: { path: '/healthz', timeout: '30s' }, otel: { preload: false, exportInterval: '1s' } } };\n`,
);
execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo });
const harness = (...argv) => {
  const started = performance.now();
  const run = spawnSync(process.execPath, [bin, ...argv, '--json'], { cwd: repo, encoding: 'utf8' });
  return { ms: performance.now() - started, code: run.status, answer: run.stdout ? JSON.parse(run.stdout) : null };
};

const up = harness('up');
if (up.code !== 0) throw new Error('harness up failed');
const app = JSON.parse(readFileSync(join(repo, '.harness', 'env.json'), 'utf8')).urls.app;

const samples = { logs: [], metrics: [], traces: [], barrier: [] };
let misses = 0;
let confirmed = 0;
for (let i = 0; i <= runs; i++) {
  const title = `bench-${Date.now()}-${i}`;
  await fetch(new URL('/api/tasks', app), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title }) });
  const logs = harness('logs', `{service_name="reference-app"} |= "task created" | task_id="${i + 1}"`);
  const metrics = harness('metrics', 'sum(tasks_created_total)');
  const traces = harness('traces', 'search', '--operation', 'POST /api/tasks', '--limit', '1');
  if (logs.answer?.result?.lines?.length !== 1) misses++;
  if (metrics.answer?.series?.[0]?.value !== i + 1) misses++;
  if (traces.answer?.traces?.[0]?.spans < 2) misses++;
  confirmed += [logs, metrics, traces].filter((r) => r.answer?.barrier?.app === 'confirmed').length;
  if (i === 0) continue; // warm-up
  samples.logs.push(logs.ms);
  samples.metrics.push(metrics.ms);
  samples.traces.push(traces.ms);
  samples.barrier.push(logs.answer.barrier.elapsedMs, metrics.answer.barrier.elapsedMs, traces.answer.barrier.elapsedMs);
}
harness('down');
rmSync(repo, { recursive: true, force: true });

const stat = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(0)} ms · p95 ${q(0.95).toFixed(0)} ms · max ${s.at(-1).toFixed(0)} ms (n=${s.length})`;
};
console.log(`reference app under harness up, ${runs} runs; request answered → CLI answer containing its telemetry (goal ≤ 1000 ms):`);
console.log(`  harness logs (LogQL)            ${stat(samples.logs)}`);
console.log(`  harness metrics (PromQL)        ${stat(samples.metrics)}`);
console.log(`  harness traces search           ${stat(samples.traces)}`);
console.log(`  of which the readiness barrier  ${stat(samples.barrier)}`);
console.log(`  barrier confirmed by the app: ${confirmed} of ${3 * (runs + 1)} answers; answers missing the record: ${misses}`);
