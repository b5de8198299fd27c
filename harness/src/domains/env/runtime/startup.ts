import { join } from 'node:path';
import { OTEL_FLUSH_ACK_ENV, resolveStoreBinary, startTracesBridge, storeArgs, storeEnvironment, otelBootstrapFile, type StoreBinary, type TracesBridge } from '../../../providers/observability.js';
import { HarnessError, toDiagnostic } from '../../../utils/diagnostic.js';
import type { AppConfig } from '../config/app-config.js';
import type { StackBinaries } from '../config/stack-config.js';
import { STORE_HEALTH_TIMEOUT_MS, STORE_STOP_TIMEOUT_MS } from '../config/settings.js';
import type { LeaseRegistry } from '../repo/lease-registry.js';
import { recordOf } from '../repo/processes.js';
import { appPart, envUrls, portRoles, resourceAttributes, storePart, type EnvIdentity } from '../service/plan.js';
import type { EnvInfo, TracesMode } from '../types/env-info.js';
import { envPaths, type EnvPaths } from '../types/paths.js';
import type { Progress } from '../../../providers/daemon-rpc.js';
import type { PartSpec } from '../types/part-spec.js';
import type { Supervisor } from './supervisor.js';

/**
 * The `up` sequence, run inside the daemon: find the binaries, lease ports, start the
 * stores in parallel, then the app with OTel pointed at them, waiting for each to be
 * healthy. Throws a Diagnostic naming the part that failed; the daemon then cleans up.
 */

export interface StartupInput {
  identity: EnvIdentity;
  paths: EnvPaths;
  app: AppConfig;
  /** Explicit store binaries from the config's `stack.binaries`. */
  binaries: StackBinaries;
  registry: LeaseRegistry;
  supervisor: Supervisor;
  previousPorts: Record<string, number>;
  progress(event: Progress): void;
  /** Called with each new state of the env (persisted to env.json by the daemon). */
  publish(info: EnvInfo): void;
}

export interface StartupResult {
  info: EnvInfo;
  bridge: TracesBridge | null;
}

const TITLES: Record<string, string> = { logs: 'VictoriaLogs', metrics: 'VictoriaMetrics', traces: 'VictoriaTraces', 'traces-store': 'VictoriaLogs for traces (fallback)' };

async function resolveBinaries(progress: StartupInput['progress'], explicit: StackBinaries): Promise<{ logs: string; metrics: string; traces: string | null; tracesMode: TracesMode }> {
  const onProgress = (part: string) => (message: string) => progress({ part, message });
  const resolve = (name: StoreBinary, part: string, fetch: boolean): ReturnType<typeof resolveStoreBinary> => {
    const explicitPath = explicit[name];
    if (!explicitPath) return resolveStoreBinary(name, { fetch, onProgress: onProgress(part) });
    // The package's error names its env var; this path came from the config, so say that.
    return resolveStoreBinary(name, { fetch, explicitPath, onProgress: onProgress(part) }).catch((error: unknown) => {
      throw new HarnessError({
        what: toDiagnostic(error).what,
        why: `stack.binaries.${part} in harness.config.ts names it, and a configured binary is used as given, never silently replaced`,
        fix: `correct stack.binaries.${part} in harness.config.ts (a ${TITLES[part]} executable), or remove it to let the harness find or provision one`,
        doc: 'docs/product-specs/per-worktree-environments.md',
      });
    });
  };
  const tracesPath = explicit['victoria-traces'];
  const [logs, metrics, traces] = await Promise.all([
    resolve('victoria-logs', 'logs', true),
    resolve('victoria-metrics', 'metrics', true),
    resolve('victoria-traces', 'traces', false).then(
      (resolved) => ({ ok: true as const, resolved }),
      (error: unknown) => {
        // A configured path that does not work is an error, not a quiet fallback.
        if (tracesPath) throw error;
        return {
          ok: false as const,
          reason: 'VictoriaTraces is not installed here (not in stack.binaries.traces, HARNESS_VICTORIA_TRACES_BIN, on PATH or in the cache; `harness install` tries its release tarball and a Go build, which this machine cannot reach)',
        };
      },
    ),
  ]);
  if (!traces.ok) {
    return { logs: logs.path, metrics: metrics.path, traces: null, tracesMode: { mode: 'fallback', reason: traces.reason } };
  }
  return { logs: logs.path, metrics: metrics.path, traces: traces.resolved.path, tracesMode: { mode: 'native' } };
}

export async function bringUp(input: StartupInput): Promise<StartupResult> {
  const { identity, paths, app, supervisor, progress } = input;
  const started = Date.now();
  const binaries = await resolveBinaries(progress, input.binaries);
  if (binaries.tracesMode.mode === 'fallback') {
    progress({ part: 'traces', message: `fallback mode (a dedicated VictoriaLogs behind an OTLP bridge): ${binaries.tracesMode.reason}` });
  }

  const daemon = recordOf('daemon', process.pid);
  const roles = portRoles(app, binaries.tracesMode.mode === 'native');
  const lease = await input.registry.lease({ id: identity.id, worktree: identity.worktree, branch: identity.branch, createdAt: new Date().toISOString(), daemon, processes: [] }, roles, input.previousPorts);
  const ports = lease.ports;
  progress({ message: `leased ports ${roles.map((r) => `${r} ${ports[r]}`).join(', ')}` });

  const appPortName = Object.keys(app.ports)[0]!;
  const urls = envUrls(ports, appPortName);
  const info: EnvInfo = {
    id: identity.id,
    worktree: identity.worktree,
    branch: identity.branch,
    phase: 'starting',
    startedAt: new Date(started).toISOString(),
    readyAt: null,
    daemon,
    ports,
    urls,
    traces: binaries.tracesMode,
    processes: [],
    resourceAttributes: resourceAttributes(identity),
  };
  input.publish(info);

  const stores: { name: string; binary: StoreBinary; path: string }[] = [
    { name: 'logs', binary: 'victoria-logs', path: binaries.logs },
    { name: 'metrics', binary: 'victoria-metrics', path: binaries.metrics },
    binaries.traces ? { name: 'traces', binary: 'victoria-traces', path: binaries.traces } : { name: 'traces-store', binary: 'victoria-logs', path: binaries.logs },
  ];
  const specs: PartSpec[] = stores.map((store) => {
    const dataDir = join(paths.data, store.name);
    return storePart({
      name: store.name,
      title: TITLES[store.name]!,
      binary: store.path,
      args: storeArgs(store.binary, { port: ports[store.name]!, dataDir }),
      port: ports[store.name]!,
      dataDir,
      logsDir: paths.logs,
      envId: identity.id,
      env: storeEnvironment(),
      healthTimeoutMs: STORE_HEALTH_TIMEOUT_MS,
      stopTimeoutMs: STORE_STOP_TIMEOUT_MS,
    });
  });
  for (const spec of specs) {
    supervisor.start(spec);
    progress({ part: spec.name, message: `starting ${spec.title} on 127.0.0.1:${spec.port}` });
  }
  await Promise.all(
    specs.map(async (spec) => {
      await supervisor.waitHealthy(spec.name);
      progress({ part: spec.name, message: `${spec.title} healthy after ${Date.now() - started} ms` });
    }),
  );

  let bridge: TracesBridge | null = null;
  if (binaries.tracesMode.mode === 'fallback') {
    bridge = await startTracesBridge({ host: '127.0.0.1', port: ports.traces!, victoriaLogsUrl: `http://127.0.0.1:${ports['traces-store']}`, resource: info.resourceAttributes });
    progress({ part: 'traces', message: `traces bridge listening on ${bridge.tracesEndpoint}` });
  }

  const appSpec = planApp(app, info);
  supervisor.start(appSpec);
  progress({ part: 'app', message: `starting ${appSpec.title}: ${[app.command[0], ...appSpec.args].join(' ')}` });
  await supervisor.waitHealthy('app');
  progress({ part: 'app', message: `${appSpec.title} healthy at ${urls.app} after ${Date.now() - started} ms` });

  return { info: { ...info, urls, phase: 'ready', readyAt: new Date().toISOString() }, bridge };
}

/** The app's process spec for the env `info` describes (also used by `restart app` with a reread config). */
export function planApp(app: AppConfig, info: EnvInfo): PartSpec {
  const missing = Object.keys(app.ports).filter((name) => info.ports[`app.${name}`] === undefined);
  if (missing.length > 0) {
    throw new HarnessError({
      what: `app.ports names ${missing.join(', ')}, which this running env has not leased`,
      why: 'ports are leased when the env starts; restarting the app cannot add one',
      fix: 'run `harness down` then `harness up` to lease the new ports',
    });
  }
  const paths = envPaths(info.worktree);
  const identity = { id: info.id, worktree: info.worktree, branch: info.branch };
  return appPart({ app, identity, ports: info.ports, urls: info.urls, dataDir: join(paths.data, 'app'), logsDir: paths.logs, nodePath: process.execPath, bootstrapFile: otelBootstrapFile(), flushAck: { variable: OTEL_FLUSH_ACK_ENV, file: paths.flushAck }, baseEnv: process.env });
}
