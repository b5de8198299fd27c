import type { StoreBinary } from './versions.js';

/**
 * The dev settings of each store, as command-line flags, so the daemon and
 * docker-compose.yml never hard-code them. Every flag was checked against the pinned
 * binaries (VictoriaTraces against its v0.12 flag list: no binary runs here). Why each
 * one: docs/design-docs/stack-provisioning.md#dev-settings.
 */
export interface StoreArgsOptions {
  /** Port to listen on. */
  port: number;
  /** The store's data directory (created by the store if missing). */
  dataDir: string;
  /** Listen host; loopback unless a container needs otherwise. */
  host?: string;
  /** Cap on the store's caches, in bytes (`-memory.allowedBytes`). */
  memoryBytes?: number;
  /** How long data is kept; the stores accept `1d` at the least. */
  retention?: string;
  /** `-loggerLevel`: the stores log each request at INFO, too chatty for a dev env. */
  loggerLevel?: 'INFO' | 'WARN' | 'ERROR';
}

export const DEFAULT_MEMORY_BYTES = 64 * 1024 * 1024;
export const DEFAULT_RETENTION = '1d';
/**
 * Soft cap on a store's whole Go heap (GOMEMLIMIT): `-memory.allowedBytes` sizes only
 * the caches, so the Go runtime collects harder once the process nears this. Soft: a
 * store that needs more still gets it (slower), it is never killed for it.
 */
export const DEFAULT_GO_MEMORY_LIMIT_BYTES = 256 * 1024 * 1024;

/** The environment a store runs with for development: the Go runtime's soft memory cap. */
export function storeEnvironment(options: { goMemoryLimitBytes?: number } = {}): Record<string, string> {
  return { GOMEMLIMIT: `${Math.floor((options.goMemoryLimitBytes ?? DEFAULT_GO_MEMORY_LIMIT_BYTES) / (1024 * 1024))}MiB` };
}

/** Flags every store shares: loopback listener, data dir, caps, retention, fast flush. */
function commonArgs(o: StoreArgsOptions): string[] {
  return [
    `-httpListenAddr=${o.host ?? '127.0.0.1'}:${o.port}`,
    `-storageDataPath=${o.dataDir}`,
    `-retentionPeriod=${o.retention ?? DEFAULT_RETENTION}`,
    `-memory.allowedBytes=${o.memoryBytes ?? DEFAULT_MEMORY_BYTES}`,
    // Persist in-memory parts every second (the minimum) instead of every 5 s.
    '-inmemoryDataFlushInterval=1s',
    `-loggerLevel=${o.loggerLevel ?? 'WARN'}`,
  ];
}

/** The command-line flags to start `name` for development on `port` with `dataDir`. */
export function storeArgs(name: StoreBinary, options: StoreArgsOptions): string[] {
  const common = commonArgs(options);
  switch (name) {
    case 'victoria-logs':
      // VictoriaLogs has no search latency offset: rows are searchable once flushed
      // (about 1 s, or at once after POST /internal/force_flush).
      return common;
    case 'victoria-metrics':
      return [
        ...common,
        // Samples are visible as soon as they are ingested, not 30 s later.
        '-search.latencyOffset=0s',
        // No response cache: a repeated query sees new samples.
        '-search.disableCache',
        // OTLP metric names as Prometheus names (http_server_duration_seconds), the
        // names PromQL users and agents expect.
        '-opentelemetry.usePrometheusNaming',
      ];
    case 'victoria-traces':
      return [
        ...common,
        // Jaeger, Tempo and (since v0.12) LogsQL APIs hide spans newer than 30 s by default.
        '-search.latencyOffset=0s',
        // The trace-id index waits 20 s by default before it is written; lookups of a
        // trace by id fail until then.
        '-insert.indexFlushInterval=1s',
      ];
  }
}

/** The HTTP paths the harness uses on each store. */
export interface StoreEndpoints {
  /** 200 once the store serves requests. */
  health: string;
  /** OTLP/HTTP protobuf ingestion. */
  otlp: string;
  /** The built-in web UI. */
  ui: string;
  /** Makes everything ingested so far searchable (POST). */
  forceFlush: string;
}

export const STORE_ENDPOINTS: Readonly<Record<StoreBinary, StoreEndpoints>> = {
  'victoria-logs': {
    health: '/health',
    otlp: '/insert/opentelemetry/v1/logs',
    ui: '/select/vmui/',
    forceFlush: '/internal/force_flush',
  },
  'victoria-metrics': {
    health: '/health',
    otlp: '/opentelemetry/v1/metrics',
    ui: '/vmui/',
    forceFlush: '/internal/force_flush',
  },
  'victoria-traces': {
    health: '/health',
    otlp: '/insert/opentelemetry/v1/traces',
    ui: '/select/vmui/',
    forceFlush: '/internal/force_flush',
  },
};
