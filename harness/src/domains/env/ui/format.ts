import { formatBytes, formatDuration } from '../../../utils/duration.js';
import type { EnvInfo, EnvStatus } from '../types/env-info.js';
import type { ListedEnv } from '../runtime/inventory.js';
import type { GcResult } from '../runtime/inventory.js';

/** Text renderings of the env commands' answers: short, aligned, naming the env. */

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length)));
  return rows.map((r) => `  ${r.map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col]!))).join('  ')}`.trimEnd()).join('\n');
}

function where(env: Pick<EnvInfo, 'worktree' | 'branch'>): string {
  return env.branch ? `${env.worktree} (branch ${env.branch})` : env.worktree;
}

export function formatUrls(env: EnvInfo): string {
  const rows = [
    ['app', env.urls.app, ''],
    ['VictoriaLogs', env.urls.logs.base, `LogsQL ${env.urls.logs.query}  UI ${env.urls.logs.ui}`],
    ['VictoriaMetrics', env.urls.metrics.base, `PromQL ${env.urls.metrics.query}  UI ${env.urls.metrics.ui}`],
    [env.traces.mode === 'native' ? 'VictoriaTraces' : 'traces (fallback)', env.urls.traces.base, env.traces.mode === 'native' ? `Jaeger ${env.urls.traces.jaeger}  UI ${env.urls.traces.ui}` : `LogsQL ${env.urls.traces.query}  UI ${env.urls.traces.ui}`],
  ];
  const lines = [table(rows)];
  if (env.traces.mode === 'fallback') {
    lines.push(`  traces run in FALLBACK mode: ${env.traces.reason}.`);
    lines.push(`  Spans go to an OTLP bridge (${env.urls.traces.otlp}) that stores them, with VictoriaTraces' field names, in a dedicated VictoriaLogs (port ${env.ports['traces-store']}); LogsQL and the Jaeger API (${env.urls.traces.jaeger}: services, operations, trace search, trace by id) work; the Tempo API does not.`);
  }
  return lines.join('\n');
}

export function formatUp(result: { env: EnvInfo; alreadyRunning: boolean; problems: string[]; tookMs: number; envFile: string }): string {
  const { env } = result;
  const head = result.alreadyRunning
    ? `env ${env.id} is already running in ${where(env)}, up ${formatDuration(Date.now() - Date.parse(env.startedAt))}; nothing changed`
    : `env ${env.id} is up in ${formatDuration(result.tookMs)}: ${where(env)}`;
  return [head, ...result.problems.map((p) => `warning: ${p}`), formatUrls(env), `shell: . ${result.envFile}   (HARNESS_APP_URL, VL_/VM_/VT_INSTANCE_ENTRYPOINT, VM_LOGS_URL, VM_METRICS_URL, VM_TRACES_URL)`].join('\n');
}

export function formatStatus(status: EnvStatus): string {
  const { env } = status;
  const head = `env ${env.id} in ${where(env)}: ${env.phase === 'ready' ? (status.healthy ? 'healthy' : 'UNHEALTHY') : env.phase}, up ${formatDuration(status.uptimeMs)}, ${formatBytes(status.rssBytes)} resident`;
  const rows = [['part', 'state', 'pid', 'port', 'memory', 'uptime', 'restarts'], ...status.parts.map((p) => [p.name, p.state, String(p.pid ?? '-'), String(p.port ?? '-'), p.rssBytes === null ? '-' : formatBytes(p.rssBytes), p.uptimeMs === null ? '-' : formatDuration(p.uptimeMs), String(p.restarts)])];
  const problems = status.parts.filter((p) => p.state !== 'healthy' && p.detail).map((p) => `  ${p.name}: ${p.detail} (log: ${p.logFile})${p.name === 'app' ? '; fix it, then `harness restart app`' : ''}`);
  return [head, table(rows), ...problems, formatUrls(env)].join('\n');
}

export function formatList(envs: ListedEnv[]): string {
  if (envs.length === 0) return 'no envs on this machine (start one with `harness up` in a worktree)';
  const rows = [
    ['env', 'state', 'branch', 'worktree', 'ports', 'uptime', 'memory'],
    ...envs.map((e) => [
      e.id,
      e.state,
      e.branch ?? '-',
      e.worktree,
      Object.entries(e.ports)
        .map(([role, port]) => `${role}:${port}`)
        .join(' '),
      e.uptimeMs === null ? '-' : formatDuration(e.uptimeMs),
      e.rssBytes === null ? '-' : formatBytes(e.rssBytes),
    ]),
  ];
  const notes = envs.filter((e) => e.detail).map((e) => `  ${e.id}: ${e.detail}`);
  return [`${envs.length} env${envs.length === 1 ? '' : 's'} on this machine`, table(rows), ...notes].join('\n');
}

export function formatGc(result: GcResult): string {
  if (result.reaped.length === 0) return `nothing to reap; ${result.kept} env${result.kept === 1 ? '' : 's'} running`;
  const lines = result.reaped.map((r) => `  ${r.id} (${r.worktree}): ${r.reason}; killed ${r.killed} process${r.killed === 1 ? '' : 'es'}, released ports ${r.releasedPorts.join(', ') || 'none'}${r.removedData ? ', deleted its data' : ''}`);
  return [`reaped ${result.reaped.length} env${result.reaped.length === 1 ? '' : 's'}; ${result.kept} still running`, ...lines].join('\n');
}
