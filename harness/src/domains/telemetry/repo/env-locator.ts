import { existsSync, readFileSync } from 'node:fs';
import { HarnessError } from '../../../utils/diagnostic.js';
import { EnvInfoSchema, type EnvInfo } from '../../env/types/env-info.js';
import { envPaths } from '../../env/types/paths.js';
import { findWorktreeRoot } from '../../../providers/worktree.js';
import { isProcessAlive } from '../../../providers/processes.js';
import type { TelemetryEnv } from '../types/telemetry-env.js';
import { safeJson } from './store-errors.js';

/**
 * Finds the env a telemetry command answers for: the worktree's `.harness/env.json`
 * (written by `harness up`), or, outside a harness env, the variables `. .harness/env`
 * exports (VL_INSTANCE_ENTRYPOINT, VM_INSTANCE_ENTRYPOINT, VT_INSTANCE_ENTRYPOINT), which
 * are also what the official VictoriaMetrics tools read.
 */

const NO_ENV_FIX = 'run `harness up` in this worktree (it boots the app with its own VictoriaLogs, VictoriaMetrics and traces store), then rerun';

export function locateEnv(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): TelemetryEnv {
  let root: string | null;
  try {
    root = findWorktreeRoot(cwd);
  } catch {
    root = null;
  }
  const file = root ? envPaths(root).envJson : null;
  if (file && existsSync(file)) return fromEnvJson(file);
  const logs = env.VL_INSTANCE_ENTRYPOINT;
  const metrics = env.VM_INSTANCE_ENTRYPOINT;
  const traces = env.VT_INSTANCE_ENTRYPOINT;
  if (logs && metrics && traces) {
    for (const [name, url] of [['VL_INSTANCE_ENTRYPOINT', logs], ['VM_INSTANCE_ENTRYPOINT', metrics], ['VT_INSTANCE_ENTRYPOINT', traces]] as const) requireLoopback(name, url);
    const id = env.HARNESS_ENV_ID ?? 'external';
    return {
      id,
      worktree: root,
      upAt: null,
      logs: { label: 'VictoriaLogs', base: logs, envId: id },
      metrics: { label: 'VictoriaMetrics', base: metrics, envId: id },
      traces: { label: 'traces store', base: traces, envId: id },
      tracesMode: 'native',
      appPid: null,
      flushAck: null,
      daemonSocket: null,
    };
  }
  throw new HarnessError({
    what: root ? `no env is running for the worktree ${root}` : `${cwd} is not inside a git worktree with a harness env`,
    why: 'telemetry queries read the stores of this worktree\'s env, described in .harness/env.json',
    fix: NO_ENV_FIX,
  });
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The stores are asked to flush (`/internal/force_flush`) before every answer, and the
 * harness only ever talks to this machine: an entrypoint elsewhere is refused, not used.
 */
function requireLoopback(name: string, url: string): void {
  let host: string | null;
  try {
    const parsed = new URL(url);
    host = parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.hostname : null;
  } catch {
    host = null;
  }
  if (host !== null && (LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host))) return;
  throw new HarnessError({
    what: `${name}=${url} is not a loopback URL`,
    why: host === null ? 'it is read as the base URL of a store, e.g. http://127.0.0.1:9428' : 'the telemetry tools talk only to stores on this machine (127.0.0.1): each answer first calls /internal/force_flush on every store it reads, which a shared or remote store should not get',
    fix: `set ${name} to http://127.0.0.1:<port> (for a remote store, forward it first: ssh -L 9428:127.0.0.1:9428 host), or run \`harness up\` in this worktree`,
  });
}

function fromEnvJson(file: string): TelemetryEnv {
  const parsed = EnvInfoSchema.safeParse(safeJson(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new HarnessError({
      what: `${file} is not a readable env description`,
      why: 'it is written by `harness up`; a different harness version or a manual edit changed its shape',
      fix: 'run `harness down` then `harness up` to rewrite it',
      where: file,
    });
  }
  const info = parsed.data;
  if (info.phase !== 'ready') {
    const fix = info.phase === 'starting' ? 'wait for `harness up` to finish (or run it again), then rerun' : 'run `harness status` to see why, then `harness up`';
    throw new HarnessError({ what: `this env (${info.id}) is ${info.phase}, not ready`, why: 'its stores may not answer yet', fix, where: file });
  }
  if (!isProcessAlive(info.daemon)) {
    throw new HarnessError({
      what: `this env's daemon (pid ${info.daemon.pid}) is not running, so neither are its stores; run \`harness up\``,
      why: 'the daemon supervises the stores and the app; without it nothing answers',
      fix: NO_ENV_FIX,
      where: file,
    });
  }
  return telemetryEnvOf(info);
}

/**
 * The telemetry view of a running env: its stores, the app to ask for a flush, the ack
 * file and the daemon that ships the app's output. The daemon builds it from the env it
 * holds (its own `EnvInfo`, current after an app restart); the CLI from env.json.
 */
export function telemetryEnvOf(info: EnvInfo): TelemetryEnv {
  const startedAt = Date.parse(info.startedAt);
  const app = info.processes.find((p) => p.role === 'app');
  return {
    id: info.id,
    worktree: info.worktree,
    upAt: Number.isFinite(startedAt) ? startedAt : null,
    logs: { label: 'VictoriaLogs', base: info.urls.logs.base, envId: info.id },
    metrics: { label: 'VictoriaMetrics', base: info.urls.metrics.base, envId: info.id },
    traces: { label: info.traces.mode === 'native' ? 'VictoriaTraces' : 'traces store', base: info.urls.traces.base, envId: info.id },
    tracesMode: info.traces.mode,
    appPid: app && isProcessAlive(app) ? app.pid : null,
    // The env hands every app this file; only an app that writes it (the OTel bootstrap) acknowledges.
    flushAck: { path: envPaths(info.worktree).flushAck, declared: false },
    daemonSocket: envPaths(info.worktree).socket,
  };
}
