import { accessSync, constants, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { HarnessError } from '../utils/diagnostic.js';

/**
 * The harness's way in to the observability package: where each Victoria binary is, the
 * flags each store runs with, the traces fallback bridge and the OTel bootstrap file.
 *
 * INTERIM: until `@agent-harness/observability/provision` lands on main, binaries come
 * from an explicit env var, PATH, or the prebuilt cache, and flags are the dev settings
 * below. Only this file changes when the real API arrives.
 */

export type StoreBinary = 'victoria-logs' | 'victoria-metrics' | 'victoria-traces';

const PINNED: Record<StoreBinary, string> = {
  'victoria-logs': 'v1.43.1',
  'victoria-metrics': 'v1.150.0',
  'victoria-traces': 'v0.5.0',
};

const ENV_VAR: Record<StoreBinary, string> = {
  'victoria-logs': 'HARNESS_VICTORIA_LOGS_BIN',
  'victoria-metrics': 'HARNESS_VICTORIA_METRICS_BIN',
  'victoria-traces': 'HARNESS_VICTORIA_TRACES_BIN',
};

export interface ResolvedBinary {
  name: StoreBinary;
  path: string;
  version: string;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds a store's binary, or throws a Diagnostic listing each way to get it. */
export async function resolveStoreBinary(name: StoreBinary, options: { onProgress?: (message: string) => void } = {}): Promise<ResolvedBinary> {
  void options;
  const version = PINNED[name];
  const explicit = process.env[ENV_VAR[name]];
  if (explicit) {
    if (executable(explicit)) return { name, path: explicit, version };
    throw new HarnessError({
      what: `${ENV_VAR[name]}=${explicit} is not an executable file`,
      why: `harness up runs ${name} from that path`,
      fix: `point ${ENV_VAR[name]} at the ${name} binary, or unset it`,
    });
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && executable(join(dir, name))) return { name, path: join(dir, name), version };
  }
  const cacheRoot = process.env.XDG_CACHE_HOME && process.env.XDG_CACHE_HOME.startsWith('/') ? process.env.XDG_CACHE_HOME : join(homedir(), '.cache');
  for (const candidate of [join(cacheRoot, 'agent-harness', 'bin', `${name}-${version}`), join(cacheRoot, 'agent-harness', 'prebuilt', `${name}-${version}`)]) {
    if (existsSync(candidate) && executable(candidate)) return { name, path: candidate, version };
  }
  throw new HarnessError({
    what: `${name} ${version} was not found`,
    why: `harness up needs ${name} to store the app's telemetry`,
    fix: `run \`harness install\`, or set ${ENV_VAR[name]}=/path/to/${name}, or put ${name} on PATH`,
  });
}

/** The command-line flags of a store in a dev env: loopback, small memory, short retention, fresh data visible at once. */
export function storeArgs(name: StoreBinary, options: { port: number; dataDir: string }): string[] {
  const common = [`-httpListenAddr=127.0.0.1:${options.port}`, `-storageDataPath=${options.dataDir}`, '-retentionPeriod=1d', '-memory.allowedBytes=64MB', '-inmemoryDataFlushInterval=1s', '-loggerLevel=WARN'];
  if (name === 'victoria-metrics') return [...common, '-search.latencyOffset=0s', '-search.disableCache', '-opentelemetry.usePrometheusNaming'];
  if (name === 'victoria-traces') return [...common, '-search.latencyOffset=0s'];
  return common;
}

export interface TracesBridge {
  /** Root URL of the bridge. */
  url: string;
  /** Where apps send OTLP/HTTP protobuf spans. */
  tracesEndpoint: string;
  close(): Promise<void>;
}

/**
 * Starts the OTLP traces bridge (spans in, VictoriaTraces-shaped rows into a
 * VictoriaLogs), used when VictoriaTraces itself cannot be obtained.
 */
export async function startTracesBridge(options: { host: string; port: number; victoriaLogsUrl: string }): Promise<TracesBridge> {
  // INTERIM until the observability package's bridge lands: decode spans, write rows
  // with VictoriaTraces' field names to the dedicated VictoriaLogs.
  const { decodeTraces } = await import('@agent-harness/observability/otlp/decode');
  const insertUrl = `${options.victoriaLogsUrl}/insert/jsonline?_stream_fields=resource_attr:service.name,name&_msg_field=_msg&_time_field=_time`;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        try {
          let body = Buffer.concat(chunks);
          if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
          const rows = decodeTraces(body).map((span) => {
            const row: Record<string, unknown> = {
              _time: new Date(Number(BigInt(span.startTimeUnixNano) / 1_000_000n)).toISOString(),
              _msg: '-',
              trace_id: span.traceId,
              span_id: span.spanId,
              parent_span_id: span.parentSpanId,
              name: span.name,
              kind: span.kind,
              duration: String(BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano)),
              start_time_unix_nano: span.startTimeUnixNano,
              end_time_unix_nano: span.endTimeUnixNano,
              status_code: span.status.code,
              status_message: span.status.message,
              scope_name: span.scope.name,
            };
            for (const [k, v] of Object.entries(span.resource)) row[`resource_attr:${k}`] = typeof v === 'string' ? v : JSON.stringify(v);
            for (const [k, v] of Object.entries(span.attributes)) row[`span_attr:${k}`] = typeof v === 'string' ? v : JSON.stringify(v);
            return JSON.stringify(row);
          });
          const response = await fetch(insertUrl, { method: 'POST', body: rows.join('\n') });
          res.writeHead(response.ok ? 200 : 502, { 'content-type': 'application/x-protobuf' }).end();
        } catch {
          res.writeHead(400).end();
        }
      })();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const url = `http://${options.host}:${options.port}`;
  return { url, tracesEndpoint: `${url}/v1/traces`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The file a Node app preloads (`node --import <file>`) to export OTel with no code change, or null when not built. */
export function otelBootstrapFile(): string | null {
  return null;
}
