import { z } from 'zod';
import type { AgentTool } from '../../../utils/agent-tool.js';
import { formatDuration } from '../../../utils/duration.js';
import type { EnvStatus } from '../types/env-info.js';
import { envPaths } from '../types/paths.js';
import type { DownResult, UpResult } from '../runtime/launcher.js';
import { formatStatus, formatUp } from './format.js';

/**
 * The env tools, each written once (utils/agent-tool.ts): `harness up | status | restart
 * app | down` run them, and the MCP server serves them as env_up, env_status,
 * env_restart_app and env_down. The runtime loads inside `run`, so listing the tools
 * (and `harness --help`) does not pay for it.
 */

const launcher = (): Promise<typeof import('../runtime/launcher.js')> => import('../runtime/launcher.js');

/** The input of the env tools that take none. */
export const NoInputSchema = z.object({});

export type UpAnswer = UpResult & { ok: true; envFile: string; envJson: string };

export const envUpTool: AgentTool<typeof NoInputSchema, UpAnswer> = {
  name: 'env_up',
  title: 'Boot the env',
  description:
    "Boot this worktree's env: the app with its own VictoriaLogs, VictoriaMetrics and traces store and a headless Chromium, on leased loopback ports. Call it first in a session, or when another tool answers that the env is down; it is safe to call again (an env already running is left as is). Takes seconds to a minute; sends progress. Returns the env's id and the URLs of the app and the stores.",
  input: NoInputSchema,
  hints: { readOnly: false, idempotent: true },
  needsEnv: () => false,
  async run(_input, ctx) {
    const { envUp } = await launcher();
    const result = await envUp({ cwd: ctx.cwd, ...(ctx.progress ? { onProgress: (e: { message: string; part?: string }) => ctx.progress?.(e.part ? `${e.part}: ${e.message}` : e.message) } : {}) });
    const paths = envPaths(result.env.worktree);
    return { ok: true, ...result, envFile: paths.envFile, envJson: paths.envJson };
  },
  render: (answer) => formatUp(answer),
  exitCode: () => 0,
};

export type StatusAnswer =
  | ({ ok: boolean; running: true } & EnvStatus)
  | { ok: false; running: false; id: string; worktree: string; stale: boolean; fix: string };

export const envStatusTool: AgentTool<typeof NoInputSchema, StatusAnswer> = {
  name: 'env_status',
  title: 'Env status',
  description:
    "Health of this worktree's env: each part (stores, app) with its state, pid, port, memory, uptime and restarts, the URLs, and why a part is unhealthy (with the tail of its log). Use it when a tool fails oddly or after env_restart_app. When no env runs, says so with the fix (env_up).",
  input: NoInputSchema,
  hints: { readOnly: true, idempotent: true },
  needsEnv: () => false,
  async run(_input, ctx) {
    const { envStatus } = await launcher();
    const { worktree, status, stale } = await envStatus({ cwd: ctx.cwd });
    if (!status) {
      const fix = stale ? 'its daemon died: run `harness up` (the env_up tool; it cleans up first) or `harness gc`' : 'run `harness up` (the env_up tool)';
      return { ok: false, running: false, id: worktree.id, worktree: worktree.root, stale, fix };
    }
    return { ok: status.healthy, running: true, ...status };
  },
  render: (answer) => (answer.running ? formatStatus(answer) : `no env is running in ${answer.worktree} (env ${answer.id}); ${answer.fix}`),
  exitCode: (answer) => (answer.running && answer.healthy ? 0 : 1),
};

export interface RestartAnswer {
  ok: true;
  id: string;
  part: string;
  tookMs: number;
  pid: number | null;
}

export const envRestartAppTool: AgentTool<typeof NoInputSchema, RestartAnswer> = {
  name: 'env_restart_app',
  title: 'Restart the app',
  description:
    "Restart only the app of this worktree's env, keeping the stores, their telemetry and the browser. Use it after changing the app's code (build it first when it runs compiled output, e.g. `npm run build`) to verify a fix. Waits until the app is healthy again; returns its new pid and how long it took, or why it did not come back (with its log).",
  input: NoInputSchema,
  hints: { readOnly: false, idempotent: false },
  needsEnv: () => true,
  async run(_input, ctx) {
    const { envRestart } = await launcher();
    const result = await envRestart({ cwd: ctx.cwd, part: 'app', ...(ctx.progress ? { onProgress: (e: { message: string }) => ctx.progress?.(e.message) } : {}) });
    return { ok: true, ...result };
  },
  render: (answer) => `the app of env ${answer.id} restarted in ${formatDuration(answer.tookMs)} (pid ${answer.pid ?? '?'})`,
  exitCode: () => 0,
};

export const EnvDownInputSchema = z.object({
  keepData: z.boolean().optional().describe("keep the stores' and the app's data for the next env_up (default: delete it)"),
  force: z.boolean().optional().describe('kill a hung daemon and everything it started instead of asking it to stop (it is killed anyway when it does not answer within 60 s)'),
});

export type DownAnswer = DownResult & { ok: true };

export const envDownTool: AgentTool<typeof EnvDownInputSchema, DownAnswer> = {
  name: 'env_down',
  title: 'Stop the env',
  description:
    "Stop this worktree's env: the app, the stores and Chromium; release its ports and delete its data unless keepData. Use it at the end of a session, or to start over from empty stores (env_down, then env_up). Returns what was stopped.",
  input: EnvDownInputSchema,
  hints: { readOnly: false, destructive: true, idempotent: true },
  needsEnv: () => false,
  async run(input, ctx) {
    const { envDown } = await launcher();
    return { ok: true, ...(await envDown({ cwd: ctx.cwd, keepData: input.keepData === true, force: input.force === true })) };
  },
  render(result) {
    if (!result.wasRunning) {
      return result.releasedPorts.length ? `env ${result.id} was not running; cleaned up what it left (ports ${result.releasedPorts.join(', ')})` : `no env is running in ${result.worktree}; nothing to stop`;
    }
    if (result.forced) {
      return `env ${result.id} is down in ${formatDuration(result.tookMs)}: its daemon was killed (${result.forced}) with everything it started; released ports ${result.releasedPorts.join(', ')}; ${result.keepData ? 'data kept in .harness/data (the stores were killed: the last second of writes may be lost)' : 'data deleted'}`;
    }
    return `env ${result.id} is down in ${formatDuration(result.tookMs)}: stopped ${result.stopped.join(', ')}; released ports ${result.releasedPorts.join(', ')}; ${result.keepData ? 'data kept in .harness/data' : 'data deleted'}`;
  },
  exitCode: () => 0,
};

/** Every env tool, for the MCP server. */
export const envTools = [envUpTool, envStatusTool, envRestartAppTool, envDownTool] as const;
