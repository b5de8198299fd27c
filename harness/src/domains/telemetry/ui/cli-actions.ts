import { HarnessError, ExitCode } from '../../../utils/diagnostic.js';
import { printError, type OutputMode } from '../../../utils/output.js';
import { locateEnv } from '../repo/env-locator.js';
import { LogsStore } from '../repo/logs-store.js';
import { parseLogql } from '../service/logql/parser.js';
import { translateExpr } from '../service/logql/translate.js';
import { shapeLines } from '../service/shape.js';
import { renderLogLine } from './render-logs.js';

/**
 * `harness logs --tail`, the one telemetry command that is not a tool run (ui/cli.ts
 * declares the commands). Loaded on first use, so that registering the commands costs
 * every other `harness` call nothing.
 */

type SetExitCode = (code: number) => void;

/**
 * `harness logs --tail`: follows new lines until SIGINT/SIGTERM (exit 0); JSON lines with
 * --json. A stream the store closes is reported, exit 2.
 */
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
        // JSON lines in the shape of `harness logs --json` lines, each naming the env.
        for (const line of shapeLines([row]).lines) process.stdout.write(mode.json ? `${JSON.stringify({ env: env.id, ...line })}\n` : `${renderLogLine(line)}\n`);
      },
      controller.signal,
      { shownQuery: logsql ? undefined : query },
    );
    if (!controller.signal.aborted) {
      throw new HarnessError({
        what: `${env.logs.label} (${env.logs.base}) closed the --tail stream of env ${env.id}`,
        why: 'the store ended the follow (it stopped or restarted, or the env went down), so new lines would no longer be shown',
        fix: 'check the env with `harness status`, then rerun the same `harness logs --tail` command',
      });
    }
    setExitCode(ExitCode.ok);
  } catch (error) {
    setExitCode(printError(mode, error));
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
