import { describe, expect, it } from 'vitest';
import { carriesDiagnostic } from '../../src/utils/diagnostic.js';
import { parseTimeInput, toRfc3339, toUnixSeconds, formatTime } from '../../src/domains/telemetry/service/time-input.js';
import { parseBudgets } from '../../src/domains/telemetry/config/budgets.js';
import { interpolatedQuantile } from '../../src/domains/telemetry/service/quantile.js';

const now = Date.parse('2026-11-21T12:00:00.000Z');
const ctx = { now, upAt: Date.parse('2026-11-21T11:30:00.000Z') };

describe('time inputs', () => {
  it.each([
    ['15m', now - 15 * 60_000],
    ['2h', now - 2 * 3_600_000],
    ['1h30m', now - 90 * 60_000],
    ['90s', now - 90_000],
    ['now', now],
    ['up', ctx.upAt],
    ['2026-11-21T10:00:00Z', Date.parse('2026-11-21T10:00:00Z')],
    ['2026-11-21T10:00:00.250+02:00', Date.parse('2026-11-21T08:00:00.250Z')],
    ['2026-11-21 10:00:00', Date.parse('2026-11-21T10:00:00Z')],
    ['1795260000', 1_795_260_000_000],
    ['1795260000.5', 1_795_260_000_500],
    ['1795260000123', 1_795_260_000_123],
    ['1795260000123456', 1_795_260_000_123.456],
    ['1795260000123456000', 1_795_260_000_123.456],
  ])('%s', (text, expected) => {
    expect(parseTimeInput('--since', text, ctx)).toBeCloseTo(expected, 3);
  });

  it.each(['yesterday', '15 minutes', '2026-13-45', '-', 'up-5m'])('refuses %s with the forms it accepts', (text) => {
    let error: unknown;
    try {
      parseTimeInput('--since', text, ctx);
    } catch (e) {
      error = e;
    }
    expect(carriesDiagnostic(error)).toBe(true);
    const d = (error as { diagnostic: { what: string; fix: string } }).diagnostic;
    expect(d.what).toContain(`--since "${text}"`);
    expect(d.fix).toContain('RFC3339');
  });

  it('refuses "up" when the env start is unknown', () => {
    expect(() => parseTimeInput('--since', 'up', { now, upAt: null })).toThrow(/start time is unknown/);
  });

  it('converts to what each API takes: RFC3339 (VictoriaLogs), unix seconds with ms (Prometheus API)', () => {
    const t = Date.parse('2026-11-21T10:00:00.123Z');
    expect(toRfc3339(t)).toBe('2026-11-21T10:00:00.123Z');
    expect(toUnixSeconds(t)).toBe('1795255200.123');
    expect(formatTime(t)).toBe('2026-11-21 10:00:00.123Z');
  });
});

describe('budgets config', () => {
  const ok = [
    { name: 'app startup', spans: { name: 'app.startup' }, maxDuration: '800ms' },
    { name: 'p95', promql: 'histogram_quantile(0.95, sum by (le) (rate(x_bucket[5m])))', max: 0.2, unit: 's' },
    { name: 'no errors', logs: '{service_name="app"} | severity="ERROR"' },
    { name: 'journeys', spans: { journeys: ['create task', 'complete task'] }, maxDuration: '2s', since: '15m' },
  ];

  it('accepts the four kinds of budget', () => {
    expect(parseBudgets(ok, 'budgets', 'harness.config.ts').map((b) => b.name)).toEqual(['app startup', 'p95', 'no errors', 'journeys']);
    expect(parseBudgets({ budgets: ok }, 'budgets', 'file.json')).toHaveLength(4);
  });

  it.each([
    [[{ name: 'x' }], 'budgets[0]: needs one query: promql, logs (LogQL), logsql or spans'],
    [[{ name: 'x', promql: 'up', logs: '{a="b"}' }], 'has promql and logs'],
    [[{ name: 'x', promql: 'up' }], 'budgets[0].max: a promql budget needs max'],
    [[{ name: 'x', spans: { name: 'a' }, maxDuration: '2 sec' }], 'budgets[0].maxDuration: is not a duration'],
    [[{ name: 'x', spans: { name: 'a' }, maxDuration: '2s', maxCount: 3 }], 'budgets[0].maxCount: does not apply to a spans budget'],
    [[{ name: 'x', spans: { nmae: 'a' }, maxDuration: '2s' }], 'budgets[0].spans: unknown field(s) nmae'],
    [[{ name: 'x', logs: '{a="b"}', since: 'yesterday' }], 'budgets[0].since: must be "up"'],
    [[ok[0], { ...ok[0] }], 'budgets[1].name: "app startup" is used twice'],
    [[{ name: '', logs: '{a="b"}' }], 'budgets[0].name: must not be empty'],
    [[{ name: 'x', logs: '{a="b"}', maxCount: -1 }], 'budgets[0].maxCount'],
    // `since` takes what --since takes, and only where it means something.
    [[{ name: 'x', logs: '{a="b"}', since: 'March 3' }], 'budgets[0].since: must be "up"'],
    [[{ name: 'x', promql: 'sum(up)', max: 1, since: '15m' }], 'budgets[0].since: does not apply to a promql budget'],
  ])('names the field of a bad budget: %j', (raw, message) => {
    let error: unknown;
    try {
      parseBudgets(raw, 'budgets', 'harness.config.ts');
    } catch (e) {
      error = e;
    }
    expect(carriesDiagnostic(error)).toBe(true);
    const d = (error as { diagnostic: { what: string; where?: string; fix: string } }).diagnostic;
    expect(d.what).toContain(message);
    expect(d.where).toBe('harness.config.ts');
    expect(d.fix).toContain('docs/design-docs/telemetry-queries.md#budgets');
  });
});

describe("Loki's quantile", () => {
  it('interpolates between neighbours like Prometheus', () => {
    expect(interpolatedQuantile(0.5, [1, 2, 3, 4])).toBe(2.5);
    expect(interpolatedQuantile(0.95, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBeCloseTo(9.55, 12);
    expect(interpolatedQuantile(0, [3, 1, 2])).toBe(1);
    expect(interpolatedQuantile(1, [3, 1, 2])).toBe(3);
    expect(interpolatedQuantile(0.5, [])).toBeNaN();
  });
});

describe('tool definitions shared by the CLI and the MCP server', () => {
  it('each tool has a unique name, a description and an input schema that converts to JSON Schema', async () => {
    const { z } = await import('zod');
    const { telemetryTools } = await import('../../src/domains/telemetry/ui/tools.js');
    const names = telemetryTools.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const tool of telemetryTools) {
      expect(tool.description.length).toBeGreaterThan(40);
      const schema = z.toJSONSchema(tool.input) as { type?: string; properties?: Record<string, { description?: string }> };
      expect(schema.type).toBe('object');
      for (const [field, spec] of Object.entries(schema.properties ?? {})) expect(spec.description, `${tool.name}.${field}`).toBeTruthy();
    }
  });
});
