import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTool } from '../../src/domains/telemetry/ui/tools.js';
import { ingestJsonLines, startStore, type RunningStore } from '../support/stores.js';
import { testEnv } from './helpers/env.js';

// A budget that cannot be checked (a query the store refuses, a window with no start) is
// one result with its diagnostic; the other budgets still run, the JUnit file is written
// with an <error>, and the exit code says what happened.
describe('harness check with budgets that cannot be checked', () => {
  let vl: RunningStore;
  let vm: RunningStore;
  let dir: string;
  const bin = fileURLToPath(new URL('../../bin/harness.js', import.meta.url));
  const vars = (): NodeJS.ProcessEnv => ({ ...process.env, VL_INSTANCE_ENTRYPOINT: vl.url, VM_INSTANCE_ENTRYPOINT: vm.url, VT_INSTANCE_ENTRYPOINT: vl.url, HARNESS_ENV_ID: 'budget-env' });
  const check = (budgets: unknown[], ...args: string[]): SpawnSyncReturns<string> => {
    const file = join(dir, `budgets-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(budgets));
    return spawnSync(process.execPath, [bin, 'check', '--budgets', file, ...args], { encoding: 'utf8', env: vars(), cwd: dir });
  };
  const ok = { name: 'few web lines', logsql: 'app:=web', maxCount: 10, since: '1h' };
  const brokenPromql = { name: 'broken promql', promql: 'sum(rate(x[5m]', max: 1 };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'harness-budget-errors-'));
    [vl, vm] = await Promise.all([startStore('victoria-logs'), startStore('victoria-metrics')]);
    const t = new Date(Date.now() - 60_000).toISOString();
    await ingestJsonLines(vl.url, [{ _time: t, _msg: 'GET /', app: 'web' }, { _time: t, _msg: 'POST /', app: 'web' }], ['app']);
  });
  afterAll(async () => {
    await Promise.all([vl?.stop(), vm?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports a refused query as an error result and still checks the others', async () => {
    const file = join(dir, 'tool.json');
    // testEnv has no app; upAt null is the env-variable path, where `since: up` has no start.
    writeFileSync(file, JSON.stringify([ok, brokenPromql, { name: 'since up', logs: '{app="web"}' }]));
    const env = { ...testEnv({ logs: vl.url, metrics: vm.url }, 'budget-env'), upAt: null };
    const answer = await checkTool.run({ budgets: file, junit: join(dir, 'tool.xml') }, { cwd: dir, env });
    expect(answer.results.map((r) => [r.name, r.status])).toEqual([
      ['few web lines', 'pass'],
      ['broken promql', 'error'],
      ['since up', 'error'],
    ]);
    expect(answer).toMatchObject({ passed: 1, failed: 0, errors: 2 });
    expect(checkTool.exitCode(answer)).toBe(1);
    const [, promql, since] = answer.results;
    expect(promql?.error?.where).toMatch(/tool.json budgets\[1\], PromQL query, column \d+/);
    expect(since?.error?.what).toContain("this env's start time is unknown");
    expect(since?.error?.fix).toContain("since: '1h'");
    const text = checkTool.render(answer);
    expect(text).toContain('PASS  few web lines: observed 2 lines');
    expect(text).toContain('ERROR broken promql: could not be checked');
    expect(text).toContain('0 of 3 budgets failed, 2 could not be checked');
    const junit = readFileSync(join(dir, 'tool.xml'), 'utf8');
    expect(junit).toContain('tests="3" failures="0" errors="2"');
    expect(junit.match(/<error message=/g)).toHaveLength(2);
  });

  it('exits 1 from the CLI with the JUnit written when some budgets ran, 2 when none could', () => {
    const some = check([ok, brokenPromql], '--junit', join(dir, 'some.xml'));
    expect(some.status).toBe(1);
    expect(some.stdout).toContain('ERROR broken promql');
    expect(readFileSync(join(dir, 'some.xml'), 'utf8')).toContain('<error message=');
    const none = check([brokenPromql], '--junit', join(dir, 'none.xml'), '--json');
    expect(none.status).toBe(2);
    expect(JSON.parse(none.stdout)).toMatchObject({ errors: 1, results: [{ status: 'error' }] });
    expect(readFileSync(join(dir, 'none.xml'), 'utf8')).toContain('errors="1"');
  });

  it('refuses a logs budget whose LogQL is malformed or a metric query when the budgets load, naming the field', () => {
    const bad = check([ok, { name: 'bad logql', logs: '{app="web"' }]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('budgets[1].logs');
    expect(bad.stderr).toContain('budget "bad logql"');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const metric = check([{ name: 'metric', logs: 'sum(count_over_time({app="web"}[5m]))' }]);
    expect(metric.status).toBe(2);
    expect(metric.stderr).toContain('logs must be a log query');
  });
});
