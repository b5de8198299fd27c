#!/usr/bin/env node
// Browser tools latency and snapshot size on the reference app, side by side with
// chrome-devtools-mcp and @playwright/mcp. Prints figures; asserts nothing.
//
//   node bench/browser/bench.mjs [--runs 30] [--app-url URL] [--no-peers] [--no-cli]
//
// Ours is measured daemon-side (the BrowserService the daemon runs, in this process) and,
// when this worktree's env is up, as whole CLI round trips (`harness browser …`). The peers
// are installed from npm into bench/.work/peers (pinned below; never a browser download)
// and pointed at a Chromium launched the same way (Debian's /usr/bin/chromium) through
// its CDP endpoint; they are timed from their MCP client, over stdio.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '30' }, 'app-url': { type: 'string' }, 'no-peers': { type: 'boolean' }, 'no-cli': { type: 'boolean' } },
});
const RUNS = Number(args.runs);
const PEERS = { '@playwright/mcp': '0.0.83', 'chrome-devtools-mcp': '0.11.0', '@modelcontextprotocol/sdk': '1.32.2' };
const dist = (p) => pathToFileURL(join(root, 'harness', 'dist', 'domains', 'browser', p)).href;
const say = (m) => process.stderr.write(`[bench] ${m}\n`);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : NaN;
};
const fmt = (ms) => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : 'n/a');

async function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function time(fn) {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

async function timed(runs, fn) {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push((await time(() => fn(i))).ms);
  return median(samples);
}

/** The reference app: the URL given, or app/dist started on a free port with a few tasks. */
async function startApp() {
  if (args['app-url']) return { url: args['app-url'], stop: async () => {} };
  const main = join(root, 'app', 'dist', 'shell', 'main.js');
  if (!existsSync(main)) throw new Error('app/dist/shell/main.js is missing: run `npm run setup`, or pass --app-url');
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-app-'));
  const child = spawn(process.execPath, [main, '--port', String(port), '--data-dir', dataDir], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100 && !(await fetch(url).then((r) => r.ok, () => false)); i++) await new Promise((r) => setTimeout(r, 100));
  for (const title of ['Write the design doc', 'Review the snapshot format', 'Measure click latency', 'Record a video']) {
    await fetch(`${url}/api/tasks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title }) });
  }
  return { url, stop: async () => { child.kill('SIGTERM'); rmSync(dataDir, { recursive: true, force: true }); } };
}

async function benchOurs(appUrl) {
  const { BrowserService } = await import(dist('service/browser-service.js'));
  const { ArtifactStore } = await import(dist('repo/artifacts.js'));
  const { parseBrowserConfig } = await import(dist('config/settings.js'));
  const dir = mkdtempSync(join(tmpdir(), 'bench-ours-'));
  const service = new BrowserService({ config: parseBrowserConfig({}), profileDir: join(dir, 'profile'), artifacts: new ArtifactStore(join(dir, 'artifacts')), appUrl: () => appUrl, worktreeRoot: root });
  try {
    await service.navigate({ url: appUrl });
    for (let i = 0; i < 3; i++) {
      await service.snapshot({});
      await service.screenshot({ mode: 'viewport' });
    }
    await service.navigate({ url: `${appUrl}/settings` });
    const settingsBytes = (await service.snapshot({})).bytes;
    await service.navigate({ url: appUrl });
    const snapshot = await service.snapshot({});
    const radios = ['Open', 'All'];
    const requestMs = [];
    const result = {
      screenshot: await timed(RUNS, () => service.screenshot({ mode: 'viewport' })),
      snapshot: await timed(RUNS, () => service.snapshot({})),
      click: await timed(RUNS, async (i) => {
        const answer = await service.click({ target: { role: 'radio', name: radios[i % 2] }, kind: 'click' });
        for (const r of answer.requests) if (r.durationMs !== undefined) requestMs.push(r.durationMs);
      }),
      appRequest: median(requestMs),
      snapshotBytes: snapshot.bytes,
      settingsBytes,
      refs: snapshot.refs,
      snapshotText: snapshot.text,
    };
    return result;
  } finally {
    await service.stop();
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}

/** CLI round trips against this worktree's running env, when there is one. */
function benchCli() {
  const socket = join(root, '.harness', 'daemon.sock');
  if (args['no-cli'] || !existsSync(socket)) return undefined;
  const bin = join(root, 'harness', 'bin', 'harness.js');
  const run = (...argv) => {
    const t = performance.now();
    const r = spawnSync(process.execPath, [bin, 'browser', ...argv, '--json'], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`harness browser ${argv.join(' ')} failed: ${r.stdout}${r.stderr}`);
    return performance.now() - t;
  };
  run('navigate', '/');
  const rounds = Math.min(RUNS, 15);
  const sample = (argv) => median(Array.from({ length: rounds }, () => run(...argv)));
  const clicks = (extra) => median(Array.from({ length: rounds }, (_, i) => run('click', '--role', 'radio', '--name', i % 2 ? 'All' : 'Open', ...extra)));
  return { snapshot: sample(['snapshot']), screenshot: sample(['screenshot']), click: clicks(['--no-backend']), clickWithBackend: clicks([]) };
}

function installPeers() {
  const dir = join(root, 'bench', '.work', 'peers');
  const ok = Object.entries(PEERS).every(([name, version]) => {
    const pkg = join(dir, 'node_modules', name, 'package.json');
    return existsSync(pkg) && JSON.parse(String(spawnSync('cat', [pkg]).stdout)).version === version;
  });
  if (!ok) {
    say(`installing ${Object.entries(PEERS).map(([n, v]) => `${n}@${v}`).join(', ')} into bench/.work/peers`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"name":"bench-peers","private":true,"type":"module"}\n');
    const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', ...Object.entries(PEERS).map(([n, v]) => `${n}@${v}`)], { cwd: dir, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('npm install of the peers failed');
  }
  return dir;
}

async function benchPeer(peersDir, appUrl, peer) {
  const { launchChromium } = await import(dist('repo/chromium-process.js'));
  const req = (p) => pathToFileURL(join(peersDir, 'node_modules', '@modelcontextprotocol', 'sdk', 'dist', 'esm', p)).href;
  const { Client } = await import(req('client/index.js'));
  const { StdioClientTransport } = await import(req('client/stdio.js'));
  const dir = mkdtempSync(join(tmpdir(), 'bench-peer-'));
  const chromium = await launchChromium({ executable: '/usr/bin/chromium', profileDir: join(dir, 'profile'), viewport: { width: 1280, height: 720 }, timeoutMs: 15000 });
  const command =
    peer === 'playwright'
      ? [join(peersDir, 'node_modules', '@playwright', 'mcp', 'cli.js'), '--cdp-endpoint', chromium.httpUrl]
      : [join(peersDir, 'node_modules', 'chrome-devtools-mcp', 'build', 'src', 'index.js'), '--browserUrl', chromium.httpUrl];
  const client = new Client({ name: 'bench', version: '1.0.0' });
  // Run in the temp dir: Playwright MCP writes its snapshots and screenshots to its cwd.
  await client.connect(new StdioClientTransport({ command: process.execPath, args: command, stderr: 'ignore', cwd: dir }));
  const call = async (name, a = {}) => {
    const r = await client.callTool({ name, arguments: a });
    if (r.isError) throw new Error(`${peer} ${name}: ${JSON.stringify(r.content).slice(0, 300)}`);
    return r.content.filter((c) => c.type === 'text').map((c) => c.text).join('\n');
  };
  const tools = peer === 'playwright'
    ? { nav: ['browser_navigate', { url: appUrl }], snap: ['browser_snapshot', {}], shot: ['browser_take_screenshot', { type: 'png' }] }
    : { nav: ['navigate_page', { url: appUrl }], snap: ['take_snapshot', {}], shot: ['take_screenshot', { format: 'png' }] };
  try {
    await call(...tools.nav);
    for (let i = 0; i < 3; i++) {
      await call(...tools.snap);
      await call(...tools.shot);
    }
    const snapshotText = await call(...tools.snap);
    const refFor = (text, label) => {
      const line = text.split('\n').find((l) => l.includes('radio') && l.includes(`"${label}"`));
      return peer === 'playwright' ? /\[ref=(e\d+)\]/.exec(line ?? '')?.[1] : /uid=(\S+)/.exec(line ?? '')?.[1];
    };
    const click = async (i) => {
      const label = i % 2 ? 'All' : 'Open';
      const text = await call(...tools.snap);
      const ref = refFor(text, label);
      if (!ref) throw new Error(`${peer}: no radio "${label}" in its snapshot`);
      return (await time(() => (peer === 'playwright' ? call('browser_click', { element: `${label} radio`, target: ref, ref }) : call('click', { uid: ref })))).ms;
    };
    const clickSamples = [];
    for (let i = 0; i < RUNS; i++) clickSamples.push(await click(i));
    await call(...(peer === 'playwright' ? ['browser_navigate', { url: `${appUrl}/settings` }] : ['navigate_page', { url: `${appUrl}/settings` }]));
    const settingsText = await call(...tools.snap);
    await call(...tools.nav);
    // Playwright MCP wraps its YAML in headings and a code fence; count the tree alone.
    const tree = (text) => (peer === 'playwright' ? (/```yaml\n([\s\S]*?)```/.exec(text)?.[1] ?? text) : text).trim();
    const yaml = tree(snapshotText);
    return {
      screenshot: await timed(RUNS, () => call(...tools.shot)),
      snapshot: await timed(RUNS, () => call(...tools.snap)),
      click: median(clickSamples),
      snapshotBytes: Buffer.byteLength(yaml),
      settingsBytes: Buffer.byteLength(tree(settingsText)),
      snapshotText: yaml,
    };
  } finally {
    await client.close().catch(() => {});
    await chromium.stop();
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}

const app = await startApp();
try {
  say(`app at ${app.url}; ${RUNS} runs per figure`);
  const ours = await benchOurs(app.url);
  const cli = benchCli();
  const peers = {};
  if (!args['no-peers']) {
    const dir = installPeers();
    for (const peer of ['playwright', 'devtools']) {
      say(`measuring ${peer === 'playwright' ? '@playwright/mcp' : 'chrome-devtools-mcp'}`);
      peers[peer] = await benchPeer(dir, app.url, peer).catch((error) => ({ error: error.message }));
    }
  }
  const rows = [
    ['', 'screenshot', 'snapshot', 'click', 'snapshot bytes'],
    ['harness (daemon-side)', fmt(ours.screenshot), fmt(ours.snapshot), fmt(ours.click), `${ours.snapshotBytes} (${ours.refs} refs)`],
    ...(cli ? [['harness (CLI round trip)', fmt(cli.screenshot), fmt(cli.snapshot), fmt(cli.click), '']] : []),
    ...Object.entries(peers).map(([name, r]) => [name === 'playwright' ? `@playwright/mcp ${PEERS['@playwright/mcp']}` : `chrome-devtools-mcp ${PEERS['chrome-devtools-mcp']}`, ...(r.error ? [r.error, '', '', ''] : [fmt(r.screenshot), fmt(r.snapshot), fmt(r.click), String(r.snapshotBytes)])]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  process.stdout.write(`Browser tools on the reference app (${app.url}), medians of ${RUNS} runs\n\n`);
  for (const r of rows) process.stdout.write(`${r.map((c, i) => String(c).padEnd(widths[i])).join('  ')}\n`);
  process.stdout.write('\ngoals: screenshot ≤ 80 ms, snapshot ≤ 50 ms, click ≤ 50 ms daemon-side; CLI round trip ≤ 250 ms\n');
  if (!cli) process.stdout.write('CLI round trips: not measured (no env is up in this worktree: run `harness up` first)\n');
  else process.stdout.write(`CLI click with the backend spans and logs of its requests (readiness barrier included): ${fmt(cli.clickWithBackend)}\n`);
  const pw = peers.playwright;
  process.stdout.write(`click: the app's own API request it causes took ${fmt(ours.appRequest)} (median) of the click's time\n`);
  if (pw && !pw.error) {
    const pct = (a, b) => `${((a / b) * 100).toFixed(0)}%`;
    process.stdout.write(`snapshot size vs @playwright/mcp (goal ≤ 50%): tasks page ${ours.snapshotBytes} / ${pw.snapshotBytes} bytes = ${pct(ours.snapshotBytes, pw.snapshotBytes)}; settings page ${ours.settingsBytes} / ${pw.settingsBytes} = ${pct(ours.settingsBytes, pw.settingsBytes)}\n`);
  }
  if (process.env.BENCH_SHOW_SNAPSHOTS) {
    process.stdout.write(`\n--- harness snapshot ---\n${ours.snapshotText}\n`);
    if (pw?.snapshotText) process.stdout.write(`\n--- @playwright/mcp snapshot ---\n${pw.snapshotText}\n`);
  }
} finally {
  await app.stop();
}
