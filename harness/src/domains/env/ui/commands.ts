import type { Command } from 'commander';
import { printResult } from '../../../utils/output.js';
import { HarnessError } from '../../../utils/diagnostic.js';
import { runToolCommand } from '../../../utils/run-tool.js';
import type { AnyAgentTool } from '../../../utils/agent-tool.js';

/**
 * `harness up | down | status | ls | gc | restart`. Up, down, status and restart run the
 * env tools (ui/tools.ts), the same the MCP server serves. The runtime is imported lazily
 * in each action, so `harness --help` and the other domains' commands stay fast.
 */

type SetExitCode = (code: number) => void;

interface JsonFlag {
  json?: boolean;
}

function printProgress(message: string): void {
  process.stderr.write(`  · ${message}\n`);
}

export function register(program: Command, setExitCode: SetExitCode): void {
  const run = async (name: 'up' | 'down' | 'status' | 'restart', input: unknown, json: boolean): Promise<void> => {
    const tools = await import('./tools.js');
    const tool: AnyAgentTool = { up: tools.envUpTool, down: tools.envDownTool, status: tools.envStatusTool, restart: tools.envRestartAppTool }[name];
    await runToolCommand(tool, input, { json }, setExitCode, { cwd: process.cwd(), ...(json ? {} : { progress: printProgress }) });
  };

  program
    .command('up')
    .description("boot this worktree's env: VictoriaLogs, VictoriaMetrics, VictoriaTraces and the app, on leased ports")
    .option('--json', 'machine-readable output')
    .action((options: JsonFlag) => run('up', {}, options.json === true));

  program
    .command('down')
    .description("stop this worktree's env, release its ports and delete its data")
    .option('--keep-data', "keep the stores' and the app's data for the next `up`")
    .option('--force', 'kill a hung daemon and everything it started (also done when it does not answer within 60 s)')
    .option('--json', 'machine-readable output')
    .action((options: JsonFlag & { keepData?: boolean; force?: boolean }) => run('down', { keepData: options.keepData === true, force: options.force === true }, options.json === true));

  program
    .command('status')
    .description("health, ports, memory and URLs of this worktree's env (exit 1 when down or unhealthy)")
    .option('--json', 'machine-readable output')
    .action((options: JsonFlag) => run('status', {}, options.json === true));

  program
    .command('ls')
    .description('every env on this machine: worktree, branch, ports, health, uptime, memory')
    .option('--json', 'machine-readable output')
    .action(async (options: JsonFlag) => {
      const { listEnvs } = await import('../runtime/inventory.js');
      const { formatList } = await import('./format.js');
      const envs = await listEnvs();
      printResult({ json: options.json === true }, { ok: true, envs }, () => formatList(envs));
    });

  program
    .command('gc')
    .description('reap envs whose worktree is gone or whose daemon died: processes, data, leases')
    .option('--json', 'machine-readable output')
    .action(async (options: JsonFlag) => {
      const { gcEnvs } = await import('../runtime/inventory.js');
      const { formatGc } = await import('./format.js');
      const result = await gcEnvs();
      printResult({ json: options.json === true }, { ok: true, ...result }, () => formatGc(result));
    });

  program
    .command('restart')
    .description('restart one part of the env, keeping the stack and its data (only `app` for now)')
    .argument('<part>', 'the part to restart: app')
    .option('--json', 'machine-readable output')
    .action(async (part: string, options: JsonFlag) => {
      if (part !== 'app') {
        throw new HarnessError({ what: `cannot restart "${part}"`, why: 'only the app is restarted alone; the stores keep the telemetry', fix: 'run `harness restart app`, or `harness down` and `harness up` for everything' });
      }
      return run('restart', {}, options.json === true);
    });
}
