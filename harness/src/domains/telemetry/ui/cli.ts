import { Option, type Command } from 'commander';
import { HarnessError } from '../../../utils/diagnostic.js';
import { printError } from '../../../utils/output.js';
import { runToolCommand } from '../../../utils/run-tool.js';
import { numberFlag } from '../../../utils/number-flag.js';
import { MAX_LIMIT } from '../types/input-limits.js';

/**
 * The telemetry commands: `harness logs`, `metrics`, `traces search|get`, `check`. Each
 * maps its flags onto a tool's input and prints the tool's answer (text, or `--json`).
 * Names, options and descriptions are declared here with commander alone; the tools, the
 * stores' clients and the LogQL translator load when a command runs (`cli-actions.ts`,
 * `tools.js`), so listing the commands costs every other `harness` call nothing.
 */

type SetExitCode = (code: number) => void;

function limitOption(): Option {
  return new Option('--limit <n>', 'how many results to show').argParser(
    numberFlag('--limit', {
      min: 1,
      why: 'it is how many results to show',
      example: 200,
      max: {
        value: MAX_LIMIT,
        why: 'answers are sized for an agent\'s context window; more results than that are not readable in one answer',
        fix: `narrow the query or the window (a filter, --since 5m), or pass --limit ${MAX_LIMIT}`,
      },
    }),
  );
}

/** The telemetry tools (and `tail`), loaded when a command runs. */
async function load(): Promise<typeof import('./cli-actions.js') & typeof import('./tools.js')> {
  const [actions, tools] = await Promise.all([import('./cli-actions.js'), import('./tools.js')]);
  return { ...actions, ...tools };
}

export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command('logs')
    .description("query this env's logs: LogQL (translated to LogsQL), or LogsQL with --logsql")
    .argument('<query>', 'LogQL, e.g. \'{service_name="app"} |= "error" | json | status >= 500\'')
    .option('--since <time>', 'window start of log queries (default 15m): 15m, 2h, RFC3339, unix time, or "up"; metric queries use their [range]')
    .option('--until <time>', 'window end / metric evaluation instant (default: now)')
    .addOption(limitOption())
    .option('--logsql', 'the query is LogsQL: run it as is')
    .option('--explain', 'print the LogsQL translation without running it')
    .option('--tail', 'follow new matching lines until interrupted')
    .option('--json', 'machine-readable output')
    .action(async (query: string, opts: { since?: string; until?: string; limit?: number; logsql?: boolean; explain?: boolean; tail?: boolean; json?: boolean }) => {
      const { tail, logsTool } = await load();
      const mode = { json: Boolean(opts.json) };
      if (opts.tail) return tail(query, Boolean(opts.logsql), mode, setExitCode);
      return runToolCommand(logsTool, { query, logsql: opts.logsql, explain: opts.explain, since: opts.since, until: opts.until, limit: opts.limit }, mode, setExitCode);
    });

  program
    .command('metrics')
    .description("query this env's metrics with PromQL, or list them (--list)")
    .argument('[promql]', 'e.g. \'sum by (http_route) (rate(http_server_request_duration_seconds_count[5m]))\'')
    .option('--range <duration>', 'a range query over this long (e.g. 10m); instant query otherwise')
    .option('--step <duration>', 'range query resolution (e.g. 15s)')
    .option('--until <time>', 'evaluation instant or range end (default: now)')
    .option('--list [match]', 'list metric names (optionally those containing MATCH) with their labels')
    .option('--since <time>', 'with --list: only metrics with samples since then', '1h')
    .addOption(limitOption())
    .option('--json', 'machine-readable output')
    .action(async (promql: string | undefined, opts: { range?: string; step?: string; until?: string; list?: string | boolean; since: string; limit?: number; json?: boolean }) => {
      const { metricsListTool, metricsTool } = await load();
      const mode = { json: Boolean(opts.json) };
      if (opts.list !== undefined) {
        const match = typeof opts.list === 'string' ? opts.list : promql;
        return runToolCommand(metricsListTool, { match, since: opts.since, limit: opts.limit }, mode, setExitCode);
      }
      if (!promql) {
        setExitCode(printError(mode, new HarnessError({ what: 'no PromQL query given', why: '`harness metrics` runs a query or lists metrics', fix: "harness metrics 'up' or harness metrics --list" })));
        return;
      }
      return runToolCommand(metricsTool, { query: promql, range: opts.range, step: opts.step, until: opts.until, limit: opts.limit }, mode, setExitCode);
    });

  const traces = program.command('traces').description("search this env's traces, or show one as a waterfall");
  traces
    .command('search')
    .description('list recent traces with a span matching the filters')
    .option('--service <name>', 'resource attribute service.name')
    .option('--operation <name>', 'span name (* matches anything)')
    .option('--min-duration <duration>', 'only spans at least this long, e.g. 200ms')
    .option('--attr <key=value>', 'span or resource attribute (repeatable)', (value: string, all: string[] = []) => [...all, value])
    .option('--journey <name>', 'only traces of this user journey (span attribute harness.journey)')
    .option('--errors', 'only spans with status ERROR')
    .option('--since <time>', 'window start', '15m')
    .option('--until <time>', 'window end (default: now)')
    .addOption(limitOption())
    .option('--json', 'machine-readable output')
    .action(async (opts: { service?: string; operation?: string; minDuration?: string; attr?: string[]; journey?: string; errors?: boolean; since: string; until?: string; limit?: number; json?: boolean }) => {
      const { traceSearchTool } = await load();
      const input = { service: opts.service, operation: opts.operation, minDuration: opts.minDuration, attrs: opts.attr, journey: opts.journey, errors: opts.errors, since: opts.since, until: opts.until, limit: opts.limit };
      return runToolCommand(traceSearchTool, input, { json: Boolean(opts.json) }, setExitCode);
    });
  traces
    .command('get')
    .description('one trace as a text waterfall (span tree, durations, status, key attributes, errors)')
    .argument('<traceId>', 'trace id (or a unique prefix of 6+ hex digits)')
    .addOption(limitOption())
    .option('--raw', 'every span as stored, as JSON')
    .option('--json', 'machine-readable output')
    .action(async (traceId: string, opts: { limit?: number; raw?: boolean; json?: boolean }) => {
      const { traceGetTool } = await load();
      return runToolCommand(traceGetTool, { traceId, limit: opts.limit, raw: opts.raw }, { json: Boolean(opts.json) || Boolean(opts.raw) }, setExitCode);
    });

  program
    .command('check')
    .description('check the performance and health budgets (harness.config.ts `budgets`, or --budgets FILE); exit 1 on any failure')
    .option('--budgets <file>', 'a JSON file of budgets instead of harness.config.ts')
    .option('--junit <file>', 'also write JUnit XML for CI')
    .option('--json', 'machine-readable output')
    .action(async (opts: { budgets?: string; junit?: string; json?: boolean }) => {
      const { checkTool } = await load();
      return runToolCommand(checkTool, { budgets: opts.budgets, junit: opts.junit }, { json: Boolean(opts.json) }, setExitCode);
    });
}
