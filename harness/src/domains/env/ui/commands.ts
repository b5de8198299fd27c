import type { Command } from 'commander';
import { printResult } from '../../../utils/output.js';
import { ExitCode, HarnessError } from '../../../utils/diagnostic.js';
import { formatDuration } from '../../../utils/duration.js';

/**
 * `harness up | down | status | ls | gc | restart`. The runtime is imported lazily in
 * each action, so `harness --help` and the other domains' commands stay fast.
 */

type SetExitCode = (code: number) => void;

interface JsonFlag {
  json?: boolean;
}

function progressPrinter(json: boolean): ((event: { message: string; part?: string }) => void) | undefined {
  if (json) return undefined;
  return (event) => process.stderr.write(`  · ${event.part ? `${event.part}: ` : ''}${event.message}\n`);
}

export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command('up')
    .description("boot this worktree's env: VictoriaLogs, VictoriaMetrics, VictoriaTraces and the app, on leased ports")
    .option('--json', 'machine-readable output')
    .action(async (options: JsonFlag) => {
      const [{ envUp }, { formatUp }, { envPaths }] = await Promise.all([import('../runtime/launcher.js'), import('./format.js'), import('../types/paths.js')]);
      const json = options.json === true;
      const result = await envUp({ ...(json ? {} : { onProgress: progressPrinter(false)! }) });
      const envFile = envPaths(result.env.worktree).envFile;
      printResult({ json }, { ok: true, ...result, envFile, envJson: envPaths(result.env.worktree).envJson }, () => formatUp({ ...result, envFile }));
    });

  program
    .command('down')
    .description("stop this worktree's env, release its ports and delete its data")
    .option('--keep-data', "keep the stores' and the app's data for the next `up`")
    .option('--json', 'machine-readable output')
    .action(async (options: JsonFlag & { keepData?: boolean }) => {
      const { envDown } = await import('../runtime/launcher.js');
      const result = await envDown({ keepData: options.keepData === true });
      printResult({ json: options.json === true }, { ok: true, ...result }, () => {
        if (!result.wasRunning) {
          return result.releasedPorts.length ? `env ${result.id} was not running; cleaned up what it left (ports ${result.releasedPorts.join(', ')})` : `no env is running in ${result.worktree}; nothing to stop`;
        }
        return `env ${result.id} is down in ${formatDuration(result.tookMs)}: stopped ${result.stopped.join(', ')}; released ports ${result.releasedPorts.join(', ')}; ${result.keepData ? 'data kept in .harness/data' : 'data deleted'}`;
      });
    });

  program
    .command('status')
    .description("health, ports, memory and URLs of this worktree's env (exit 1 when down or unhealthy)")
    .option('--json', 'machine-readable output')
    .action(async (options: JsonFlag) => {
      const { envStatus } = await import('../runtime/launcher.js');
      const { formatStatus } = await import('./format.js');
      const { worktree, status, stale } = await envStatus();
      if (!status) {
        setExitCode(ExitCode.failed);
        const fix = stale ? 'its daemon died: run `harness up` (it cleans up first) or `harness gc`' : 'run `harness up`';
        printResult({ json: options.json === true }, { ok: false, id: worktree.id, worktree: worktree.root, running: false, stale, fix }, () => `no env is running in ${worktree.root} (env ${worktree.id}); ${fix}`);
        return;
      }
      if (!status.healthy) setExitCode(ExitCode.failed);
      printResult({ json: options.json === true }, { ok: status.healthy, running: true, ...status }, () => formatStatus(status));
    });

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
      const { envRestart } = await import('../runtime/launcher.js');
      const json = options.json === true;
      const result = await envRestart({ part, ...(json ? {} : { onProgress: progressPrinter(false)! }) });
      printResult({ json }, { ok: true, ...result }, () => `the app of env ${result.id} restarted in ${formatDuration(result.tookMs)} (pid ${result.pid ?? '?'})`);
    });
}
