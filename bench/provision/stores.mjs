#!/usr/bin/env node
// Figures for the stores run with the dev flags (docs/design-docs/stack-provisioning.md):
// time from spawn to the first 200 from /health, resident memory once idle, and how long
// fresh data takes to become queryable with and without a forced flush.
// Usage: npm run build && node bench/provision/stores.mjs [runs=10]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { resolveBinary, storeArgs, STORE_BINARIES } = await import(new URL('../../observability/dist/provision/index.js', import.meta.url).href);
const runs = Number(process.argv[2] ?? 10);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function freePort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

function rssMiB(pid) {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return kb / 1024;
}

async function start(name, path) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), `bench-${name}-`));
  const t0 = performance.now();
  const child = spawn(path, storeArgs(name, { port, dataDir: join(dir, 'data') }), { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) break;
    await sleep(2);
  }
  const startupMs = performance.now() - t0;
  return {
    url,
    pid: child.pid,
    startupMs,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function visibleAfter(store, name, flush) {
  const id = `probe_${Math.random().toString(36).slice(2)}`;
  const t0 = performance.now();
  if (name === 'victoria-logs') {
    await fetch(`${store.url}/insert/jsonline`, { method: 'POST', body: `${JSON.stringify({ _msg: id, _time: new Date().toISOString() })}\n` });
  } else {
    await fetch(`${store.url}/api/v1/import/prometheus`, { method: 'POST', body: `${id} 1 ${Date.now()}\n` });
  }
  if (flush) await fetch(`${store.url}/internal/force_flush`, { method: 'POST' });
  for (;;) {
    const path = name === 'victoria-logs' ? `/select/logsql/query?query=${id}` : `/api/v1/query?query=${id}&time=${Date.now() / 1000}`;
    if ((await (await fetch(`${store.url}${path}`)).text()).includes(id)) return performance.now() - t0;
    await sleep(10);
  }
}

for (const name of STORE_BINARIES) {
  const binary = await resolveBinary(name, { allowDownload: false, allowGoBuild: false }).catch((e) => e);
  if (binary instanceof Error) {
    console.log(`${name}: not provisioned here (${binary.message}); skipped`);
    continue;
  }
  const startups = [];
  const rss = [];
  for (let i = 0; i < runs; i++) {
    const store = await start(name, binary.path);
    startups.push(store.startupMs);
    await sleep(1000);
    rss.push(rssMiB(store.pid));
    await store.stop();
  }
  console.log(`${name} ${binary.version}: start to /health median ${median(startups).toFixed(0)} ms (min ${Math.min(...startups).toFixed(0)}, max ${Math.max(...startups).toFixed(0)}, ${runs} runs); idle RSS median ${median(rss).toFixed(1)} MiB`);
  if (name === 'victoria-traces') continue;
  const store = await start(name, binary.path);
  const flushed = [];
  const unflushed = [];
  for (let i = 0; i < 3; i++) flushed.push(await visibleAfter(store, name, true));
  for (let i = 0; i < 3; i++) unflushed.push(await visibleAfter(store, name, false));
  console.log(`${name}: new data queryable after median ${median(flushed).toFixed(0)} ms with POST /internal/force_flush, ${median(unflushed).toFixed(0)} ms without`);
  await store.stop();
}
