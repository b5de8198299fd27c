import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { harness } from '../support/cli.js';
import { loadBudgets } from '../../src/domains/telemetry/repo/budgets-source.js';

// The real stack booted by `harness up` (VictoriaLogs, VictoriaMetrics, the traces store,
// the reference app), driven through the CLI as an agent would: a known sequence of
// requests yields exact log counts, metric values and span trees, and the budgets declared
// in harness.config.ts pass and fail with their evidence.

const appMain = fileURLToPath(new URL('../../../app/dist/shell/main.js', import.meta.url));

async function json(cwd: string, ...args: string[]): Promise<Record<string, unknown>> {
  const run = await harness([...args, '--json'], { cwd });
  if (run.code !== 0 && run.code !== 1) throw new Error(`harness ${args.join(' ')} exited ${run.code}: ${run.stdout}${run.stderr}`);
  return z.record(z.string(), z.unknown()).parse(JSON.parse(run.stdout));
}

const config = (app: string): string => `export default {
  app: {
    name: 'reference-app',
    command: ['node', ${JSON.stringify(app)}, '--port', '{ports.http}', '--data-dir', '{dataDir}'],
    ports: { http: 'PORT' },
    health: { path: '/healthz', timeout: '30s' },
    otel: { preload: false, exportInterval: '1s' },
  },
  budgets: [
    { name: 'app startup under 10 s', spans: { service: 'reference-app', name: 'app.startup' }, maxDuration: '10s' },
    { name: 'no ERROR log', logs: '{service_name="reference-app"} | severity="ERROR"' },
    { name: 'at most 2 tasks created', promql: 'sum(tasks_created_total)', max: 2 },
    { name: 'no rejected task', logs: '{service_name="reference-app"} | http_response_status_code = 422' },
  ],
};
`;

const LinesSchema = z.object({ env: z.string(), result: z.object({ kind: z.literal('lines'), lines: z.array(z.object({ message: z.string(), fields: z.record(z.string(), z.string()) })) }) });
const SeriesSchema = z.object({ result: z.object({ kind: z.literal('series'), series: z.array(z.object({ labels: z.record(z.string(), z.string()), value: z.number() })) }) });
const PromSchema = z.object({ env: z.string(), series: z.array(z.object({ labels: z.record(z.string(), z.string()), value: z.number() })) });
const SearchSchema = z.object({ traces: z.array(z.object({ traceId: z.string(), root: z.string(), spans: z.number(), errors: z.number() })) });
const TraceSchema = z.object({ spans: z.array(z.object({ depth: z.number(), span: z.object({ name: z.string(), kind: z.string(), parentSpanId: z.string(), attributes: z.record(z.string(), z.string()) }) })) });
const CheckSchema = z.object({ failed: z.number(), results: z.array(z.object({ name: z.string(), passed: z.boolean(), observed: z.string(), offenders: z.array(z.object({ what: z.string(), value: z.string() })) })) });

describe('telemetry queries against the stack booted by `harness up`', () => {
  let repo: string;
  let app: string;
  let envId: string;

  beforeAll(async () => {
    repo = realpathSync(mkdtempSync(join(tmpdir(), 'hx-tel-')));
    writeFileSync(join(repo, 'harness.config.ts'), config(appMain));
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo });
    const up = await json(repo, 'up');
    envId = z.object({ env: z.object({ id: z.string() }) }).parse(up).env.id;
    app = z.object({ urls: z.object({ app: z.string() }) }).parse(JSON.parse(readFileSync(join(repo, '.harness', 'env.json'), 'utf8'))).urls.app;
    // The known sequence: three tasks created, one rejected, two lists, one unknown path.
    const post = (title: string): Promise<Response> => fetch(new URL('/api/tasks', app), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title }) });
    for (const title of ['alpha', 'beta', 'gamma']) expect((await post(title)).status).toBe(201);
    expect((await post('')).status).toBe(422);
    for (let i = 0; i < 2; i++) expect((await fetch(new URL('/api/tasks', app))).status).toBe(200);
    expect((await fetch(new URL('/api/nope', app))).status).toBe(404);
  }, 120_000);

  afterAll(async () => {
    if (repo) {
      await harness(['down'], { cwd: repo });
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('counts the log lines of the sequence exactly (LogQL, through the readiness barrier)', async () => {
    const created = LinesSchema.parse(await json(repo, 'logs', '{service_name="reference-app"} |= "task created"'));
    expect(created.env).toBe(envId);
    expect(created.result.lines.map((l) => l.message)).toEqual(['task created', 'task created', 'task created']);
    expect(created.result.lines.map((l) => l.fields['task.id'])).toEqual(['1', '2', '3']);
    const byStatus = SeriesSchema.parse(
      await json(repo, 'logs', 'sum by (http_request_method, http_response_status_code) (count_over_time({service_name="reference-app"} |= "request handled" | http_route="/api/tasks" [15m]))'),
    );
    expect(byStatus.result.series).toEqual([
      { labels: { 'http.request.method': 'POST', 'http.response.status_code': '201' }, value: 3 },
      { labels: { 'http.request.method': 'GET', 'http.response.status_code': '200' }, value: 2 },
      { labels: { 'http.request.method': 'POST', 'http.response.status_code': '422' }, value: 1 },
    ]);
  });

  it('reads the exact counter and histogram counts (PromQL)', async () => {
    const tasks = PromSchema.parse(await json(repo, 'metrics', 'sum(tasks_created_total)'));
    expect(tasks.env).toBe(envId);
    expect(tasks.series.map((s) => s.value)).toEqual([3]);
    const requests = PromSchema.parse(await json(repo, 'metrics', 'sum by (http_request_method, http_response_status_code) (http_server_request_duration_seconds_count{http_route="/api/tasks"})'));
    expect(requests.series).toEqual([
      { labels: { http_request_method: 'POST', http_response_status_code: '201' }, value: 3 },
      { labels: { http_request_method: 'GET', http_response_status_code: '200' }, value: 2 },
      { labels: { http_request_method: 'POST', http_response_status_code: '422' }, value: 1 },
    ]);
  });

  it('finds the three creations as span trees: the server span over its database spans', async () => {
    const search = SearchSchema.parse(await json(repo, 'traces', 'search', '--operation', 'POST /api/tasks', '--attr', 'http.response.status_code=201'));
    expect(search.traces).toHaveLength(3);
    for (const found of search.traces) {
      expect(found).toMatchObject({ root: 'POST /api/tasks', errors: 0 });
      const trace = TraceSchema.parse(await json(repo, 'traces', 'get', found.traceId));
      const [root, ...children] = trace.spans;
      expect(root).toMatchObject({ depth: 0, span: { name: 'POST /api/tasks', kind: 'server', parentSpanId: '' } });
      expect(root?.span.attributes).toMatchObject({ 'http.route': '/api/tasks', 'http.response.status_code': '201' });
      expect(children.map((c) => [c.depth, c.span.kind, c.span.attributes['db.system.name']])).toEqual(children.map(() => [1, 'client', 'sqlite']));
      expect(children.map((c) => c.span.name)).toContain('INSERT tasks');
    }
    const rejected = SearchSchema.parse(await json(repo, 'traces', 'search', '--operation', 'POST /api/tasks', '--attr', 'http.response.status_code=422'));
    expect(rejected.traces.map((t) => t.spans)).toEqual([1]);
  });

  it('checks the budgets of harness.config.ts: passes and failures with their evidence, exit 1', async () => {
    const run = await harness(['check', '--json'], { cwd: repo });
    expect(run.code).toBe(1);
    const check = CheckSchema.parse(JSON.parse(run.stdout));
    expect(check.results.map((r) => [r.name, r.passed])).toEqual([
      ['app startup under 10 s', true],
      ['no ERROR log', true],
      ['at most 2 tasks created', false],
      ['no rejected task', false],
    ]);
    expect(check.failed).toBe(2);
    const byName = Object.fromEntries(check.results.map((r) => [r.name, r]));
    expect(byName['at most 2 tasks created']?.observed).toBe('3 (worst of 1 series)');
    expect(byName['no rejected task']?.observed).toBe('1 line');
    expect(byName['no rejected task']?.offenders.map((o) => o.value)).toEqual(['request handled']);
    const text = await harness(['check'], { cwd: repo });
    expect(text.stdout).toContain(`env ${envId} · 4 budgets from`);
    expect(text.stdout).toContain('FAIL  at most 2 tasks created: observed 3 (worst of 1 series), limit ≤ 2');
  });

  it("evaluates this repository's own budgets on the reference app's real telemetry", async () => {
    // harness.config.ts at the repository root: its p95 /api/* budget must measure something.
    const own = await loadBudgets(fileURLToPath(new URL('../../..', import.meta.url)));
    const file = join(repo, 'repo-budgets.json');
    writeFileSync(file, JSON.stringify(own.budgets));
    const run = await harness(['check', '--budgets', file, '--json'], { cwd: repo });
    const check = z.object({ results: z.array(z.object({ name: z.string(), kind: z.string(), status: z.string(), observedValue: z.number().nullable() })) }).parse(JSON.parse(run.stdout));
    const p95 = check.results.find((r) => r.kind === 'promql' && r.name.startsWith('p95'));
    expect(p95, run.stdout).toBeDefined();
    expect(p95?.status).not.toBe('error');
    expect(Number.isFinite(p95?.observedValue), run.stdout).toBe(true);
    expect(p95!.observedValue!).toBeGreaterThan(0);
  });

  it('says the env is not running once it is down, instead of a socket error', async () => {
    await harness(['down'], { cwd: repo });
    const run = await harness(['logs', '{service_name="reference-app"}'], { cwd: repo });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('run `harness up`');
    expect(run.stderr).not.toMatch(/ECONNREFUSED|\n\s+at /);
  });
});
