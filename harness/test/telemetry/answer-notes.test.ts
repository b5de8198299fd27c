import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { carriesDiagnostic, type Diagnostic } from '../../src/utils/diagnostic.js';
import { logsTool, metricsTool, traceGetTool } from '../../src/domains/telemetry/ui/tools.js';
import { translateLogql } from '../../src/domains/telemetry/service/logql/translate.js';
import type { LogsAnswer } from '../../src/domains/telemetry/types/answers.js';
import { ingestJsonLines, startStore, type RunningStore } from '../support/stores.js';
import { seedLines, STREAM_FIELDS } from './helpers/log-dataset.js';
import { testEnv } from './helpers/env.js';

// What an answer says besides its rows: an empty answer caused by a mistyped label or
// metric name names the close stored names; ignored flags and unflushed apps are noted;
// inputs the tools cannot take (remote stores, huge limits, absurd nesting, functions
// without a LogsQL counterpart) get a diagnostic with a fix of their own.

const bin = fileURLToPath(new URL('../../bin/harness.js', import.meta.url));

function diagnosticOf(fn: () => unknown): Diagnostic {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(carriesDiagnostic(caught), `not a diagnostic: ${String(caught)}`).toBe(true);
  return (caught as { diagnostic: Diagnostic }).diagnostic;
}

describe('answer notes and input limits on real stores', () => {
  let vl: RunningStore;
  let vm: RunningStore;
  const now = Date.now();
  const ctx = (): { cwd: string; env: ReturnType<typeof testEnv> } => ({ cwd: process.cwd(), env: testEnv({ logs: vl.url, metrics: vm.url }) });
  const cliEnv = (): NodeJS.ProcessEnv => ({ ...process.env, VL_INSTANCE_ENTRYPOINT: vl.url, VM_INSTANCE_ENTRYPOINT: vm.url, VT_INSTANCE_ENTRYPOINT: vl.url, HARNESS_ENV_ID: 'notes-env' });

  beforeAll(async () => {
    [vl, vm] = await Promise.all([startStore('victoria-logs'), startStore('victoria-metrics')]);
    await ingestJsonLines(vl.url, seedLines(now), STREAM_FIELDS);
    const sample = `http_server_request_duration_seconds_count{http_route="/api/tasks"} 7 ${now - 30_000}\ntasks_created_total 3 ${now - 30_000}\n`;
    const res = await fetch(`${vm.url}/api/v1/import/prometheus`, { method: 'POST', body: sample });
    expect(res.ok).toBe(true);
    await fetch(`${vm.url}/internal/force_flush`);
  });
  afterAll(async () => {
    await Promise.all([vl?.stop(), vm?.stop()]);
  });

  it('says a label no stored line has reads as empty, naming the closest stored fields', async () => {
    const answer = (await logsTool.run({ query: '{job="web"}', since: '1h' }, ctx())) as LogsAnswer;
    expect(answer.omitted.total).toBe(0);
    expect(answer.notes.join('\n')).toMatch(/label job is not a field of any line in the window.*stored fields: .*app/);
    const typo = (await logsTool.run({ query: '{ap="web"} | levle="error"', since: '1h' }, ctx())) as LogsAnswer;
    expect(typo.notes).toEqual(expect.arrayContaining([expect.stringMatching(/label ap is not a field.*did you mean app/), expect.stringMatching(/label levle .*did you mean level/)]));
    const known = (await logsTool.run({ query: '{app="web"} | level="error"', since: '1h' }, ctx())) as LogsAnswer;
    expect(known.notes.filter((n) => n.includes('is not a field'))).toEqual([]);
  });

  it('suggests close metric names when a PromQL query answers no series', async () => {
    const answer = await metricsTool.run({ query: 'sum(task_created_total)' }, ctx());
    expect(answer.series).toEqual([]);
    expect(answer.notes).toEqual(['no metric named task_created_total has samples in the last 24 h; did you mean tasks_created_total?']);
    const found = await metricsTool.run({ query: 'sum by (http_route) (http_server_request_duration_seconds_count{http_route=~"/api/.*"})' }, ctx());
    expect(found.series.map((s) => s.value)).toEqual([7]);
    expect(found.notes).toEqual([]);
  });

  it('notes that --since does not move a LogQL metric query, and that no app was asked to flush', async () => {
    const answer = (await logsTool.run({ query: 'sum(count_over_time({app="web"}[1h]))', since: '5m' }, ctx())) as LogsAnswer;
    expect(answer.notes.join('\n')).toContain('--since 5m does not apply to a metric query: it is evaluated at now over its range [1h]');
    expect(logsTool.render(answer)).toContain('note: no app process was asked to flush its telemetry');
    const json = (await logsTool.run({ query: 'sum by (level) (count_over_time({app="web"} | json [1h]))' }, ctx())) as LogsAnswer;
    expect(json.notes.join('\n')).toContain('count_over_time counts every line the selector and line filters keep, also those that are not valid json');
  });

  it('refuses a limit above the maximum, naming the flag or field and its range', () => {
    const cli = spawnSync(process.execPath, [bin, 'logs', '{app="web"}', '--limit', '200000'], { encoding: 'utf8', env: cliEnv() });
    expect(cli.status).toBe(2);
    expect(cli.stderr).toContain('--limit 200000 is above the maximum, 100000');
    const parsed = logsTool.input.safeParse({ query: '{app="web"}', limit: 200_000 });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain('a whole number from 1 to 100000');
  });

  it('does not suggest a --limit above the maximum when more lines match than one answer holds', async () => {
    const t = new Date(now - 120_000).toISOString();
    await ingestJsonLines(vl.url, Array.from({ length: 100_001 }, (_, i) => ({ _time: t, _msg: `bulk ${i}`, app: 'bulk' })), ['app']);
    const answer = (await logsTool.run({ query: '{app="bulk"}', since: '1h' }, ctx())) as LogsAnswer;
    expect(answer.omitted).toMatchObject({ total: 100_001, shown: 50 });
    expect(answer.omitted.hint).toContain('narrow the query or the window');
    expect(answer.omitted.hint).not.toContain('--limit');
  }, 60_000);

  it('refuses a LogQL query nested too deep with its position instead of overflowing the stack', () => {
    const query = `${'('.repeat(3000)}sum(count_over_time({app="web"}[5m]))${')'.repeat(3000)}`;
    const d = diagnosticOf(() => translateLogql(query));
    expect(d.what).toContain('more than 64 nested parentheses');
    expect(d.where).toBe('LogQL query, column 65');
    expect(d.fix).toContain('remove the redundant parentheses');
  });

  it.each([
    ['vector(0)', 'count without a grouping'],
    ['absent(count_over_time({app="web"}[5m]))', 'read 0 as absent'],
    ['label_replace(sum by (route) (count_over_time({app="web"}[5m])), "r", "$1", "route", "(.*)")', 'replace_regexp'],
    ['round(sum(count_over_time({app="web"}[5m])))', 'math round(value) as value'],
    ['clamp_min(sum(count_over_time({app="web"}[5m])), 1)', 'math max(value, 0) as value'],
    ['rate_counter({app="web"} | json | unwrap x [5m])', 'stats by (…) max(x), min(x)'],
  ])('refuses %s with a suggestion of its own', (query, fix) => {
    expect(diagnosticOf(() => translateLogql(query)).fix).toContain(fix);
  });

  it('explains the Loki idiom | __error__="" instead of refusing it generically', () => {
    const d = diagnosticOf(() => translateLogql('{app="web"} | json | __error__=""'));
    expect(d.fix).toContain('drop `| __error__=""`');
    expect(d.fix).toContain('|~ `^\\s*\\{` | json');
  });

  it('refuses store entrypoints that are not on loopback, before asking them anything', () => {
    const run = spawnSync(process.execPath, [bin, 'logs', '{app="web"}'], {
      encoding: 'utf8',
      env: { ...cliEnv(), VM_INSTANCE_ENTRYPOINT: 'http://10.11.12.13:8428' },
      cwd: '/',
      timeout: 20_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('VM_INSTANCE_ENTRYPOINT=http://10.11.12.13:8428 is not a loopback URL');
    expect(run.stderr).toContain('fix: set VM_INSTANCE_ENTRYPOINT to http://127.0.0.1:<port>');
  });

  it('checks a trace id before looking for an env', async () => {
    const error = await traceGetTool.run({ traceId: 'abc' }, { cwd: '/' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(carriesDiagnostic(error) && error.diagnostic.what).toBe('"abc" is not a trace id');
  });

  it('prints --tail --json lines in the shape of harness logs --json, and reports a stream the store closed', async () => {
    const own = await startStore('victoria-logs');
    const child = spawn(process.execPath, [bin, 'logs', '--tail', '--json', '{app="web"}'], {
      env: { ...cliEnv(), VL_INSTANCE_ENTRYPOINT: own.url, HARNESS_ENV_ID: 'tail-env' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const deadline = Date.now() + 20_000;
    while (!out.includes('"message":"tailed"') && Date.now() < deadline) {
      await ingestJsonLines(own.url, [{ _time: new Date().toISOString(), _msg: 'tailed', app: 'web' }], ['app']);
      await new Promise((r) => setTimeout(r, 500));
    }
    const first = JSON.parse(out.split('\n')[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ env: 'tail-env', message: 'tailed', stream: '{app="web"}' });
    expect(first).not.toHaveProperty('_msg');
    await own.stop();
    expect(await exited).toBe(2);
    expect(out).toContain('closed the --tail stream of env tail-env');
  }, 60_000);
});
