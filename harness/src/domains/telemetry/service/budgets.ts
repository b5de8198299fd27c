import { LogsStore } from '../repo/logs-store.js';
import { MetricsStore } from '../repo/metrics-store.js';
import { SpansStore } from '../repo/spans-store.js';
import type { Budget } from '../config/budgets.js';
import type { BarrierSummary } from '../types/answers.js';
import type { TelemetryEnv } from '../types/telemetry-env.js';
import { MAX_OFFENDERS } from '../config/limits.js';
import { HarnessError, toDiagnostic, type Diagnostic } from '../../../utils/diagnostic.js';
import { readinessBarrier } from './barrier.js';
import { timeKey } from './shape.js';
import { parseLogql } from './logql/parser.js';
import { translateExpr } from './logql/translate.js';
import { journeyFilter, searchFilter } from './traces.js';
import { durationSeconds } from '../types/durations.js';
import { formatDurationMs, formatTime, parseTimeInput, toRfc3339 } from './time-input.js';

/**
 * `harness check`: each budget is one query and a limit. A result carries its evidence:
 * the query that ran, the observed value, and the worst offenders.
 */

export interface BudgetResult {
  name: string;
  kind: 'promql' | 'logs' | 'spans';
  /** `error`: the budget could not be checked (bad query, store refused it); `error` says why. */
  status: 'pass' | 'fail' | 'error';
  passed: boolean;
  /** The query as it ran (PromQL or LogsQL). */
  query: string;
  /** The limit, readable: `≤ 0.2 s`, `≤ 0 lines`, `≤ 2 s per span`. */
  limit: string;
  /** The observed value, readable, or why there is none. */
  observed: string;
  observedValue: number | null;
  offenders: Array<{ what: string; value: string }>;
  /** Why a budget could not be checked (status `error`). */
  error?: Diagnostic;
}

export interface CheckAnswer {
  tool: 'check';
  env: string;
  source: string;
  /** Where each budget's window started, unless it says otherwise. */
  since: string;
  results: BudgetResult[];
  passed: number;
  failed: number;
  /** Budgets that could not be checked; the others still ran. */
  errors: number;
  barrier: BarrierSummary;
}

const nanos = (ms: number): number => Math.round(ms * 1e6);
const DOC = 'docs/design-docs/telemetry-queries.md#budgets';

export async function checkBudgets(budgets: Budget[], source: string, env: TelemetryEnv, now = Date.now()): Promise<CheckAnswer> {
  const logs = new LogsStore(env.logs);
  const metrics = new MetricsStore(env.metrics);
  const spans = new SpansStore(env.traces);
  const barrier = await readinessBarrier(env, { logs, metrics, traces: spans });
  const end = Math.max(now, Date.now());
  const results: BudgetResult[] = [];
  for (const [index, budget] of budgets.entries()) {
    // One budget that cannot be checked is a result with its diagnostic, not the end of the check.
    try {
      results.push(await checkOne(budget, { logs, metrics, spans }, env, end));
    } catch (error) {
      results.push(errorResult(budget, toDiagnostic(error), `${source} budgets[${index}]`));
    }
  }
  const failed = results.filter((r) => r.status === 'fail').length;
  const errors = results.filter((r) => r.status === 'error').length;
  return {
    tool: 'check',
    env: env.id,
    source,
    since: env.upAt ? toRfc3339(env.upAt) : 'unknown',
    results,
    passed: results.length - failed - errors,
    failed,
    errors,
    barrier,
  };
}

interface Stores {
  logs: LogsStore;
  metrics: MetricsStore;
  spans: SpansStore;
}

async function checkOne(budget: Budget, stores: Stores, env: TelemetryEnv, end: number): Promise<BudgetResult> {
  // PromQL budgets are evaluated at one instant; the others count since their start.
  if (budget.promql !== undefined) return withStatus(await checkPromql(budget, budget.promql, stores.metrics, end));
  const start = budgetStart(budget, env, end);
  if (budget.spans !== undefined) return withStatus(await checkSpans(budget, stores.spans, start, end));
  return withStatus(await checkLogs(budget, stores.logs, start, end));
}

function budgetStart(budget: Budget, env: TelemetryEnv, end: number): number {
  if (budget.since === undefined && env.upAt === null) {
    throw new HarnessError({
      what: `budget "${budget.name}" counts since the env started (since: 'up'), and this env's start time is unknown`,
      why: 'the stores were found through VL_/VM_/VT_INSTANCE_ENTRYPOINT, not a `harness up` env.json, so there is no start time',
      fix: `give the budget a window, e.g. since: '1h', or run \`harness up\` in this worktree`,
      doc: DOC,
    });
  }
  return parseTimeInput(`budgets "${budget.name}" since`, budget.since ?? 'up', { now: end, upAt: env.upAt });
}

const withStatus = (r: Omit<BudgetResult, 'status'>): BudgetResult => ({ ...r, status: r.passed ? 'pass' : 'fail' });

function kindOf(budget: Budget): BudgetResult['kind'] {
  return budget.promql !== undefined ? 'promql' : budget.spans !== undefined ? 'spans' : 'logs';
}

function errorResult(budget: Budget, diagnostic: Diagnostic, where: string): BudgetResult {
  const query = budget.promql ?? budget.logs ?? budget.logsql ?? JSON.stringify(budget.spans ?? {});
  return {
    name: budget.name,
    kind: kindOf(budget),
    status: 'error',
    passed: false,
    query,
    limit: '-',
    observed: `not checked: ${diagnostic.what}`,
    observedValue: null,
    offenders: [],
    error: { ...diagnostic, where: diagnostic.where ? `${where}, ${diagnostic.where}` : where },
  };
}

function fmt(value: number, unit: string | undefined): string {
  if (unit === 's') return formatDurationMs(value * 1000);
  if (unit === 'ms') return formatDurationMs(value);
  const text = Number.isInteger(value) ? String(value) : value.toPrecision(4).replace(/\.?0+$/, '');
  return unit ? `${text} ${unit}` : text;
}

async function checkPromql(budget: Budget, query: string, metrics: MetricsStore, at: number): Promise<Omit<BudgetResult, 'status'>> {
  const result = await metrics.instant(query, at);
  const series = result.type === 'vector' ? result.series.map((s) => ({ labels: s.metric, value: Number(s.value[1]) })) : result.type === 'scalar' ? [{ labels: {}, value: Number(result.value[1]) }] : [];
  const upper = budget.max !== undefined;
  const limitValue = (upper ? budget.max : budget.min)!;
  const limit = `${upper ? '≤' : '≥'} ${fmt(limitValue, budget.unit)}`;
  const values = series.filter((s) => Number.isFinite(s.value));
  if (values.length === 0) {
    const passed = budget.onNoData === 'pass';
    return { name: budget.name, kind: 'promql', passed, query, limit, observed: 'no data: the query returned no series (has the app handled any request yet?)', observedValue: null, offenders: [] };
  }
  const worstFirst = [...values].sort((a, b) => (upper ? b.value - a.value : a.value - b.value));
  const worst = worstFirst[0]!;
  const bad = worstFirst.filter((s) => (upper ? s.value > limitValue : s.value < limitValue));
  const label = (labels: Record<string, string>): string => {
    const text = Object.entries(labels)
      .filter(([k]) => k !== '__name__')
      .map(([k, v]) => `${k}="${v}"`)
      .join(', ');
    return `{${text}}`;
  };
  return {
    name: budget.name,
    kind: 'promql',
    passed: bad.length === 0,
    query,
    limit,
    observed: `${fmt(worst.value, budget.unit)} (worst of ${values.length} series)`,
    observedValue: worst.value,
    offenders: bad.slice(0, MAX_OFFENDERS).map((s) => ({ what: label(s.labels), value: fmt(s.value, budget.unit) })),
  };
}

/**
 * The static part of each budget, checked when the budgets load (before any store is
 * asked): a `logs` budget's LogQL must parse, translate and be a log query. A problem is
 * a config error naming the budget's field (exit 2), like a malformed budget.
 */
export function validateBudgetQueries(budgets: Budget[], source: string): void {
  for (const [index, budget] of budgets.entries()) {
    if (budget.logs === undefined) continue;
    const where = `${source} budgets[${index}].logs`;
    let kind: 'log' | 'metric';
    try {
      kind = translateExpr(parseLogql(budget.logs), budget.logs).kind;
    } catch (error) {
      const d = toDiagnostic(error);
      throw new HarnessError({ ...d, what: `budget "${budget.name}": ${d.where ? `${d.where}: ` : ''}${d.what}`, where });
    }
    if (kind !== 'log') throw new HarnessError({ ...metricLogsBudget(budget), where });
  }
}

function metricLogsBudget(budget: Budget): Diagnostic {
  return {
    what: `budget "${budget.name}": logs must be a log query (lines are counted), not a metric query`,
    why: 'a logs budget limits the number of matching lines in its window',
    fix: 'write the selector and filters only, e.g. logs: \'{service_name="app"} | severity="ERROR"\', with maxCount (or a promql budget for a rate)',
    doc: DOC,
  };
}

async function checkLogs(budget: Budget, logs: LogsStore, start: number, end: number): Promise<Omit<BudgetResult, 'status'>> {
  let logsql = budget.logsql ?? '';
  if (budget.logs !== undefined) {
    const fields = await logs.fieldNames('*', { start, end });
    const translation = translateExpr(parseLogql(budget.logs), budget.logs, { knownFields: fields });
    if (translation.kind !== 'log') throw new HarnessError(metricLogsBudget(budget));
    logsql = translation.logsql;
  }
  const maxCount = budget.maxCount ?? 0;
  const count = await logs.count(logsql, { start, end, shownQuery: budget.logs });
  const newest = count > maxCount ? await logs.query(logsql, { start, end, limit: MAX_OFFENDERS }) : [];
  return {
    name: budget.name,
    kind: 'logs',
    passed: count <= maxCount,
    query: logsql,
    limit: `≤ ${maxCount} line${maxCount === 1 ? '' : 's'} since ${formatTime(start)}`,
    observed: `${count} line${count === 1 ? '' : 's'}`,
    observedValue: count,
    offenders: newest
      .sort((a, b) => timeKey(a._time ?? '').localeCompare(timeKey(b._time ?? '')))
      .map((row) => ({ what: formatTime(Date.parse(row._time ?? '')), value: (row._msg ?? '').slice(0, 200) })),
  };
}

async function checkSpans(budget: Budget, spans: SpansStore, start: number, end: number): Promise<Omit<BudgetResult, 'status'>> {
  const selector = budget.spans!;
  const parts = [searchFilter({ service: selector.service, operation: selector.name, attrs: Object.entries(selector.attrs ?? {}).map(([k, v]) => `${k}=${v}`) })];
  if (selector.journeys) parts.push(journeyFilter(selector.journeys));
  const filter = `span_id:* ${parts.filter(Boolean).join(' ')}`.trim();
  const maxMs = durationSeconds(budget.maxDuration ?? '0s')! * 1000;
  const window = { start, end };
  const stats = (await spans.logs.query(`${filter} | stats count() as n, max(duration) as worst`, window))[0] ?? {};
  const total = Number(stats.n ?? 0);
  const limit = `≤ ${formatDurationMs(maxMs)} per span`;
  if (total === 0) {
    return { name: budget.name, kind: 'spans', passed: budget.onNoData === 'pass', query: filter, limit, observed: 'no data: no span matched since the window start (did the journey or request run?)', observedValue: null, offenders: [] };
  }
  const worstMs = Number(stats.worst ?? 0) / 1e6;
  const slow = await spans.spans(`${parts.filter(Boolean).join(' ')} duration:>${nanos(maxMs)} | sort by (duration desc) | limit ${MAX_OFFENDERS}`, window);
  return {
    name: budget.name,
    kind: 'spans',
    passed: worstMs <= maxMs,
    query: filter,
    limit,
    observed: `${formatDurationMs(worstMs)} (slowest of ${total} span${total === 1 ? '' : 's'})`,
    observedValue: worstMs,
    offenders: slow.map((s) => ({
      what: `${s.name} [${s.service}]${s.attributes['harness.journey'] ? ` journey=${s.attributes['harness.journey']}` : ''} trace ${s.traceId}`,
      value: formatDurationMs(s.durationMs),
    })),
  };
}
