#!/usr/bin/env node
// `harness mcp` latencies, as an agent client sees them (figures printed, never asserted).
// Goals: start → tools listed well under 1 s (clients start it once per session, but wait
// for it); a tool call round trip within a few ms of the tool's own work; and a call over
// the open session far cheaper than the same question through a fresh CLI process.
//
// Real parts: the SDK's stdio client, the compiled CLI, the reference app booted by the
// env_up tool with its own VictoriaLogs, VictoriaMetrics and traces store.
//
// Usage: npm run build && node bench/mcp/mcp-bench.mjs [--runs N]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'harness', 'bin', 'harness.js');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] || 10) || 10;

const repo = realpathSync(mkdtempSync(join(tmpdir(), 'bench-mcp-')));
writeFileSync(
  join(repo, 'harness.config.ts'),
  `export default { app: { name: 'reference-app', command: ['node', ${JSON.stringify(join(root, 'app/dist/shell/main.js'))}, '--port', '{ports.http}', '--data-dir', '{dataDir}'], ports: { http: 'PORT' }, health: { path: '/healthz', timeout: '30s' }, otel: { preload: false, exportInterval: '1s' } } };\n`,
);
execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo });

const stats = (ms) => {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return `median ${at(0.5).toFixed(1)} ms  p90 ${at(0.9).toFixed(1)} ms  min ${s[0].toFixed(1)} ms  (n=${s.length})`;
};
const row = (label, ms) => console.log(`  ${label.padEnd(44)} ${stats(ms)}`);

async function open(command, commandArgs, cwd) {
  const transport = new StdioClientTransport({ command, args: commandArgs, cwd, stderr: 'ignore' });
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(transport);
  return client;
}

async function timed(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function startup(label, command, commandArgs, cwd) {
  const initialized = [];
  const listed = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const client = await open(command, commandArgs, cwd);
    initialized.push(performance.now() - start);
    await client.listTools();
    listed.push(performance.now() - start);
    await client.close();
  }
  row(`${label}: spawn → initialized`, initialized);
  row(`${label}: spawn → tools listed`, listed);
}

async function calls(client, name, callArgs, n) {
  const ms = [];
  for (let i = 0; i < n; i++) {
    ms.push(
      await timed(async () => {
        const result = await client.callTool({ name, arguments: callArgs });
        if (result.isError) throw new Error(`${name}: ${result.content[0]?.text}`);
      }),
    );
  }
  return ms;
}

function cli(cliArgs, n) {
  const ms = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    spawnSync(process.execPath, [bin, ...cliArgs], { cwd: repo, stdio: 'ignore' });
    ms.push(performance.now() - start);
  }
  return ms;
}

console.log(`harness mcp bench · ${cpus().length} cores, load ${loadavg()[0].toFixed(2)} · ${runs} runs each`);
try {
  console.log('start-up (one per agent session):');
  await startup('node harness/bin/harness.js mcp', process.execPath, [bin, 'mcp'], repo);
  await startup('npx --no harness mcp (the snippets)', 'npx', ['--no', 'harness', 'mcp'], root);

  const client = await open(process.execPath, [bin, 'mcp'], repo);
  console.log('round trips over one open session:');
  row('tools/list', await (async () => {
    const ms = [];
    for (let i = 0; i < runs * 5; i++) ms.push(await timed(() => client.listTools()));
    return ms;
  })());
  row('env_status (env down: files only)', await calls(client, 'env_status', {}, runs * 3));
  row('logs_query explain (no env, pure translation)', await calls(client, 'logs_query', { query: '{service_name="reference-app"} |= "task created"', explain: true }, runs * 3));
  const up = await timed(() => client.callTool({ name: 'env_up', arguments: {} }, undefined, { timeout: 600_000 }));
  console.log(`  ${'env_up (boot: stores + app)'.padEnd(44)} ${up.toFixed(0)} ms`);
  const app = JSON.parse(execFileSync(process.execPath, [bin, 'status', '--json'], { cwd: repo, encoding: 'utf8' })).env.urls.app;
  for (let i = 0; i < 5; i++) await fetch(new URL('/api/tasks', app), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: `bench ${i}` }) });
  row('env_status (env up: daemon round trip)', await calls(client, 'env_status', {}, runs * 3));
  row('logs_query (LogQL, barrier, VictoriaLogs)', await calls(client, 'logs_query', { query: '{service_name="reference-app"} |= "task created"' }, runs * 2));
  row('metrics_query (PromQL)', await calls(client, 'metrics_query', { query: 'sum(tasks_created_total)' }, runs * 2));
  row('traces_search', await calls(client, 'traces_search', { operation: 'POST /api/tasks' }, runs));
  const { tools } = await client.listTools();
  if (tools.some((t) => t.name === 'browser_snapshot')) {
    // The browser tools: the daemon drives Chromium; the first call starts it.
    const first = await timed(() => client.callTool({ name: 'browser_navigate', arguments: { url: '/' } }));
    console.log(`  ${'browser_navigate, first (starts Chromium)'.padEnd(44)} ${first.toFixed(0)} ms`);
    row('browser_snapshot', await calls(client, 'browser_snapshot', {}, runs * 2));
    row('browser_click (a radio; backend lookup)', await calls(client, 'browser_click', { target: { role: 'radio', name: 'Open' } }, runs));
    row('browser_click, backend: false', await calls(client, 'browser_click', { target: { role: 'radio', name: 'All' }, backend: false }, runs));
    row('browser_screenshot (1280×720 PNG as image content)', await calls(client, 'browser_screenshot', {}, runs));
  }
  console.log('the same questions through a fresh CLI process each (what an agent without MCP pays):');
  row('harness status', cli(['status'], runs));
  row("harness logs '{…} |= \"task created\"'", cli(['logs', '{service_name="reference-app"} |= "task created"'], runs));
  await client.callTool({ name: 'env_down', arguments: {} }, undefined, { timeout: 120_000 });
  await client.close();
} finally {
  spawnSync(process.execPath, [bin, 'down'], { cwd: repo, stdio: 'ignore' });
  rmSync(repo, { recursive: true, force: true });
}
