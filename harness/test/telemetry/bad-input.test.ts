import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { carriesDiagnostic, type Diagnostic } from '../../src/utils/diagnostic.js';
import { logsTool, metricsTool } from '../../src/domains/telemetry/ui/tools.js';
import { translateLogql } from '../../src/domains/telemetry/service/logql/translate.js';
import { startStore, type RunningStore } from '../support/stores.js';
import { testEnv } from './helpers/env.js';

// Malformed queries in the three languages: each must come back as a diagnostic saying
// what is wrong, where (the column) and an example of the right form; never a crash.

/** [query, a phrase the error names, the 1-based column it points at (null: no position)] */
const LOGQL: Array<[string, string, number | null]> = [
  ['', 'the query is empty', 1],
  ['{app="web"', 'unexpected end of the query: a "," between matchers or a closing "}"', 11],
  ['{app=web}', 'expected a quoted value', 6],
  // Loki refuses selectors every stream matches; so does the translator (no silent `*`).
  ['{}', 'the stream selector {} selects every stream', 1],
  ['{app=~".*", level!="debug"} |= "x"', 'every matcher of this stream selector also matches an empty value', 1],
  ['{app~"web"}', 'unexpected character "~"', 5],
  ['{app="web"} |= error', 'expected a quoted string after |=', 16],
  ['{app="web"} |~ "\\d+"', '"\\d" is not a valid escape', 17],
  ['{app="web"} | json | status >= "500"', 'a number, duration or size after >=', 32],
  ['{app="web"} | status >', 'a value after >', 23],
  ['sum(count_over_time({app="web"}))', 'a range such as [5m]', 32],
  ['count_over_time({app="web"}[5x])', '"5x" is not a number, a duration or a byte size', 29],
  ['rate({app="web"}[5m]', 'a closing ")" for rate', 21],
  ['sum by level (rate({app="web"}[5m]))', '"(" after by', 8],
  ['quantile_over_time(1.5, {app="web"} | json | unwrap x [5m])', 'a quantile between 0 and 1', 20],
  ['topk(x, sum(rate({app="web"}[5m])))', 'the number of series to keep', 6],
  ['avg_over_time({app="web"}[5m])', 'avg_over_time needs an unwrapped value', 1],
  ['{app="web"} | unwrap latency', 'unwrap only makes sense inside a metric function', 13],
  ['nosuch({app="web"}[5m])', 'unknown function "nosuch"', 1],
  ['{app="web"}[5m]', 'a range like [5m] belongs inside a metric function', 12],
  ['{app="web"} | json | status >= 500 |', 'a stage after "|"', 37],
  ['{app="web"} | line_format "{{ printf \\"%d\\" .a }}"', 'cannot be translated to LogsQL exactly', 28],
  ['{app="web"} | pattern "<ip> <_>"', 'the pattern stage cannot be translated', 13],
  ['sum(rate({app="web"}[5m])) / sum(rate({app="api"}[5m]))', '/ between two queries cannot be translated', 28],
];

const LOGSQL: Array<[string, string, number | null]> = [
  ['app:(', 'compound token cannot start with', 5],
  ['* | sort by (x', "expecting ',' or ')'", 14],
  ['_time:5x', 'cannot parse duration', 8],
  ['path:~"(["', 'missing closing ]', 10],
  ['* | stats quantile(x) q', 'phi arg', 23],
  ['"unterminated', 'compound token cannot start with', 1],
  ['* | unpack_json from', "cannot parse 'from' field name", 20],
  ['status:>', 'cannot parse [] as number', 8],
];

const PROMQL: Array<[string, string, number | null]> = [
  ['sum(rate(foo[5m])', 'unexpected token', 18],
  ['foo{a="b"', 'labelFilters', 10],
  ['rate(foo[5x])', 'unexpected token "x"', 11],
  ['foo +', 'singleExpr', 6],
  ['nosuchfunc(foo)', 'unsupported function "nosuchfunc"', 1],
  ['foo{a=~"(["}', 'invalid regexp', null],
  ['histogram_quantile(0.9)', 'unexpected number of args', 1],
  ['foo bar', 'unparsed data left', 5],
  ['   ', 'the PromQL query is empty', null],
];

function expectDiagnostic(error: unknown, phrase: string, column: number | null): Diagnostic {
  expect(carriesDiagnostic(error), `not a diagnostic: ${String(error)}`).toBe(true);
  const d = (error as { diagnostic: Diagnostic }).diagnostic;
  expect(d.what).toContain(phrase);
  expect(d.why.length).toBeGreaterThan(10);
  expect(d.fix).toMatch(/e\.g\.|write it like|harness |use |drop |give |remove /);
  if (column !== null) expect(d.where).toMatch(new RegExp(`column ${column}$`));
  return d;
}

describe('malformed LogQL', () => {
  it.each(LOGQL)('%s', (query, phrase, column) => {
    let caught: unknown;
    try {
      translateLogql(query);
    } catch (error) {
      caught = error;
    }
    const d = expectDiagnostic(caught, phrase, column);
    // The excerpt shows the query with a caret under the offending part.
    if (query.trim()) expect(d.what).toMatch(/\n {4}.*\n {4}\s*\^+/);
  });
});

describe('malformed LogsQL and PromQL against the real stores', () => {
  let vl: RunningStore;
  let vm: RunningStore;
  beforeAll(async () => {
    [vl, vm] = await Promise.all([startStore('victoria-logs'), startStore('victoria-metrics')]);
  });
  afterAll(async () => {
    await Promise.all([vl?.stop(), vm?.stop()]);
  });
  const ctx = (): { cwd: string; env: ReturnType<typeof testEnv> } => ({ cwd: process.cwd(), env: testEnv({ logs: vl.url, metrics: vm.url }) });

  it.each(LOGSQL)('LogsQL %s', async (query, phrase, column) => {
    const error = await logsTool.run({ query, logsql: true }, ctx()).then(
      () => null,
      (e: unknown) => e,
    );
    expectDiagnostic(error, phrase, column);
  });

  it.each(PROMQL)('PromQL %s', async (query, phrase, column) => {
    const error = await metricsTool.run({ query }, ctx()).then(
      () => null,
      (e: unknown) => e,
    );
    expectDiagnostic(error, phrase, column);
  });

  it('counts at least 30 malformed inputs across the three languages', () => {
    expect(LOGQL.length + LOGSQL.length + PROMQL.length).toBeGreaterThanOrEqual(30);
  });

  it('prints a diagnostic without a stack trace and exits 2, in every language', () => {
    const bin = fileURLToPath(new URL('../../bin/harness.js', import.meta.url));
    const env = { ...process.env, VL_INSTANCE_ENTRYPOINT: vl.url, VM_INSTANCE_ENTRYPOINT: vm.url, VT_INSTANCE_ENTRYPOINT: vl.url };
    for (const args of [
      ['logs', '{app="web"} |= error'],
      ['logs', '--logsql', '* | sort by (x'],
      ['metrics', 'sum(rate(foo[5m])'],
      ['logs', '{app="web"}', '--since', 'yesterday'],
    ]) {
      const run = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env, cwd: '/' });
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/^error: /);
      expect(run.stderr).toContain('fix: ');
      expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    }
  });

  it('says the store is not running, naming it and the fix, instead of a socket error', async () => {
    const error = await logsTool.run({ query: '{app="web"}' }, { cwd: process.cwd(), env: testEnv({ logs: 'http://127.0.0.1:1', metrics: vm.url }) }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(carriesDiagnostic(error)).toBe(true);
    const d = (error as { diagnostic: Diagnostic }).diagnostic;
    expect(d.what).toContain("this env's VictoriaLogs is not running");
    expect(d.what).toContain('run `harness up`');
    expect(d.what).not.toContain('fetch failed');
  });
});
