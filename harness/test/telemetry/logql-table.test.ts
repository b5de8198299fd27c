import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translateLogql } from '../../src/domains/telemetry/service/logql/translate.js';
import { evaluateMetric } from '../../src/domains/telemetry/service/logs.js';
import { LogsStore } from '../../src/domains/telemetry/repo/logs-store.js';
import { ingestJsonLines, startStore, type RunningStore } from '../support/stores.js';
import { seedLines, STREAM_FIELDS, WEB } from './helpers/log-dataset.js';
import { LOG_TABLE, METRIC_TABLE } from './helpers/logql-table.js';

// Every row of the translation table runs against a real VictoriaLogs holding the seeded
// lines: the translation must be the documented LogsQL, and VictoriaLogs must return
// exactly the lines (or series) the LogQL means.
describe('LogQL → LogsQL translation table on a real VictoriaLogs', () => {
  let vl: RunningStore;
  let store: LogsStore;
  let fields: string[];
  const now = Date.now();
  const hour = { start: now - 3_600_000, end: now };

  beforeAll(async () => {
    vl = await startStore('victoria-logs');
    await ingestJsonLines(vl.url, seedLines(now), STREAM_FIELDS);
    store = new LogsStore({ label: 'VictoriaLogs', base: vl.url, envId: 'table-test' });
    fields = await store.fieldNames('*', hour);
  });
  afterAll(async () => {
    await vl?.stop();
  });

  it('has at least 40 translations', () => {
    expect(LOG_TABLE.length + METRIC_TABLE.length).toBeGreaterThanOrEqual(40);
  });

  it.each(LOG_TABLE)('%s', async (logql, logsql, expected) => {
    const translation = translateLogql(logql, { knownFields: fields });
    expect(translation.kind).toBe('log');
    expect(translation.logsql).toBe(logsql);
    const rows = await store.query(translation.logsql, { ...hour, limit: 1000 });
    const ids = rows.map((r) => r.id).sort();
    const want = expected === 'WEB' ? WEB : expected.split(' ').filter(Boolean);
    expect(ids).toEqual([...want].sort());
  });

  it.each(METRIC_TABLE)('%s', async (logql, logsql, expected) => {
    const translation = translateLogql(logql, { knownFields: fields });
    expect(translation.kind).toBe('metric');
    expect(translation.logsql).toBe(logsql);
    const series = await evaluateMetric(store, translation, now);
    expect(series.map((s) => s.labels)).toEqual(expect.arrayContaining(expected.map(([labels]) => labels)));
    expect(series).toHaveLength(expected.length);
    for (const [labels, value] of expected) {
      const found = series.find((s) => JSON.stringify(s.labels) === JSON.stringify(labels));
      expect(found?.value, JSON.stringify(labels)).toBeCloseTo(value, 9);
    }
  });

  it("computes quantile_over_time like Loki, not like LogsQL's nearest-rank quantile", async () => {
    // Values 0.02 0.1 0.5 0.9 1.5 2.5: Loki interpolates the median to 0.7; LogsQL's own quantile() answers 0.9.
    const own = await store.query('_time:1h app:="web" | unpack_json | filter latency:* | stats quantile(0.5, latency) as q', { time: now });
    expect(Number(own[0]?.q)).toBe(0.9);
    const translation = translateLogql('quantile_over_time(0.5, {app="web"} | json | unwrap latency [1h]) by ()', { knownFields: fields });
    const [series] = await evaluateMetric(store, translation, now);
    expect(series?.value).toBeCloseTo(0.7, 12);
  });

  it('evaluates a metric query at the instant given, counting back the range from it', async () => {
    const translation = translateLogql('sum(count_over_time({app="web"}[5m]))', { knownFields: fields });
    // The seeded lines end 10 minutes ago: nothing in the last 5 minutes, all 12 five minutes earlier.
    expect(await evaluateMetric(store, translation, now)).toEqual([]);
    const earlier = await evaluateMetric(store, translation, now - 9 * 60_000);
    expect(earlier[0]?.value).toBe(12);
  });
});
