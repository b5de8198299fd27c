import type { z } from 'zod';
import { HarnessError, ExitCode } from '../../../utils/diagnostic.js';
import { printError, printResult, type OutputMode } from '../../../utils/output.js';
import { locateEnv } from '../repo/env-locator.js';
import { LogsStore } from '../repo/logs-store.js';
import { parseLogql } from '../service/logql/parser.js';
import { translateExpr } from '../service/logql/translate.js';
import { shapeLines } from '../service/shape.js';
import { renderLogLine } from './render-logs.js';
import type { TelemetryTool } from './tools.js';

/**
 * What the telemetry commands do once one runs (ui/cli.ts declares them): run a tool and
 * print its answer, or follow a log query. Loaded on first use, so that registering the
 * commands costs every other `harness` call nothing.
 */

type SetExitCode = (code: number) => void;

export async function runTool<S extends z.ZodType, A>(tool: TelemetryTool<S, A>, input: z.infer<S>, mode: OutputMode, setExitCode: SetExitCode): Promise<void> {
  try {
    const parsed = tool.input.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new HarnessError({ what: `bad input for ${tool.name}: ${issue?.path.join('.')}: ${issue?.message}`, why: 'the command validates its flags', fix: 'see the command help (--help)' });
    }
    const answer = await tool.run(parsed.data, { cwd: process.cwd() });
    printResult(mode, answer, () => tool.render(answer));
    setExitCode(tool.exitCode(answer));
  } catch (error) {
    setExitCode(printError(mode, error));
  }
}

/** `harness logs --tail`: follows new lines until SIGINT/SIGTERM; JSON lines with --json. */
export async function tail(query: string, logsql: boolean, mode: OutputMode, setExitCode: SetExitCode): Promise<void> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const env = locateEnv(process.cwd());
    const store = new LogsStore(env.logs);
    let text = query;
    if (!logsql) {
      const translation = translateExpr(parseLogql(query), query, { knownFields: await store.fieldNames('*', { start: Date.now() - 3_600_000, end: Date.now() }) });
      if (translation.kind !== 'log') {
        throw new HarnessError({ what: '--tail follows log lines; this is a metric query', why: 'a metric query answers at one instant', fix: 'drop --tail, or tail the log part: harness logs --tail \'{app="web"} |= "error"\'' });
      }
      text = translation.logsql;
    }
    if (!mode.json) process.stdout.write(`env ${env.id} · following ${logsql ? 'LogsQL' : `LogsQL ${text}`} (Ctrl-C to stop)\n`);
    await store.tail(
      text,
      (row) => {
        if (mode.json) process.stdout.write(`${JSON.stringify(row)}\n`);
        else for (const line of shapeLines([row]).lines) process.stdout.write(`${renderLogLine(line)}\n`);
      },
      controller.signal,
      { shownQuery: logsql ? undefined : query },
    );
    setExitCode(ExitCode.ok);
  } catch (error) {
    setExitCode(printError(mode, error));
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
