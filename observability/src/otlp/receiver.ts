import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeLogs, decodeMetrics, decodeTraces, type DecodedLogRecord, type DecodedMetric, type DecodedSpan } from './decode.js';
import { readOtlpBody } from './request-body.js';

export type Signal = 'traces' | 'metrics' | 'logs';

/** A local OTLP/HTTP protobuf receiver for tests: decodes for real and keeps every record. */
export interface OtlpReceiver {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Full per-signal URLs, as OTEL_EXPORTER_OTLP_{TRACES,METRICS,LOGS}_ENDPOINT take them. */
  endpoints: Record<Signal, string>;
  spans: DecodedSpan[];
  logs: DecodedLogRecord[];
  metrics: DecodedMetric[];
  /** Requests that could not be decoded, with the reason; a test should expect none. */
  rejected: Array<{ path: string; reason: string }>;
  /** Polls until `find` returns a value (not undefined/false), or fails naming `what`. */
  waitFor<T>(find: () => T | undefined | false | null, options?: { timeoutMs?: number; what?: string }): Promise<T>;
  close(): Promise<void>;
}

const PATHS: Record<string, Signal> = { '/v1/traces': 'traces', '/v1/metrics': 'metrics', '/v1/logs': 'logs' };

/** Starts the receiver on 127.0.0.1 (port 0 = any free port). */
export async function startOtlpReceiver(options: { host?: string; port?: number } = {}): Promise<OtlpReceiver> {
  const host = options.host ?? '127.0.0.1';
  const spans: DecodedSpan[] = [];
  const logs: DecodedLogRecord[] = [];
  const metrics: DecodedMetric[] = [];
  const rejected: OtlpReceiver['rejected'] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const signal = PATHS[path];
    if (req.method !== 'POST' || !signal) {
      res.writeHead(404).end();
      return;
    }
    const type = req.headers['content-type'] ?? '';
    if (!type.startsWith('application/x-protobuf')) {
      rejected.push({ path, reason: `content-type ${type || '(none)'} is not application/x-protobuf` });
      res.writeHead(415).end();
      return;
    }
    try {
      const body = await readOtlpBody(req);
      if (signal === 'traces') spans.push(...decodeTraces(body));
      else if (signal === 'logs') logs.push(...decodeLogs(body));
      else metrics.push(...decodeMetrics(body));
      // An empty Export*ServiceResponse: full success.
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    } catch (error) {
      rejected.push({ path, reason: error instanceof Error ? error.message : String(error) });
      res.writeHead(400).end();
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;

  return {
    url,
    endpoints: { traces: `${url}/v1/traces`, metrics: `${url}/v1/metrics`, logs: `${url}/v1/logs` },
    spans,
    logs,
    metrics,
    rejected,
    async waitFor(find, { timeoutMs = 10_000, what = 'the expected telemetry' } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = find();
        if (found !== undefined && found !== false && found !== null) return found;
        if (Date.now() > deadline) {
          throw new Error(
            `OTLP receiver: ${what} did not arrive within ${timeoutMs} ms ` +
              `(received ${spans.length} spans, ${metrics.length} metrics, ${logs.length} log records; rejected ${rejected.length})`,
          );
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
