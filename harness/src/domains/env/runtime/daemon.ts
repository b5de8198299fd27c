import { createHash } from 'node:crypto';
import { realpathSync, rmSync } from 'node:fs';
import type { Server } from 'node:net';
import { z } from 'zod';
import { loadProjectConfig } from '../../../providers/project-config.js';
import { MethodRegistry, serveRpc, type Progress } from '../../../providers/daemon-rpc.js';
import type { TracesBridge } from '../../../providers/observability.js';
import { HarnessError, toDiagnostic } from '../../../utils/diagnostic.js';
import { parseAppConfig, type AppConfig } from '../config/app-config.js';
import { parseStackConfig } from '../config/stack-config.js';
import { canBind, LeaseRegistry } from '../repo/lease-registry.js';
import { currentBranch, worktreeExists } from '../repo/git-info.js';
import { httpOk } from '../repo/health.js';
import { LogShipper } from '../repo/log-shipper.js';
import { findMarkedProcesses, recordOf, residentBytes } from '../repo/processes.js';
import { ensureStateDir, readEnvInfo, removeEnvFiles, startupErrorFile, writeEnvInfo, writeFileAtomic } from '../repo/state-files.js';
import { renderEnvFile } from '../service/plan.js';
import type { DaemonContext } from '../types/daemon-context.js';
import type { EnvInfo, EnvStatus, ProcessRecord } from '../types/env-info.js';
import { envIdFor, envPaths } from '../types/paths.js';
import { bringUp, planApp } from './startup.js';
import { Supervisor } from './supervisor.js';

/**
 * The per-worktree daemon: brings the env up, supervises its parts, and serves the
 * env's methods (and every other domain's) on `.harness/daemon.sock` until `down`.
 * State that must outlive one CLI call lives here.
 */

export type RegisterMethods = (registry: MethodRegistry, context: DaemonContext) => void;

function log(message: string, attributes: Record<string, unknown> = {}): void {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), message, ...attributes })}\n`);
}

export async function runDaemon(options: { worktree: string; registerMethods?: RegisterMethods }): Promise<void> {
  const worktree = realpathSync(options.worktree);
  process.chdir(worktree);
  const paths = envPaths(worktree);
  ensureStateDir(worktree);
  rmSync(startupErrorFile(worktree), { force: true });
  const identity = { id: envIdFor(worktree), worktree, branch: currentBranch(worktree) };
  const registry = new LeaseRegistry();
  const previous = readEnvInfo(worktree);
  const previousPorts = previous?.ports ?? registry.get(identity.id)?.ports ?? {};

  let info: EnvInfo | null = null;
  let bridge: TracesBridge | null = null;
  let shipper: LogShipper | null = null;
  const history: Progress[] = [];
  const listeners = new Set<(event: Progress) => void>();
  const shutdownHooks: (() => Promise<void>)[] = [];
  const daemonRecord = recordOf('daemon', process.pid);

  const progress = (event: Progress): void => {
    history.push(event);
    log('progress', { ...event });
    for (const listener of listeners) listener(event);
  };

  let persistChain = Promise.resolve();
  let closed = false;
  const persist = (): void => {
    if (!info || closed) return;
    const snapshot: EnvInfo = { ...info, processes: supervisor.records() };
    info = snapshot;
    try {
      writeEnvInfo(snapshot);
    } catch (error) {
      // The worktree was deleted under the env: keep going, so shutdown still releases the leases.
      log('env.json not written', { error: String(error) });
    }
    const processes: ProcessRecord[] = snapshot.processes;
    persistChain = persistChain.then(() => registry.update(identity.id, (r) => ({ ...r, processes, daemon: daemonRecord })).then(() => undefined)).catch((error: unknown) => log('registry update failed', { error: String(error) }));
  };

  const supervisor = new Supervisor({
    onProcessesChanged: () => persist(),
    onOutput: (_part, stream, line) => shipper?.push(stream, line),
    onEvent: (message, attributes) => log(message, attributes),
  });

  let resolveReady!: (value: EnvInfo) => void;
  let rejectReady!: (error: unknown) => void;
  const ready = new Promise<EnvInfo>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => undefined);

  let shuttingDown: Promise<{ stopped: string[]; releasedPorts: number[] }> | null = null;
  let server: Server | null = null;
  const shutdown = (keepData: boolean): Promise<{ stopped: string[]; releasedPorts: number[] }> => {
    shuttingDown ??= (async () => {
      if (info) info = { ...info, phase: 'stopping' };
      for (const hook of shutdownHooks) await hook().catch((error: unknown) => log('shutdown hook failed', { error: String(error) }));
      const stopped = supervisor.status().filter((p) => p.state !== 'stopped' && p.state !== 'exited').map((p) => p.name);
      await supervisor.stopAll(keepData);
      await shipper?.flush();
      await bridge?.close().catch(() => undefined);
      closed = true;
      await persistChain;
      const releasedPorts = Object.values(registry.get(identity.id)?.ports ?? {});
      await registry.release(identity.id);
      removeEnvFiles(worktree, keepData);
      log('down', { keepData, stopped });
      return { stopped, releasedPorts };
    })();
    return shuttingDown;
  };
  const exitSoon = (): void => {
    setTimeout(() => {
      server?.close();
      process.exit(0);
    }, 10);
  };

  const context: DaemonContext = {
    paths,
    env: () => {
      if (!info) throw new HarnessError({ what: 'the env is still starting', why: 'its ports are not leased yet', fix: 'wait for `harness up` to finish' });
      return info;
    },
    whenReady: () => ready,
    leasePort: async (role) => {
      const updated = await registry.update(identity.id, (r) => r);
      const current = updated?.ports ?? {};
      if (current[role] !== undefined) return current[role];
      const leased = await registry.lease({ id: identity.id, worktree, branch: identity.branch, createdAt: updated?.createdAt ?? new Date().toISOString(), daemon: daemonRecord, processes: supervisor.records() }, [...Object.keys(current), role], current);
      if (info) info = { ...info, ports: leased.ports };
      persist();
      return leased.ports[role]!;
    },
    startPart: async (spec) => {
      supervisor.start(spec);
      await supervisor.waitHealthy(spec.name);
    },
    stopPart: (name) => supervisor.stop(name, supervisor.spec(name)?.stopTimeoutMs ?? 3000),
    onShutdown: (hook) => shutdownHooks.push(hook),
    log,
  };

  // What the running app was started with, so a second `up` can say the config changed.
  const hashApp = (app: AppConfig): string => createHash('sha256').update(JSON.stringify(app)).digest('hex');
  let runningAppHash: string | null = null;
  const configDrift = async (): Promise<string | null> => {
    try {
      const config = await loadProjectConfig(worktree);
      if (runningAppHash === null || hashApp(parseAppConfig(config.sections.app, config.path)) === runningAppHash) return null;
      return `the app section of ${config.path} changed since the app started; run \`harness restart app\` to apply it`;
    } catch (error) {
      return `harness.config.ts does not load now (${toDiagnostic(error).what}); the app runs with the config it started with`;
    }
  };

  const methods = new MethodRegistry();
  methods.add('env.up', {
    description: 'Waits until the env is up (streaming progress) and returns it; changes nothing if it already is.',
    params: z.object({}).loose(),
    handler: async (_params, call) => {
      const alreadyRunning = info?.phase === 'ready';
      if (!alreadyRunning) {
        for (const event of history) call.progress(event);
        listeners.add(call.progress);
      }
      try {
        const readyInfo = await ready;
        // A second `up` changes nothing, but says so when a part has died meanwhile.
        const problems = supervisor
          .status()
          .filter((p) => p.state === 'exited')
          .map((p) => `${p.detail ?? `${p.name} exited`} (log: ${p.logFile})${p.name === 'app' ? '; run `harness restart app`' : '; run `harness down` and `harness up`'}`);
        const drift = alreadyRunning ? await configDrift() : null;
        return { env: info ?? readyInfo, alreadyRunning, problems: drift ? [...problems, drift] : problems };
      } finally {
        listeners.delete(call.progress);
      }
    },
  });
  methods.add('env.status', {
    description: 'The env, each part with its health (checked now), memory and uptime.',
    params: z.object({}).loose(),
    handler: async (): Promise<EnvStatus> => {
      const current = info;
      if (!current) {
        throw new HarnessError({ what: `env ${identity.id} is starting (finding binaries, leasing ports)`, why: 'it has no parts to report yet', fix: 'rerun `harness status` in a moment, or wait with `harness up`' });
      }
      const parts = await Promise.all(
        supervisor.status().map(async (part) => {
          const spec = supervisor.spec(part.name);
          if (part.state !== 'healthy' && part.state !== 'unhealthy') return part;
          const healthy = spec ? await httpOk(spec.healthUrl, 1000) : false;
          return { ...part, state: healthy ? ('healthy' as const) : ('unhealthy' as const), detail: healthy ? part.detail : `${spec?.healthUrl} did not answer 2xx` };
        }),
      );
      // Every process of the env, not just each part's top one: the app's own children
      // and Chromium carry the env's marker too.
      const rssBytes = [process.pid, ...findMarkedProcesses(identity.id).map((p) => p.pid)].reduce((sum, pid) => sum + (residentBytes(pid) ?? 0), 0);
      return { env: current, healthy: parts.every((p) => p.state === 'healthy'), uptimeMs: Date.now() - Date.parse(current.startedAt), rssBytes, parts };
    },
  });
  methods.add('env.down', {
    description: 'Stops every part, releases the ports, deletes the data unless keepData, then the daemon exits.',
    params: z.object({ keepData: z.boolean().default(false) }),
    handler: async ({ keepData }) => {
      const result = await shutdown(keepData);
      exitSoon();
      return { id: identity.id, worktree, keepData, daemonPid: process.pid, ...result };
    },
  });
  methods.add('env.restart', {
    description: 'Restarts one part (the app), keeping the stack and its data; waits until it is healthy.',
    params: z.object({ part: z.literal('app').default('app') }),
    handler: async ({ part }, call) => {
      await ready;
      const current = supervisor.spec(part);
      if (!current || !info) throw new HarnessError({ what: `this env has no ${part}`, why: 'only started parts can be restarted', fix: 'run `harness status` to see the parts' });
      // Reread the config: restarting after editing the app section applies the edit.
      const config = await loadProjectConfig(worktree);
      const app = parseAppConfig(config.sections.app, config.path);
      const spec = planApp(app, info);
      const started = Date.now();
      call.progress({ part, message: `stopping ${spec.title}` });
      await supervisor.stop(part, current.stopTimeoutMs);
      if (!(await canBind(spec.port))) call.progress({ part, message: `port ${spec.port} is still bound; waiting for it` });
      supervisor.start(spec);
      runningAppHash = hashApp(app);
      call.progress({ part, message: `starting ${spec.title}: ${spec.command} ${spec.args.join(' ')}` });
      await supervisor.waitHealthy(part);
      call.progress({ part, message: `${spec.title} healthy after ${Date.now() - started} ms` });
      return { id: identity.id, part, pid: supervisor.status().find((p) => p.name === part)?.pid ?? null, tookMs: Date.now() - started };
    },
  });
  methods.add('env.flushOutput', {
    description: "Ships the app's stdout/stderr lines read so far to VictoriaLogs now (part of the readiness barrier).",
    params: z.object({}).loose(),
    handler: async () => {
      await shipper?.flush();
      return { flushed: shipper !== null };
    },
  });
  methods.add('env.methods', {
    description: 'Every method this daemon serves, with its description.',
    params: z.object({}).loose(),
    handler: async () => methods.list(),
  });
  options.registerMethods?.(methods, context);

  server = await serveRpc(paths.socket, methods);
  log('daemon listening', { socket: paths.socket, pid: process.pid, env: identity.id });

  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.on(signal, () => {
      log('signal', { signal });
      void shutdown(true).finally(exitSoon);
    });
  }
  // A worktree deleted under a running env (`git worktree remove`): stop and release everything.
  setInterval(() => {
    if (!worktreeExists(worktree)) void shutdown(false).finally(exitSoon);
  }, 2000).unref();

  try {
    const config = await loadProjectConfig(worktree);
    const app = parseAppConfig(config.sections.app, config.path);
    const binaries = parseStackConfig(config.sections.stack, config.path, worktree);
    runningAppHash = hashApp(app);
    const result = await bringUp({
      identity,
      paths,
      app,
      binaries,
      registry,
      supervisor,
      previousPorts,
      progress,
      publish: (next) => {
        info = next;
        shipper = new LogShipper(next.urls.logs.base, { 'service.name': app.name, ...next.resourceAttributes });
        persist();
      },
    });
    bridge = result.bridge;
    info = result.info;
    persist();
    writeFileAtomic(paths.envFile, renderEnvFile(identity, result.info.urls));
    log('ready', { env: identity.id, tookMs: Date.now() - Date.parse(result.info.startedAt) });
    resolveReady(info);
  } catch (error) {
    log('startup failed', { error: toDiagnostic(error) });
    await shutdown(false).catch(() => undefined);
    // For a CLI that connects too late to get the answer (it was killed and rerun).
    writeFileAtomic(startupErrorFile(worktree), JSON.stringify(toDiagnostic(error)));
    rejectReady(error);
    exitSoon();
  }
}
