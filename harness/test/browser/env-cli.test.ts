import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, makeRepo, markedPids, removeRepo, type Run } from '../env/helpers.js';
import { APP_MAIN } from './reference-app.js';
import { startVariantProxy, type VariantProxy } from './variant-proxy.js';

// The browser tools end to end, as an agent uses them: the real CLI against the daemon
// of a real env (`harness up`: the reference app with its stores), Chromium in the daemon.

const journeys = fileURLToPath(new URL('../../../app/journeys', import.meta.url));

const config = `export default {
  app: {
    name: 'reference-app',
    command: ['node', ${JSON.stringify(APP_MAIN)}, '--port', '{ports.http}', '--data-dir', '{dataDir}'],
    ports: { http: 'PORT' },
    health: { path: '/healthz', timeout: '30s' },
    otel: { preload: false, exportInterval: '1s' },
  },
  browser: { journeys: ${JSON.stringify(journeys)} },
};
`;

let repo: string;
let up: Run;
let envId: string;
let proxy: VariantProxy | undefined;

function browser(args: string[]): Promise<Run> {
  return harness(['browser', ...args], { cwd: repo });
}

function refOf(text: string, needle: string): string {
  const ref = /\[(e\d+)\]/.exec(text.split('\n').find((l) => l.includes(needle)) ?? '')?.[1];
  if (!ref) throw new Error(`no ref on a line with ${needle} in:\n${text}`);
  return ref;
}

describe.skipIf(!existsSync(APP_MAIN))('browser tools in a harness env', () => {
  beforeAll(async () => {
    repo = makeRepo(config);
    up = await harness(['up', '--json'], { cwd: repo });
    envId = String((up.json.env as { id?: string } | undefined)?.id ?? '');
  }, 180_000);

  afterAll(async () => {
    await proxy?.close();
    await harness(['down'], { cwd: repo });
    removeRepo(repo);
  });

  it('navigates and snapshots through the CLI, with refs, in text and JSON', async () => {
    expect(up.code, up.stdout + up.stderr).toBe(0);
    const nav = await browser(['navigate', '/', '--json']);
    expect(nav.code, nav.stdout + nav.stderr).toBe(0);
    expect(nav.json.title).toBe('Tasks · Reference app');
    const snap = await browser(['snapshot']);
    expect(snap.code).toBe(0);
    expect(snap.stdout).toMatch(/^page: Tasks · Reference app — http:\/\/127\.0\.0\.1:\d+\/ {2}\(mark m\d+\)$/m);
    expect(snap.stdout).toMatch(/button "Add task" \[e\d+\]/);
    const again = await browser(['snapshot', '--json']);
    expect(refOf(String(again.json.text), 'button "Add task"')).toBe(refOf(snap.stdout, 'button "Add task"'));
  });

  it("answers a click with the backend span and log line of the click's trace", async () => {
    const snap = await browser(['snapshot', '--json']);
    const text = String(snap.json.text);
    // A selector's own `=` stays in the target: the split is at the first `=` outside brackets.
    const fill = await browser(['fill', 'css:input[name=title]=Traced task']);
    expect(fill.code, fill.stdout + fill.stderr).toBe(0);
    // Unquoted text would lose words: refused before anything is typed, with the quoting fix.
    const typed = await browser(['type', refOf(text, 'textbox "Title"'), 'Traced', 'task']);
    expect(typed.code).toBe(2);
    expect(typed.stderr).toMatch(/fix: quote the text: harness browser type e\d+ "Traced task"/);
    const click = await browser(['click', refOf(text, 'button "Add task"'), '--json']);
    expect(click.code, click.stdout + click.stderr).toBe(0);
    const requests = click.json.requests as { method: string; url: string; status: number; traceId: string }[];
    const post = requests.find((r) => r.method === 'POST' && r.url.endsWith('/api/tasks'));
    expect(post?.status).toBe(201);
    type Span = { name: string; service?: string; status?: string; durationMs?: number; attributes: Record<string, string> };
    const backend = click.json.backend as { traceId: string; spans: Span[]; logs: { message: string; severity?: string }[]; note?: string }[];
    const report = backend.find((b) => b.traceId === post?.traceId);
    expect(report, JSON.stringify(backend)).toBeDefined();
    expect(report?.note).toBeUndefined();
    // The app's server span of this very request, with its database span and its log lines.
    const server = report?.spans.find((s) => s.name === 'POST /api/tasks');
    expect(server, JSON.stringify(report?.spans)).toMatchObject({ service: 'reference-app', status: 'unset' });
    expect(server?.attributes['http.response.status_code']).toBe('201');
    expect(server?.durationMs).toBeGreaterThan(0);
    expect(report?.spans.map((s) => s.name)).toContain('INSERT tasks');
    expect(report?.logs.map((l) => l.message)).toEqual(expect.arrayContaining(['task created', 'request handled']));
    // The app's API client sends its own traceparent: the answer names that id, not the action's unused one.
    expect(click.json.traceIds).toContain(post?.traceId);
    expect(click.json.traceIds).not.toContain(click.json.traceId);
    const textClick = await browser(['click', refOf(text, 'radio "Open"')]);
    expect(textClick.stdout).toMatch(/^click e\d+: done in \d+ ms/m);
    expect(textClick.stdout).toMatch(/GET \/api\/tasks\?status=open.* → 200/);
    expect(textClick.stdout).toMatch(/^ {2}span GET \/api\/tasks 200 [\d.]+ ms/m);
    expect(textClick.stdout).not.toMatch(/^ {2}note: /m);
    // As an agent does: the id from the answer's header opens the request's trace.
    const headerId = /\(trace ([0-9a-f]{32})[;)]/.exec(textClick.stdout.split('\n')[0] ?? '')?.[1];
    expect(headerId, textClick.stdout).toBeDefined();
    const trace = await harness(['traces', 'get', headerId!], { cwd: repo });
    expect(trace.code, trace.stdout + trace.stderr).toBe(0);
    expect(trace.stdout).toContain('GET /api/tasks');
  });

  it('keeps the early failing request in evidence over many traced requests: its 4xx span and log', async () => {
    await browser(['navigate', '/']);
    const start = await harness(['evidence', 'start', 'many-requests', '--json'], { cwd: repo });
    expect(start.code, start.stdout + start.stderr).toBe(0);
    // One bad POST, then more requests than an action looks up, each under its own trace.
    const fetches = `(async () => {
      const tp = () => '00-' + crypto.randomUUID().replace(/-/g, '') + '-' + '1'.repeat(16) + '-01';
      await fetch('/api/tasks', { method: 'POST', headers: { 'content-type': 'application/json', traceparent: tp() }, body: '{}' });
      for (let i = 0; i < 14; i++) await fetch('/api/tasks', { headers: { traceparent: tp() } });
      return 'done';
    })()`;
    const run = await browser(['eval', fetches]);
    // Stopped whatever happened, so its video does not block the tests after this one.
    const stop = await harness(['evidence', 'stop', 'many-requests', '--json'], { cwd: repo });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(stop.code, stop.stdout + stop.stderr).toBe(0);
    const folder = String(stop.json.folder);
    const network = JSON.parse(readFileSync(join(folder, 'network.json'), 'utf8')) as { method: string; status?: number; traceId?: string }[];
    const bad = network.find((r) => r.method === 'POST');
    expect(bad?.status).toBeGreaterThanOrEqual(400);
    expect(bad?.status).toBeLessThan(500);
    type Report = { traceId: string; spans: { name: string; attributes: Record<string, string> }[]; logs: { message: string }[] };
    const backend = JSON.parse(readFileSync(join(folder, 'backend.json'), 'utf8')) as Report[];
    const report = backend.find((b) => b.traceId === bad?.traceId);
    expect(report, JSON.stringify(backend.map((b) => b.traceId))).toBeDefined();
    const span = report?.spans.find((s) => s.name === 'POST /api/tasks');
    expect(span?.attributes['http.response.status_code']).toBe(String(bad?.status));
    expect(report?.logs.map((l) => l.message)).toContain('request handled');
    const summary = readFileSync(join(folder, 'summary.md'), 'utf8');
    expect(summary).toMatch(new RegExp(`POST \\S+/api/tasks → ${bad?.status} \\(trace ${bad?.traceId}\\)`));
    expect(summary).toContain(`span \`POST /api/tasks\` ${bad?.status}`);
    expect(summary).toMatch(/log \w* ?`request handled`/);
  });

  it('saves a screenshot PNG of the viewport under .harness/artifacts', async () => {
    const shot = await browser(['screenshot', '--json']);
    const image = (shot.json.images as { path: string; width: number; height: number }[])[0]!;
    expect(image.path.startsWith(join(repo, '.harness', 'artifacts', 'screenshots'))).toBe(true);
    const png = PNG.sync.read(readFileSync(image.path));
    expect([png.width, png.height]).toEqual([1280, 720]);
    expect(statSync(image.path).mode & 0o777).toBe(0o600);
  });

  it('reproduces the planted bug through the CLI and shows it gone on the fixed variant', async () => {
    const env = JSON.parse(readFileSync(join(repo, '.harness', 'env.json'), 'utf8')) as { urls: { app: string } };
    proxy = await startVariantProxy(env.urls.app);
    for (const variant of ['buggy', 'fixed'] as const) {
      proxy.variant = variant;
      const nav = await browser(['navigate', `${proxy.url}/`, '--json']);
      const text = String((await browser(['snapshot', '--json'])).json.text);
      await browser(['fill', `${refOf(text, 'textbox "Title"')}=Planted ${variant}`]);
      const click = await browser(['click', refOf(text, 'button "Add task"'), '--json']);
      const post = (click.json.requests as { method: string; status: number }[]).find((r) => r.method === 'POST');
      const errors = await browser(['console', '--since', String(nav.json.mark), '--errors', '--json']);
      const failed = await browser(['network', '--since', String(nav.json.mark), '--failed', '--json']);
      const after = String((await browser(['snapshot', '--json'])).json.text);
      if (variant === 'buggy') {
        expect(post?.status).toBe(422);
        expect((errors.json.entries as unknown[]).length).toBeGreaterThan(0);
        expect((failed.json.entries as { status: number }[])[0]?.status).toBe(422);
        expect(after).toContain('"title is required"');
      } else {
        expect(post?.status).toBe(201);
        expect(errors.json.entries).toEqual([]);
        expect(failed.json.entries).toEqual([]);
        expect(after).toContain('Planted fixed');
      }
    }
  });

  it('serves the same tools in the MCP shape: JSON Schema inputs, text answers, screenshots as images', async () => {
    const { browserAgentTools } = await import('../../src/domains/browser/ui/agent-tools.js');
    const names = browserAgentTools.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['browser_navigate', 'browser_snapshot', 'browser_click', 'browser_fill', 'browser_screenshot', 'journey_run', 'evidence_start', 'evidence_stop']));
    for (const tool of browserAgentTools) expect(z.toJSONSchema(tool.input, { io: 'input', unrepresentable: 'any' })).toMatchObject({ type: 'object' });
    const shot = browserAgentTools.find((t) => t.name === 'browser_screenshot')!;
    const answer = await shot.run(shot.input.parse({}), { cwd: repo });
    expect(shot.render(answer)).toMatch(/^screenshot \(viewport, 1280×720 CSS px/);
    const [image] = shot.images(answer);
    expect(PNG.sync.read(readFileSync(image!)).width).toBe(1280);
    expect(shot.exitCode(answer)).toBe(0);
  });

  it('runs a journey of app/journeys on the env Chromium and records it', async () => {
    const run = await harness(['journey', 'run', 'add-task', '--record', '--json'], { cwd: repo });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.json.passed).toBe(true);
    const video = String(run.json.video);
    const frames = execFileSync('/usr/bin/ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', video], { encoding: 'utf8' });
    expect(Number(frames.trim())).toBeGreaterThan(0);
  });

  it("finds a journey's spans in telemetry by its name, and checks journey budgets on them", async () => {
    const complete = await harness(['journey', 'run', 'complete-task', '--json'], { cwd: repo });
    expect(complete.code, complete.stdout + complete.stderr).toBe(0);
    expect(complete.json.passed).toBe(true);
    // Each journey's requests carried `baggage: harness.journey=NAME`; the app put it on its server spans.
    type Search = { traces: { traceId: string; root: string; matched: string[] }[]; filter: string };
    const added = await harness(['traces', 'search', '--journey', 'add-task', '--since', 'up', '--limit', '50', '--json'], { cwd: repo });
    expect(added.code, added.stdout + added.stderr).toBe(0);
    const addRoots = (added.json as unknown as Search).traces.map((t) => t.root);
    expect(addRoots).toContain('POST /api/tasks');
    expect(addRoots).not.toContain('PATCH /api/tasks/:id');
    const completed = await harness(['traces', 'search', '--journey', 'complete-task', '--since', 'up', '--limit', '50', '--json'], { cwd: repo });
    expect((completed.json as unknown as Search).traces.map((t) => t.root)).toEqual(expect.arrayContaining(['POST /api/tasks', 'PATCH /api/tasks/:id']));
    const text = await harness(['traces', 'search', '--journey', 'add-task', '--since', 'up'], { cwd: repo });
    expect(text.stdout).toMatch(/POST \/api\/tasks \[reference-app\]/);
    // A journey budget measures those spans: it passes with a generous limit and fails with a tiny one.
    const budgets = join(repo, 'journey-budgets.json');
    const budget = (name: string, maxDuration: string) => ({ name, spans: { journeys: ['add-task', 'complete-task'] }, maxDuration, since: 'up' });
    writeFileSync(budgets, JSON.stringify({ budgets: [budget('generous', '60s')] }));
    const pass = await harness(['check', '--budgets', budgets, '--json'], { cwd: repo });
    expect(pass.code, pass.stdout + pass.stderr).toBe(0);
    writeFileSync(budgets, JSON.stringify({ budgets: [budget('tiny', '1us')] }));
    const fail = await harness(['check', '--budgets', budgets], { cwd: repo });
    expect(fail.code, fail.stdout + fail.stderr).toBe(1);
    expect(fail.stdout).toMatch(/FAIL +tiny: observed [\d.]+ \S+ \(slowest of \d+ spans\)/);
    expect(fail.stdout).toMatch(/journey=(add|complete)-task/);
  });

  it('fails a call on a wedged page at its deadline with a clear error and exit code 1', async () => {
    const hang = await browser(['eval', 'while (true) {}', '--deadline', '1000']);
    expect(hang.code).toBe(1);
    expect(hang.stderr).toMatch(/^error: evaluate the expression did not finish within its 1000 ms deadline/m);
    expect(hang.stderr).toMatch(/^ {2}fix: /m);
    const next = await browser(['navigate', '/', '--json']);
    expect(next.code, next.stdout + next.stderr).toBe(0);
  });

  it('stops Chromium with the env: nothing of it is left after down', async () => {
    const status = await browser(['status', '--json']);
    const pid = Number(status.json.pid);
    expect(pid).toBeGreaterThan(0);
    const down = await harness(['down', '--json'], { cwd: repo });
    expect(down.code).toBe(0);
    const left = markedPids(envId).map((p) => `${p} ${readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 160)}`);
    expect(left).toEqual([]);
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
