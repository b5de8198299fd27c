import { bootstrapImportUrl, FLUSH_ACK_ENV } from '@agent-harness/observability/bootstrap/path';
import { startTracesBridge as startPackageBridge } from '@agent-harness/observability/bridge/index';
import { resolveBinary, storeArgs as packageStoreArgs, type ProgressEvent, type StoreBinary } from '@agent-harness/observability/provision/index';
export { storeEnvironment } from '@agent-harness/observability/stack/store-args';

/**
 * The harness's way in to the observability package (domains import this provider,
 * never the package): where each Victoria binary is, the flags each store runs with,
 * the traces fallback bridge, and the OTel bootstrap an unmodified Node app preloads.
 */

export type { StoreBinary };

export interface ResolvedBinary {
  name: StoreBinary;
  path: string;
  version: string;
}

function describe(event: ProgressEvent): string | null {
  switch (event.kind) {
    case 'step':
    case 'warning':
    case 'go-build':
      return event.message;
    case 'download':
      return event.totalBytes ? `downloading ${Math.round((100 * event.receivedBytes) / event.totalBytes)} %` : `downloading ${Math.round(event.receivedBytes / 1e6)} MB`;
    case 'done':
      return null;
  }
}

/**
 * Finds a store's binary (explicit path, PATH, cache, then for `fetch: true` the release
 * tarball and a Go build), or throws the package's Diagnostic listing each way tried.
 * `harness up` fetches VictoriaLogs and VictoriaMetrics when missing but looks for
 * VictoriaTraces only where `harness install` puts it: on these machines it cannot be
 * fetched, and trying on every `up` would cost seconds before the fallback starts.
 */
export async function resolveStoreBinary(name: StoreBinary, options: { fetch: boolean; explicitPath?: string; onProgress?: (message: string) => void }): Promise<ResolvedBinary> {
  const resolved = await resolveBinary(name, {
    ...(options.explicitPath ? { explicitPath: options.explicitPath } : {}),
    allowDownload: options.fetch,
    allowGoBuild: options.fetch,
    onProgress: (event) => {
      const message = describe(event);
      if (message) options.onProgress?.(message);
    },
  });
  return { name, path: resolved.path, version: resolved.version };
}

/** The command-line flags of a store in a dev env: loopback, small memory, short retention, fresh data visible at once. */
export function storeArgs(name: StoreBinary, options: { port: number; dataDir: string }): string[] {
  return packageStoreArgs(name, options);
}

export interface TracesBridge {
  /** Root URL: OTLP in at the same path as VictoriaTraces, LogsQL and the UI under /select/. */
  url: string;
  /** Where apps send OTLP/HTTP protobuf spans. */
  tracesEndpoint: string;
  close(): Promise<void>;
}

/** Starts the OTLP traces bridge (spans in, VictoriaTraces-shaped rows into a dedicated VictoriaLogs). */
export function startTracesBridge(options: { host: string; port: number; victoriaLogsUrl: string; resource: Record<string, string> }): Promise<TracesBridge> {
  return startPackageBridge(options);
}

/** The URL a Node app preloads (`node --import=<url>`) to export OTel with no code change. */
export function otelBootstrapFile(): string {
  return bootstrapImportUrl();
}

/** The env var naming the file the bootstrap rewrites after each SIGUSR2 flush (the readiness barrier). */
export const OTEL_FLUSH_ACK_ENV = FLUSH_ACK_ENV;
