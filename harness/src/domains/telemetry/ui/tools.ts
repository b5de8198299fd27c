import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { findWorktreeRoot } from '../../../providers/worktree.js';
import type { AgentTool, ToolContext as AgentToolContext } from '../../../utils/agent-tool.js';
import { locateEnv } from '../repo/env-locator.js';
import { MAX_LIMIT } from '../types/input-limits.js';
import { loadBudgets } from '../repo/budgets-source.js';
import type { ExplainAnswer, LogsAnswer } from '../types/answers.js';
import type { TelemetryEnv } from '../types/telemetry-env.js';
import { checkBudgets, validateBudgetQueries, type CheckAnswer } from '../service/budgets.js';
import { explainLogs, runLogs } from '../service/logs.js';
import { listMetrics, runMetrics, type MetricListAnswer, type MetricsAnswer } from '../service/metrics.js';
import { getTrace, parseTraceId, rawTrace, searchTraces, type TraceAnswer, type TraceSearchAnswer } from '../service/traces.js';
import { renderExplain, renderLogs } from './render-logs.js';
import { renderMetricList, renderMetrics } from './render-metrics.js';
import { renderTrace, renderTraceSearch } from './render-traces.js';
import { renderCheck, renderJunit } from './render-check.js';

/**
 * The telemetry tools, each written once: input schema, handler, output shaping
 * (utils/agent-tool.ts). The CLI (ui/cli.ts) maps flags onto the input; the MCP server
 * lists the same tools with the schemas as JSON Schema and returns `render(answer)`.
 */

export interface ToolContext extends AgentToolContext {
  /** Overrides the env lookup (tests, or a caller that already has it). */
  env?: TelemetryEnv;
}

export interface TelemetryTool<S extends z.ZodType, A> extends AgentTool<S, A> {
  run(input: z.infer<S>, ctx: ToolContext): Promise<A>;
}

const readOnly = { readOnly: true, idempotent: true };

const env = (ctx: ToolContext): TelemetryEnv => ctx.env ?? locateEnv(ctx.cwd);
const ok = (): number => 0;

const SinceSchema = z.string().describe('window start: 15m (back from now), RFC3339, unix s/ms, or "up" (since the env started)').optional();
const UntilSchema = z.string().describe('window end / evaluation instant: now (default), 5m, RFC3339, unix s/ms').optional();
const LIMIT_RANGE = `must be a whole number from 1 to ${MAX_LIMIT} (answers are sized for a context window); for more, narrow the query or the window`;
const LimitSchema = z.number({ error: LIMIT_RANGE }).int({ error: LIMIT_RANGE }).min(1, { error: LIMIT_RANGE }).max(MAX_LIMIT, { error: LIMIT_RANGE }).optional();

export const LogsInputSchema = z.object({
  query: z.string().describe('LogQL (default), e.g. {service_name="app"} |= "error" | json | status >= 500; or LogsQL with logsql: true'),
  logsql: z.boolean().optional().describe('pass the query to VictoriaLogs as LogsQL, untranslated'),
  explain: z.boolean().optional().describe('show the LogsQL translation without running it'),
  since: SinceSchema,
  until: UntilSchema,
  limit: LimitSchema.describe('lines (newest kept) or series to show'),
});

export const logsTool: TelemetryTool<typeof LogsInputSchema, LogsAnswer | ExplainAnswer> = {
  name: 'logs_query',
  title: 'Query logs',
  description:
    "Query this env's logs (VictoriaLogs: the app's OTel logs and its stdout/stderr) with LogQL, translated exactly to LogsQL (constructs without an exact equivalent are refused with the LogsQL to use), or LogsQL directly. Use it first when investigating a bug: find the error lines, then follow their trace_id with traces_get. Log queries return the newest lines (time, severity, message, trace id, fields); metric queries (count_over_time, rate, sum by, quantile_over_time …) return series at one instant. Each answer names the env and the LogsQL it ran, and says what was cut.",
  input: LogsInputSchema,
  hints: readOnly,
  needsEnv: (input) => !input.explain,
  async run(input, ctx) {
    const request = { query: input.query, language: input.logsql ? ('logsql' as const) : ('logql' as const), since: input.since, until: input.until, limit: input.limit };
    if (input.explain) {
      let found: TelemetryEnv | null;
      try {
        found = env(ctx);
      } catch {
        found = null;
      }
      return explainLogs(request, found);
    }
    return runLogs(request, env(ctx));
  },
  render: (answer) => (answer.tool === 'logs-explain' ? renderExplain(answer) : renderLogs(answer)),
  exitCode: ok,
};

export const MetricsInputSchema = z.object({
  query: z.string().describe('PromQL (MetricsQL), e.g. histogram_quantile(0.95, sum by (le) (rate(http_server_request_duration_seconds_bucket[5m])))'),
  range: z.string().optional().describe('range query over this long back from until, e.g. 10m; instant query when absent'),
  step: z.string().optional().describe('range query resolution, e.g. 15s'),
  until: UntilSchema,
  limit: LimitSchema.describe('series to show'),
});

export const metricsTool: TelemetryTool<typeof MetricsInputSchema, MetricsAnswer> = {
  name: 'metrics_query',
  title: 'Query metrics (PromQL)',
  description:
    "Run a PromQL (MetricsQL) instant or range query on this env's VictoriaMetrics. Use it to measure what logs and traces showed one at a time: rates, error ratios, latency percentiles. OTLP metric names appear in Prometheus form (http.server.request.duration → http_server_request_duration_seconds_bucket); call metrics_list first when unsure. Returns each series with its labels and value (instant) or a compact value list (range).",
  input: MetricsInputSchema,
  hints: readOnly,
  needsEnv: () => true,
  run: (input, ctx) => runMetrics(input, env(ctx)),
  render: renderMetrics,
  exitCode: ok,
};

export const MetricsListInputSchema = z.object({
  match: z.string().optional().describe('a substring of the metric name, or a series selector {…}'),
  since: SinceSchema,
  limit: LimitSchema.describe('metric names to list'),
});

export const metricsListTool: TelemetryTool<typeof MetricsListInputSchema, MetricListAnswer> = {
  name: 'metrics_list',
  title: 'List metrics',
  description: "List the metric names in this env's VictoriaMetrics with their label names and series counts. Use it before metrics_query to find the exact name and labels.",
  input: MetricsListInputSchema,
  hints: readOnly,
  needsEnv: () => true,
  run: (input, ctx) => listMetrics(input, env(ctx)),
  render: renderMetricList,
  exitCode: ok,
};

export const TraceSearchInputSchema = z.object({
  service: z.string().optional().describe('resource attribute service.name'),
  operation: z.string().optional().describe('span name; * matches anything'),
  minDuration: z.string().optional().describe('only spans at least this long, e.g. 200ms'),
  attrs: z.array(z.string()).optional().describe('key=value span or resource attributes'),
  journey: z.string().optional().describe('only traces of this user journey (span attribute harness.journey)'),
  errors: z.boolean().optional().describe('only spans with status ERROR'),
  since: SinceSchema,
  until: UntilSchema,
  limit: LimitSchema.describe('traces to list'),
});

export const traceSearchTool: TelemetryTool<typeof TraceSearchInputSchema, TraceSearchAnswer> = {
  name: 'traces_search',
  title: 'Search traces',
  description:
    'Find traces in this env with a span matching the filters (service, span name, minimum duration, attributes, journey, errors only). Use it to find slow or failing requests; then open one with traces_get. Lists each trace with its id, root span, duration, span and error counts, newest first.',
  input: TraceSearchInputSchema,
  hints: readOnly,
  needsEnv: () => true,
  run: (input, ctx) => searchTraces(input, env(ctx)),
  render: renderTraceSearch,
  exitCode: ok,
};

export const TraceGetInputSchema = z.object({
  traceId: z.string().describe('the trace id (32 hex digits, or a unique prefix of 6 or more)'),
  limit: LimitSchema.describe('spans to draw'),
  raw: z.boolean().optional().describe('return every span as stored, as JSON'),
});

export const traceGetTool: TelemetryTool<typeof TraceGetInputSchema, TraceAnswer | Awaited<ReturnType<typeof rawTrace>>> = {
  name: 'traces_get',
  title: 'Show a trace',
  description:
    'Show one trace as a text waterfall: span tree, offsets, durations, status, key attributes and recorded exceptions. Use it with a trace id from logs_query, traces_search or a browser action answer to see where the time went or which span failed.',
  input: TraceGetInputSchema,
  hints: readOnly,
  needsEnv: () => true,
  async run(input, ctx) {
    parseTraceId(input.traceId);
    return input.raw ? rawTrace(input.traceId, env(ctx)) : getTrace(input, env(ctx));
  },
  render: (answer) => (answer.tool === 'trace' ? renderTrace(answer) : JSON.stringify(answer, null, 2)),
  exitCode: ok,
};

export const CheckInputSchema = z.object({
  budgets: z.string().optional().describe('a JSON (or .js) file of budgets; default: the budgets section of harness.config.ts'),
  junit: z.string().optional().describe('also write the results as JUnit XML to this file'),
});

export const checkTool: TelemetryTool<typeof CheckInputSchema, CheckAnswer> = {
  name: 'budgets_check',
  title: 'Check budgets',
  description:
    "Check the performance and health budgets of harness.config.ts (each a log, span or PromQL query with a limit) against this env. Use it after a fix to confirm nothing regressed. Reports pass/fail per budget with the query, the observed value and the worst offenders; failed budgets are an answer, not an error, and a budget that could not be checked (bad query, store refused it) is reported as an error with its diagnostic while the others still run.",
  input: CheckInputSchema,
  hints: { readOnly: false, idempotent: true },
  needsEnv: () => true,
  async run(input, ctx) {
    // A budgets file needs no worktree (CI may check an env from anywhere).
    const source = input.budgets ? await loadBudgets(ctx.cwd, resolve(ctx.cwd, input.budgets)) : await loadBudgets(findWorktreeRoot(ctx.cwd));
    validateBudgetQueries(source.budgets, source.from);
    const answer = await checkBudgets(source.budgets, source.from, env(ctx));
    if (input.junit) writeFileSync(resolve(ctx.cwd, input.junit), renderJunit(answer));
    return answer;
  },
  render: renderCheck,
  // 2 when no budget could be checked at all; 1 when any failed or could not be checked.
  exitCode: (answer) => (answer.errors > 0 && answer.errors === answer.results.length ? 2 : answer.failed + answer.errors > 0 ? 1 : 0),
};

/** Every telemetry tool, for the MCP server. */
export const telemetryTools = [logsTool, metricsTool, metricsListTool, traceSearchTool, traceGetTool, checkTool] as const;
