import { z } from 'zod';
import { HarnessError } from '../../../utils/diagnostic.js';
import { QueryError, type QueryLanguage } from '../types/query-error.js';
import type { TextSpan } from '../types/logql-ast.js';
import type { StoreTarget } from '../types/telemetry-env.js';

/**
 * Turns a store's refusal of a query into a QueryError with a position and an example.
 * VictoriaLogs reports `…; context: [<query up to the error>]`; VictoriaMetrics reports
 * `unparsed data: "<rest of the query>"` or quotes the offending part.
 */

const LOGSQL_EXAMPLES: Array<[RegExp, string]> = [
  [/"stats" pipe|stats func|"(count|sum|avg|min|max|quantile)" func/, '_time:5m | stats by (level) count() as n, avg(duration) as avg_duration'],
  [/"sort" pipe/, '… | sort by (_time desc) | limit 10'],
  [/"fields" pipe/, '… | fields _time, level, _msg'],
  [/"format" pipe/, '… | format "<level>: <_msg>" as _msg'],
  [/unpack_json|unpack_logfmt/, '… | unpack_json fields (status, route) | filter status:>=500'],
  [/_time filter|duration/, '_time:15m error   (or _time:[2026-11-21T10:00:00Z, 2026-11-21T11:00:00Z))'],
  [/regexp/, 'path:~"^/api/(tasks|settings)"   (RE2 syntax; double backslashes inside quotes)'],
  [/"limit" pipe|"head" pipe/, '… | limit 20'],
  [/"filter" pipe/, '… | filter status:>=500 level:=error'],
  [/number|range/, 'status:>=500   or   duration:range[100ms, 1s]'],
];
const LOGSQL_DEFAULT = 'service.name:="app" level:=error "timeout" | stats by (path) count() as n';

const PROMQL_EXAMPLES: Array<[RegExp, string]> = [
  [/labelFilters|label filter|\{/, 'http_server_request_duration_seconds_count{http_route=~"/api/.*", http_response_status_code!="200"}'],
  [/window|duration|\[/, 'rate(http_server_request_duration_seconds_count[5m])   (durations: 30s, 5m, 1h)'],
  [/argList|number of args|args/, 'histogram_quantile(0.95, sum by (le) (rate(http_server_request_duration_seconds_bucket[5m])))'],
  [/unsupported function|unknown func/, 'sum by (http_route) (rate(http_server_request_duration_seconds_count[5m]))   (functions: rate, sum, avg, max, histogram_quantile, …)'],
  [/regexp/, '{http_route=~"/api/(tasks|settings)"}   (RE2 syntax)'],
];
const PROMQL_DEFAULT = 'sum by (http_route) (rate(http_server_request_duration_seconds_count[5m]))';

function exampleFor(examples: Array<[RegExp, string]>, fallback: string, message: string): string {
  return examples.find(([re]) => re.test(message))?.[1] ?? fallback;
}

/** A VictoriaLogs 400 answer to a LogsQL query. */
export function logsqlError(query: string, body: string, shownQuery: string = query): QueryError {
  const message = body.trim();
  const reason = message.replace(/^cannot parse query \[[\s\S]*?\]: /, '').replace(/; context: \[[\s\S]*\]$/, '');
  const context = /; context: \[([\s\S]*)\]$/.exec(message)?.[1];
  let span: TextSpan | null = null;
  if (context !== undefined) {
    // The context is the query up to the failing token (cut from the left when long).
    const at = query.indexOf(context);
    if (at >= 0) {
      const end = at + context.length;
      span = { start: Math.max(0, end - 1), end: Math.max(end, 1) };
    }
  }
  return new QueryError({
    language: 'LogsQL',
    query: shownQuery,
    span: shownQuery === query ? span : null,
    what: shownQuery === query ? reason : `VictoriaLogs refused the translation: ${reason} (query: ${query})`,
    fix: `write it like: ${exampleFor(LOGSQL_EXAMPLES, LOGSQL_DEFAULT, reason)}`,
  });
}

const PromErrorSchema = z.object({ status: z.literal('error'), errorType: z.string().optional(), error: z.string() });

/** A VictoriaMetrics 4xx answer to a PromQL query. */
export function promqlError(query: string, body: string): QueryError {
  const parsed = PromErrorSchema.safeParse(safeJson(body));
  const raw = parsed.success ? parsed.data.error : body.trim();
  const reason = raw.replace(/^error when executing query=[\s\S]*? for \(time=[^)]*\): /, '');
  let span: TextSpan | null = null;
  const unparsed = /unparsed data(?: left)?: "((?:[^"\\]|\\.)*)"/.exec(reason);
  if (unparsed) {
    const rest = unescapeGo(unparsed[1]!);
    if (query.endsWith(rest)) {
      const start = query.length - rest.length;
      span = { start, end: Math.max(start + 1, Math.min(query.length, start + (rest.split(/[\s(){}[\],]/)[0]?.length || 1))) };
    }
  }
  if (!span) {
    // Point at the first quoted fragment of the message that appears in the query.
    for (const m of reason.matchAll(/"((?:[^"\\]|\\.)+)"/g)) {
      const fragment = unescapeGo(m[1]!);
      const at = query.indexOf(fragment);
      if (at >= 0) {
        // A quoted sub-expression (`cannot evaluate "f(x)"`): point at its function name.
        const name = /^[A-Za-z_:][\w:.]*(?=\()/.exec(fragment)?.[0];
        span = { start: at, end: at + (name?.length ?? fragment.length) };
        break;
      }
    }
  }
  return new QueryError({
    language: 'PromQL',
    query,
    span,
    what: reason.replace(/; unparsed data(?: left)?: "(?:[^"\\]|\\.)*"/, ''),
    fix: `write it like: ${exampleFor(PROMQL_EXAMPLES, PROMQL_DEFAULT, reason)}`,
  });
}

/** A store answered with something that is not what its API promises. */
export function unexpectedAnswer(target: StoreTarget, what: string, body: string): HarnessError {
  return new HarnessError({
    what: `this env's ${target.label} answered ${what} with something unexpected: ${body.slice(0, 200)}`,
    why: 'the harness expects the store versions pinned under observability/',
    fix: 'check the store with `harness status`; restart the env with `harness down && harness up` if it persists',
    where: `env ${target.envId}`,
  });
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function unescapeGo(text: string): string {
  return text.replace(/\\(["\\])/g, '$1');
}

export type { QueryLanguage };
