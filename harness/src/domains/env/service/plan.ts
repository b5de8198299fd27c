import { join, resolve } from 'node:path';
import { fillPlaceholders, type AppConfig } from '../config/app-config.js';
import type { EnvUrls, StoreUrls } from '../types/env-info.js';
import type { PartSpec } from '../types/part-spec.js';
import { ENV_MARKER_VAR } from '../types/paths.js';
import { shellQuote } from '../../../utils/text-escape.js';

export type { PartSpec };

/**
 * Pure planning of an env: which processes run with which argv, environment, health
 * check and log file, and the URLs and files that describe the result. The runtime
 * layer executes the plan; nothing here starts or touches anything.
 */

export interface EnvIdentity {
  id: string;
  worktree: string;
  branch: string | null;
}

const loopback = (port: number): string => `http://127.0.0.1:${port}`;

/** The resource attributes every record of the env carries, so each answer can name its env. */
export function resourceAttributes(identity: EnvIdentity): Record<string, string> {
  const attributes: Record<string, string> = { 'harness.env': identity.id, 'vcs.worktree.path': identity.worktree };
  if (identity.branch) attributes['vcs.branch'] = identity.branch;
  return attributes;
}

/** OTEL_RESOURCE_ATTRIBUTES syntax: `k=v,k=v` with values percent-encoded. */
export function encodeResourceAttributes(attributes: Record<string, string>): string {
  return Object.entries(attributes)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join(',');
}

function logsUrls(port: number): StoreUrls {
  const base = loopback(port);
  return { base, otlp: `${base}/insert/opentelemetry/v1/logs`, query: `${base}/select/logsql/query`, ui: `${base}/select/vmui/` };
}

/**
 * The env's URLs. In traces fallback mode the `traces` port is the bridge, which takes
 * OTLP at VictoriaTraces' path and serves LogsQL and the UI under /select/ like it
 * (the Jaeger API answers 501 there: it exists only in the real binary).
 */
export function envUrls(ports: Record<string, number>, appPortName: string): EnvUrls {
  const metricsBase = loopback(ports.metrics!);
  const tracesBase = loopback(ports.traces!);
  return {
    app: `${loopback(ports[`app.${appPortName}`]!)}/`,
    logs: logsUrls(ports.logs!),
    metrics: { base: metricsBase, otlp: `${metricsBase}/opentelemetry/v1/metrics`, query: `${metricsBase}/api/v1/query`, ui: `${metricsBase}/vmui/` },
    traces: {
      base: tracesBase,
      otlp: `${tracesBase}/insert/opentelemetry/v1/traces`,
      query: `${tracesBase}/select/logsql/query`,
      ui: `${tracesBase}/select/vmui/`,
      jaeger: `${tracesBase}/select/jaeger`,
    },
  };
}

/** The port roles an env leases: three stores (four in traces fallback), then the app's own. */
export function portRoles(app: AppConfig, tracesNative: boolean): string[] {
  const stores = tracesNative ? ['logs', 'metrics', 'traces'] : ['logs', 'metrics', 'traces', 'traces-store'];
  return [...stores, ...Object.keys(app.ports).map((name) => `app.${name}`)];
}

export function storePart(options: {
  name: string;
  title: string;
  binary: string;
  args: string[];
  port: number;
  dataDir: string;
  logsDir: string;
  envId: string;
  /** The store's own variables (GOMEMLIMIT), from observability's storeEnvironment. */
  env: Record<string, string>;
  healthTimeoutMs: number;
  stopTimeoutMs: number;
}): PartSpec {
  return {
    name: options.name,
    title: options.title,
    command: options.binary,
    args: options.args,
    cwd: options.dataDir,
    env: { ...options.env, [ENV_MARKER_VAR]: options.envId },
    port: options.port,
    healthUrl: `${loopback(options.port)}/health`,
    healthTimeoutMs: options.healthTimeoutMs,
    logFile: join(options.logsDir, `${options.name}.log`),
    dataDir: options.dataDir,
    group: false,
    shipOutput: false,
    stopTimeoutMs: options.stopTimeoutMs,
  };
}

/** The app's process: its configured command with OTel pointed at this env's stores. */
export function appPart(options: {
  app: AppConfig;
  identity: EnvIdentity;
  ports: Record<string, number>;
  urls: EnvUrls;
  dataDir: string;
  logsDir: string;
  nodePath: string;
  bootstrapFile: string | null;
  /** The variable and file through which the OTel bootstrap acknowledges a SIGUSR2 flush. */
  flushAck: { variable: string; file: string };
  baseEnv: NodeJS.ProcessEnv;
}): PartSpec {
  const { app, identity } = options;
  const appPorts = Object.fromEntries(Object.keys(app.ports).map((name) => [name, options.ports[`app.${name}`]!]));
  const fill = (value: string): string => fillPlaceholders(value, { ports: appPorts, dataDir: options.dataDir, worktree: identity.worktree, envId: identity.id });
  const [program, ...args] = app.command.map(fill);
  const batchDelay = String(Math.min(app.otel.exportInterval, 500));
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.baseEnv)) if (value !== undefined) env[key] = value;
  Object.assign(env, {
    // Servers that read HOST bind loopback: an env is for this machine only. The
    // app section's env (applied last) may override it.
    HOST: '127.0.0.1',
    OTEL_SERVICE_NAME: app.name,
    OTEL_RESOURCE_ATTRIBUTES: encodeResourceAttributes(resourceAttributes(identity)),
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
    OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/protobuf',
    OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/protobuf',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: options.urls.traces.otlp,
    OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: options.urls.metrics.otlp,
    OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: options.urls.logs.otlp,
    OTEL_METRIC_EXPORT_INTERVAL: String(app.otel.exportInterval),
    OTEL_BSP_SCHEDULE_DELAY: batchDelay,
    OTEL_BLRP_SCHEDULE_DELAY: batchDelay,
    HARNESS_ENV_ID: identity.id,
    [options.flushAck.variable]: options.flushAck.file,
    [ENV_MARKER_VAR]: identity.id,
  });
  for (const [name, variable] of Object.entries(app.ports)) if (variable) env[variable] = String(appPorts[name]);
  for (const [key, value] of Object.entries(app.env)) env[key] = fill(value);
  if (app.otel.preload && options.bootstrapFile) {
    const preload = `--import=${options.bootstrapFile}`;
    env.NODE_OPTIONS = env.NODE_OPTIONS ? `${env.NODE_OPTIONS} ${preload}` : preload;
  }
  const healthPort = app.health.port ?? Object.keys(app.ports)[0]!;
  const port = appPorts[healthPort]!;
  return {
    name: 'app',
    title: `the app (${app.name})`,
    command: program === 'node' ? options.nodePath : program!,
    args,
    cwd: resolve(identity.worktree, app.cwd),
    env,
    port,
    healthUrl: `${loopback(port)}${app.health.path}`,
    healthTimeoutMs: app.health.timeout,
    logFile: join(options.logsDir, 'app.log'),
    dataDir: options.dataDir,
    group: true,
    shipOutput: true,
    stopTimeoutMs: app.stopTimeout,
  };
}

/** `.harness/env`: the env's URLs under the names the official VictoriaMetrics MCP servers and skills read. */
export function renderEnvFile(identity: EnvIdentity, urls: EnvUrls): string {
  const vars: [string, string][] = [
    ['HARNESS_ENV_ID', identity.id],
    // mcp-victoriametrics refuses to start without it; the env runs single-node stores.
    ['VM_INSTANCE_TYPE', 'single'],
    // Without the trailing slash, like the others, so `$HARNESS_APP_URL/api/tasks` works in a shell.
    ['HARNESS_APP_URL', urls.app.replace(/\/+$/, '')],
    ['VL_INSTANCE_ENTRYPOINT', urls.logs.base],
    ['VM_INSTANCE_ENTRYPOINT', urls.metrics.base],
    ['VT_INSTANCE_ENTRYPOINT', urls.traces.base],
    ['VM_LOGS_URL', urls.logs.base],
    ['VM_METRICS_URL', urls.metrics.base],
    ['VM_TRACES_URL', urls.traces.jaeger],
    ['HARNESS_OTLP_LOGS_ENDPOINT', urls.logs.otlp],
    ['HARNESS_OTLP_METRICS_ENDPOINT', urls.metrics.otlp],
    ['HARNESS_OTLP_TRACES_ENDPOINT', urls.traces.otlp],
  ];
  return [`# env ${identity.id} of ${identity.worktree}, written by harness up. Use: . .harness/env`, ...vars.map(([k, v]) => `export ${k}=${shellQuote(v)}`), ''].join('\n');
}
