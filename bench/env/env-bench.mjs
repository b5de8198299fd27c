#!/usr/bin/env node
// Benchmarks of per-worktree envs (figures printed, never asserted):
//   1. `harness up` to all-healthy with binaries cached (goal: median <= 1.5 s)
//   2. `harness down` (goal: <= 0.3 s)
//   3. resident memory of one whole env: every process marked with its id (daemon, stores,
//      app and its children) (goal: <= 350 MB). No browser tool runs here, so Chromium
//      (started on the first page a browser tool opens) is not in the figure.
//   4. four worktrees up at once: all healthy, time and memory
// Usage: node bench/env/env-bench.mjs [--runs N] [--app reference|fixture]
// The app is the reference app when it is built (app/dist/shell/main.js), else a small
// OTel-instrumented Node fixture; the output says which.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'harness', 'bin', 'harness.js');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] || 7) || 7;
const referenceApp = join(root, 'app', 'dist', 'shell', 'main.js');
const useReference = (args.includes('--app') ? args[args.indexOf('--app') + 1] : existsSync(referenceApp) ? 'reference' : 'fixture') === 'reference';
const app = useReference
  ? { name: 'reference-app', command: ['node', referenceApp, '--port', '{ports.http}', '--data-dir', '{dataDir}'], ports: { http: 'PORT' }, health: { path: '/healthz' } }
  : { name: 'fixture', command: ['node', join(root, 'harness', 'test', 'env', 'fixtures', 'otel-app.mjs')], ports: { http: 'PORT' }, health: { path: '/healthz' } };

const work = join(root, 'bench', '.work', 'env');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

function makeRepo(name) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'harness.config.ts'), `export default ${JSON.stringify({ app })};\n`);
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  return dir;
}

function harness(cwd, ...argv) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, ...argv, '--json'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('close', (code) => {
      const ms = performance.now() - started;
      let json = null;
      try {
        json = JSON.parse(out);
      } catch {
        // not JSON
      }
      if (code !== 0) {
        process.stderr.write(`harness ${argv.join(' ')} in ${cwd} exited ${code}\n${out}${err}\n`);
        process.exit(1);
      }
      resolve({ ms, json });
    });
  });
}

/** Resident bytes of every process carrying the env's marker (daemon, stores, app). */
function envRss(envId) {
  let total = 0;
  const needle = `AGENT_HARNESS_ENV=${envId}\0`;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`, 'latin1').includes(needle)) continue;
      const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'));
      if (match) total += Number(match[1]) * 1024;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes) => `${Math.round(bytes / 1024 / 1024)} MB`;

console.log(`load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} cores`);
console.log(`env benchmarks: ${runs} runs, app = ${useReference ? 'the reference app' : 'the OTel fixture app (reference app not built)'}, ${process.env.HARNESS_PORT_RANGE ?? 'default port range'}`);

// 1 + 2: up and down, one worktree. The first up also compiles harness.config.ts; it is a warm-up.
const single = makeRepo('single');
await harness(single, 'up');
await harness(single, 'down');
const ups = [];
const downs = [];
// The commands' own tookMs: without the Node start and module loading of the CLI process.
const upsInner = [];
const downsInner = [];
let traces = '';
let rss = 0;
let parts = [];
for (let i = 0; i < runs; i++) {
  const up = await harness(single, 'up');
  ups.push(up.ms);
  upsInner.push(up.json.tookMs);
  traces = up.json.env.traces.mode;
  if (i === 0) {
    // Memory after some traffic, once telemetry has been exported at least once.
    for (let r = 0; r < 50; r++) await fetch(`${up.json.env.urls.app}healthz`);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    rss = envRss(up.json.env.id);
    const status = await harness(single, 'status');
    parts = status.json.parts.map((p) => `${p.name} ${mb(p.rssBytes ?? 0)}`);
  }
  const down = await harness(single, 'down');
  downs.push(down.ms);
  downsInner.push(down.json.tookMs);
}
console.log(`harness up to all-healthy: median ${fmt(median(ups))} (min ${fmt(Math.min(...ups))}, max ${fmt(Math.max(...ups))}; goal <= 1.50 s; traces ${traces}); inside the CLI ${fmt(median(upsInner))}`);
console.log(`harness down:              median ${fmt(median(downs))} (min ${fmt(Math.min(...downs))}, max ${fmt(Math.max(...downs))}; goal <= 0.30 s); inside the CLI ${fmt(median(downsInner))}`);
console.log(`one env resident memory:   ${mb(rss)} (goal <= 350 MB): daemon + ${parts.join(', ')}`);

// 4: four worktrees at once.
const four = [0, 1, 2, 3].map((i) => makeRepo(`wt${i}`));
const started = performance.now();
const results = await Promise.all(four.map((dir) => harness(dir, 'up')));
const allUp = performance.now() - started;
await new Promise((resolve) => setTimeout(resolve, 2000));
const ls = await harness(four[0], 'ls');
const ours = ls.json.envs.filter((e) => results.some((r) => r.json.env.id === e.id));
const healthy = ours.filter((e) => e.state === 'healthy').length;
const totalRss = results.reduce((sum, r) => sum + envRss(r.json.env.id), 0);
const downStarted = performance.now();
await Promise.all(four.map((dir) => harness(dir, 'down')));
const allDown = performance.now() - downStarted;
console.log(`4 worktrees up at once:    ${healthy}/4 healthy in ${fmt(allUp)} (each: ${results.map((r) => fmt(r.ms)).join(', ')}); ${mb(totalRss)} resident in all; down of all 4 in ${fmt(allDown)}`);
rmSync(work, { recursive: true, force: true });
