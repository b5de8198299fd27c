import { z } from 'zod';
import { HarnessError } from '../../../utils/diagnostic.js';
import { durationSeconds } from '../types/durations.js';
import { parseTimeInput } from '../types/time-points.js';

/**
 * Performance and health budgets (`budgets` in harness.config.ts, or a JSON file given to
 * `harness check --budgets`): each is one query with a limit.
 *
 *   { name: 'app startup', spans: { name: 'app.startup' }, maxDuration: '800ms' }
 *   { name: 'p95 /api/*', promql: 'histogram_quantile(0.95, …)', max: 0.2, unit: 's' }
 *   { name: 'no ERROR log since up', logs: '{service_name="reference-app"} | severity="ERROR"' }
 *   { name: 'journeys fast', spans: { journeys: ['create task'] }, maxDuration: '2s' }
 *
 * Limits are inclusive: a value may reach `max` but not exceed it.
 */

const DOC = 'docs/design-docs/telemetry-queries.md#budgets';

const DurationSchema = z.string().refine((text) => durationSeconds(text) !== null, { message: 'is not a duration; write e.g. 800ms, 2s, 1m' });
/** The same texts `--since` takes (types/time-points.ts); `up` is checked against the env when the budget runs. */
function isTimeText(text: string): boolean {
  try {
    parseTimeInput('since', text, { now: Date.now(), upAt: 0 });
    return true;
  } catch {
    return false;
  }
}
const SinceSchema = z.string().refine(isTimeText, {
  message: 'must be "up" (since the env started), a duration back from now (15m), an RFC3339 time or unix seconds, as --since takes',
});

export const SpanSelectorSchema = z
  .object({
    service: z.string().min(1).optional(),
    /** The span name (operation); `*` matches any run of characters. */
    name: z.string().min(1).optional(),
    /** User journeys (see JOURNEY_ATTRIBUTE): spans of traces carrying one of these names. */
    journeys: z.array(z.string().min(1)).min(1).optional(),
    /** Span or resource attributes that must equal these values. */
    attrs: z.record(z.string(), z.string()).optional(),
  })
  .strict();

export const BudgetSchema = z
  .object({
    name: z.string().min(1, 'must not be empty'),
    description: z.string().optional(),
    /** Logs and spans budgets: where the window starts: `up` (default), `15m`, or an RFC3339 time. */
    since: SinceSchema.optional(),
    promql: z.string().min(1).optional(),
    logs: z.string().min(1).optional(),
    logsql: z.string().min(1).optional(),
    spans: SpanSelectorSchema.optional(),
    /** PromQL: no series may be above it. */
    max: z.number().finite().optional(),
    /** PromQL: no series may be below it. */
    min: z.number().finite().optional(),
    /** PromQL: the unit of the values, for the report (`s`, `ms`, `bytes`). */
    unit: z.string().optional(),
    /** Logs: at most this many matching lines (default 0). */
    maxCount: z.number().int().nonnegative().optional(),
    /** Spans: no matching span may last longer. */
    maxDuration: DurationSchema.optional(),
    /** What an empty answer means: `fail` (default for PromQL and spans: nothing was measured) or `pass`. */
    onNoData: z.enum(['fail', 'pass']).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    const queries = (['promql', 'logs', 'logsql', 'spans'] as const).filter((k) => b[k] !== undefined);
    if (queries.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: queries.length === 0 ? 'needs one query: promql, logs (LogQL), logsql or spans' : `has ${queries.join(' and ')}: give exactly one query`,
      });
      return;
    }
    const query = queries[0]!;
    const allowed: Record<string, string[]> = { promql: ['max', 'min', 'unit'], logs: ['maxCount'], logsql: ['maxCount'], spans: ['maxDuration'] };
    for (const key of ['max', 'min', 'unit', 'maxCount', 'maxDuration'] as const) {
      if (b[key] !== undefined && !allowed[query]!.includes(key)) ctx.addIssue({ code: 'custom', path: [key], message: `does not apply to a ${query} budget (use ${allowed[query]!.join(' or ')})` });
    }
    if (query === 'promql' && b.since !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['since'], message: 'does not apply to a promql budget: it is evaluated at one instant (now); put the window in the query, e.g. rate(x[15m])' });
    }
    if (query === 'promql' && b.max === undefined && b.min === undefined) ctx.addIssue({ code: 'custom', path: ['max'], message: 'a promql budget needs max (or min): the limit its values must respect' });
    if (query === 'spans' && b.maxDuration === undefined) ctx.addIssue({ code: 'custom', path: ['maxDuration'], message: 'a spans budget needs maxDuration, e.g. "2s"' });
  });

export type Budget = z.infer<typeof BudgetSchema>;

export const BudgetsSchema = z.array(BudgetSchema).superRefine((budgets, ctx) => {
  const seen = new Set<string>();
  budgets.forEach((b, i) => {
    if (seen.has(b.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `"${b.name}" is used twice; budget names identify them in reports` });
    seen.add(b.name);
  });
});

/** A JSON file may hold the array itself or `{ "budgets": [...] }`. */
export const BudgetsFileSchema = z.union([BudgetsSchema, z.object({ budgets: BudgetsSchema }).strict()]);

function pathOf(source: string, path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`), source);
}

/** Parses budgets, or throws one diagnostic listing every problem with its field path. */
export function parseBudgets(raw: unknown, source: string, where: string): Budget[] {
  const parsed = BudgetsFileSchema.safeParse(raw);
  if (parsed.success) return Array.isArray(parsed.data) ? parsed.data : parsed.data.budgets;
  // For `{ budgets: [...] }` files, report against the array branch when it is an object.
  const retry = typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'budgets' in raw ? BudgetsSchema.safeParse(raw.budgets) : BudgetsSchema.safeParse(raw);
  const issues = (retry.success ? parsed.error.issues : retry.error.issues).slice(0, 8);
  const lines = issues.map((issue) => `${pathOf(source, issue.path)}: ${issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message}`);
  throw new HarnessError({
    what: `invalid budgets: ${lines.join('; ')}`,
    why: '`harness check` verifies each budget; a malformed one cannot be checked',
    fix: `fix the field(s) named above; a budget is { name, one of promql/logs/logsql/spans, its limit } (see ${DOC})`,
    where,
    doc: DOC,
  });
}
