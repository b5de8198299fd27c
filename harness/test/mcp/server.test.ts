import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { call, harness, makeReferenceRepo, repoRoot, startMcp, textOf, type McpSession } from './helpers.js';

// `harness mcp` as an agent client sees it: the SDK's client starts the server on stdio in
// a repo whose env is the reference app, lists the tools, and calls each one against the
// live env (booted by env_up itself), asserting what the answers say.

const EXPECTED_TOOLS = [
  ...['env_up', 'env_status', 'env_restart_app', 'env_down'],
  ...['browser_navigate', 'browser_wait', 'browser_snapshot', 'browser_dom', 'browser_click', 'browser_type', 'browser_fill', 'browser_select', 'browser_press', 'browser_scroll', 'browser_upload', 'browser_dialog'],
  ...['browser_screenshot', 'browser_console', 'browser_network', 'browser_eval', 'browser_mark', 'browser_diff', 'browser_record', 'browser_status', 'journey_run', 'evidence_start', 'evidence_stop'],
  ...['logs_query', 'metrics_query', 'metrics_list', 'traces_search', 'traces_get', 'budgets_check', 'architecture_lint', 'docs_lint'],
];

const EnvJsonSchema = z.object({ id: z.string(), urls: z.object({ app: z.string() }) });

describe('harness mcp against a live env of the reference app', () => {
  let repo: string;
  let mcp: McpSession;
  let app: string;
  let envId: string;

  beforeAll(async () => {
    repo = makeReferenceRepo();
    mcp = await startMcp({ cwd: repo });
  });

  afterAll(async () => {
    await mcp?.close();
    if (repo) {
      await harness(['down'], { cwd: repo });
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('lists every tool with a description for agents and a JSON Schema input whose fields are all described', async () => {
    const { tools } = await mcp.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(EXPECTED_TOOLS);
    for (const tool of tools) {
      expect(tool.name).toMatch(/^[a-z]+(_[a-z]+)+$/);
      expect(tool.description?.length, tool.name).toBeGreaterThan(80);
      expect(tool.inputSchema.type).toBe('object');
      for (const [field, schema] of Object.entries(tool.inputSchema.properties ?? {})) {
        expect((schema as { description?: string }).description, `${tool.name}.${field}`).toBeTruthy();
      }
      expect(tool.annotations?.openWorldHint, tool.name).toBe(['browser_navigate', 'browser_eval'].includes(tool.name));
    }
    expect(tools.find((t) => t.name === 'logs_query')?.annotations?.readOnlyHint).toBe(true);
    expect(tools.find((t) => t.name === 'env_down')?.annotations?.destructiveHint).toBe(true);
    expect(mcp.client.getInstructions()).toContain(repo);
  });

  it('answers a tool that needs the env, while it is down, with the fix (an error result, not a protocol error)', async () => {
    const logs = await call(mcp, 'logs_query', { query: '{service_name="reference-app"}' });
    expect(logs.isError).toBe(true);
    expect(textOf(logs)).toMatch(/^error: no env is running in .+ \(env .+\)\n {2}why: logs_query works on this worktree's running env/);
    expect(textOf(logs)).toContain('fix: call env_up to boot it');
    const status = await call(mcp, 'env_status');
    expect(status.isError).toBeFalsy();
    expect(textOf(status)).toContain('no env is running in');
    // A call that does not read the env still works: the LogQL translation.
    const explain = await call(mcp, 'logs_query', { query: '{service_name="reference-app"} |= "task created"', explain: true });
    expect(explain.isError).toBeFalsy();
    expect(textOf(explain)).toContain('LogsQL:');
  });

  it('refuses bad arguments with what is wrong and the schema to follow; an unknown tool is a protocol error', async () => {
    const bad = await call(mcp, 'logs_query', { query: 42 });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toContain('bad arguments for logs_query: query: ');
    await expect(mcp.client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toThrow(/unknown tool no_such_tool/);
  });

  it('env_up boots the env, reporting progress, and env_status then shows it healthy', async () => {
    const progress: string[] = [];
    const up = await call(mcp, 'env_up', {}, (m) => progress.push(m));
    expect(up.isError, textOf(up)).toBeFalsy();
    const env = EnvJsonSchema.parse(JSON.parse(readFileSync(join(repo, '.harness', 'env.json'), 'utf8')));
    ({ id: envId } = env);
    app = env.urls.app;
    expect(textOf(up)).toContain(`env ${envId} is up in`);
    expect(textOf(up)).toContain(app);
    expect(progress.length).toBeGreaterThan(0);
    const status = await call(mcp, 'env_status');
    expect(textOf(status)).toContain(`env ${envId} in ${repo}`);
    expect(textOf(status)).toContain('healthy');
    const again = await call(mcp, 'env_up');
    expect(textOf(again)).toContain('is already running');
  }, 300_000);

  it("logs_query returns the app's own lines for what was just done", async () => {
    for (const title of ['buy milk', 'walk the dog']) {
      const response = await fetch(new URL('/api/tasks', app), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title }) });
      expect(response.status).toBe(201);
    }
    const logs = await call(mcp, 'logs_query', { query: '{service_name="reference-app"} |= "task created"' });
    expect(logs.isError, textOf(logs)).toBeFalsy();
    expect(textOf(logs)).toContain(`env ${envId}`);
    expect(textOf(logs).match(/task created/g)?.length, textOf(logs)).toBeGreaterThanOrEqual(2);
  });

  it('metrics_list and metrics_query read the counters the app exported', async () => {
    const list = await call(mcp, 'metrics_list', { match: 'tasks_created' });
    expect(textOf(list)).toContain('tasks_created_total');
    const sum = await call(mcp, 'metrics_query', { query: 'sum(tasks_created_total)' });
    expect(sum.isError, textOf(sum)).toBeFalsy();
    expect(textOf(sum)).toMatch(/\b2\b/);
  });

  it('traces_search finds the requests and traces_get draws one as a waterfall', async () => {
    const search = await call(mcp, 'traces_search', { operation: 'POST /api/tasks' });
    expect(search.isError, textOf(search)).toBeFalsy();
    const ids = [...textOf(search).matchAll(/\b([0-9a-f]{32})\b/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    const trace = await call(mcp, 'traces_get', { traceId: ids[0]! });
    expect(textOf(trace)).toContain('POST /api/tasks');
    expect(textOf(trace)).toContain('INSERT tasks');
  });

  it('budgets_check reports a failed budget as an answer with its evidence, not an error', async () => {
    const check = await call(mcp, 'budgets_check');
    expect(check.isError).toBeFalsy();
    expect(textOf(check)).toContain('FAIL  no task created');
    expect(textOf(check)).toContain('PASS  no ERROR log');
  });

  it('cuts a long answer at the budget, saving the whole answer and saying where', async () => {
    const small = await startMcp({ cwd: repo, args: ['--max-chars', '300'] });
    try {
      const logs = await call(small, 'logs_query', { query: '{service_name="reference-app"}', limit: 40 });
      const text = textOf(logs);
      const saved = /the whole answer is saved in (\S+) \(read it/.exec(text)?.[1];
      expect(saved, text).toBeDefined();
      expect(text.length).toBeLessThan(700);
      expect(saved!.startsWith(`${repo}/.harness/`)).toBe(true);
      const full = readFileSync(saved!, 'utf8');
      expect(full.length).toBeGreaterThan(300);
      expect(full.startsWith(text.split('\n… cut here')[0]!)).toBe(true);
    } finally {
      await small.close();
    }
  });

  it('env_restart_app restarts the app alone; its data and the telemetry stay', async () => {
    const before = JSON.parse(readFileSync(join(repo, '.harness', 'env.json'), 'utf8')) as { processes: { role: string; pid: number }[] };
    const restarted = await call(mcp, 'env_restart_app');
    expect(restarted.isError, textOf(restarted)).toBeFalsy();
    const pid = Number(/\(pid (\d+)\)/.exec(textOf(restarted))?.[1]);
    expect(pid).not.toBe(before.processes.find((p) => p.role === 'app')?.pid);
    expect((await (await fetch(new URL('/api/tasks', app))).json()) as unknown).toMatchObject({ tasks: expect.arrayContaining([expect.objectContaining({ title: 'buy milk' })]) });
    const logs = await call(mcp, 'logs_query', { query: '{service_name="reference-app"} |= "task created"' });
    expect(textOf(logs)).toContain('task created');
  }, 120_000);

  it('docs_lint lints the docs of the served worktree and returns the findings with their fixes', async () => {
    const lint = await call(mcp, 'docs_lint', { limit: 5 });
    expect(lint.isError).toBeFalsy();
    expect(textOf(lint)).toMatch(/^docs lint: \d+ errors?/);
    expect(textOf(lint)).toContain('fix: ');
  });

  it('architecture_lint answers a repo without an architecture model with the fix; on this repository it lints', async () => {
    const none = await call(mcp, 'architecture_lint');
    expect(none.isError).toBe(true);
    expect(textOf(none)).toContain('has no `architecture` section');
    expect(textOf(none)).toContain("fix: add `architecture: { roots: [{ path: 'src' }] }`");
    const here = await startMcp({ cwd: repoRoot, args: ['--tools', 'architecture'] });
    try {
      const lint = await call(here, 'architecture_lint', { limit: 3 });
      expect(textOf(lint)).toMatch(/^harness lint: (clean|\d+ violations?)/);
      expect(textOf(lint)).toContain('dependency-cruiser');
    } finally {
      await here.close();
    }
  }, 120_000);

  it('env_down stops the env; the tools then answer with the fix again; stdout carried only protocol messages', async () => {
    const down = await call(mcp, 'env_down');
    expect(textOf(down)).toContain(`env ${envId} is down in`);
    expect(existsSync(join(repo, '.harness', 'env.json'))).toBe(false);
    const logs = await call(mcp, 'logs_query', { query: '{service_name="reference-app"}' });
    expect(logs.isError).toBe(true);
    expect(textOf(logs)).toContain('call env_up');
    expect(mcp.protocolErrors).toEqual([]);
  }, 120_000);
});
