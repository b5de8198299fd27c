import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { decodeTraces } from '../otlp/decode.js';
import { readOtlpBody } from '../otlp/request-body.js';
import { handleJaeger, JAEGER_PREFIX } from './jaeger-api.js';
import { spanToRow, TRACE_STREAM_FIELDS } from './span-rows.js';
import { messageOf } from '../support/errors.js';

/**
 * The traces bridge: a stand-in for VictoriaTraces on machines where its binary cannot be
 * obtained. It accepts OTLP/HTTP protobuf spans where VictoriaTraces does and writes them,
 * in VictoriaTraces' own data model, into a dedicated VictoriaLogs, whose LogsQL API it
 * also serves under its own URL, and it answers VictoriaTraces' Jaeger query API
 * (/select/jaeger: services, operations, trace search, trace by id, dependencies) with
 * LogsQL over those spans. The Tempo API and Jaeger API v3 exist only in the real binary.
 * See docs/design-docs/stack-provisioning.md#the-traces-bridge.
 */
export interface TracesBridgeOptions {
  /** Listen host (default 127.0.0.1). */
  host?: string;
  /** Listen port (0 or absent: any free port). */
  port?: number;
  /** Base URL of the VictoriaLogs instance dedicated to spans, e.g. http://127.0.0.1:9430. */
  victoriaLogsUrl: string;
  /** Resource attributes added to every span (overriding the app's), e.g. the worktree identity. */
  resource?: Record<string, string>;
}

export interface TracesBridge {
  /** Base URL: serves OTLP ingestion, /health, the Jaeger query API (/select/jaeger) and VictoriaLogs' /select/* (LogsQL). */
  url: string;
  /** Where an OTLP exporter sends spans (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT). */
  tracesEndpoint: string;
  close(): Promise<void>;
}

export const TRACES_PATH = '/insert/opentelemetry/v1/traces';
/** The same cap as VictoriaTraces' -opentelemetry.traces.maxRequestSize default. */
const MAX_REQUEST_BYTES = 64 * 1024 * 1024;

export async function startTracesBridge(options: TracesBridgeOptions): Promise<TracesBridge> {
  const host = options.host ?? '127.0.0.1';
  const vl = new URL(options.victoriaLogsUrl);
  const insertUrl = new URL(`/insert/jsonline?_stream_fields=${TRACE_STREAM_FIELDS.join(',')}`, vl);

  const ingest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const type = req.headers['content-type'] ?? '';
    if (!type.startsWith('application/x-protobuf') && !type.startsWith('application/protobuf')) {
      reply(res, 415, `the traces bridge accepts OTLP protobuf only (Content-Type application/x-protobuf), got ${type || 'none'}`);
      return;
    }
    let rows: string;
    try {
      rows = decodeTraces(await readOtlpBody(req, MAX_REQUEST_BYTES))
        .map((span) => JSON.stringify(spanToRow(span, options.resource)))
        .join('\n');
    } catch (error) {
      reply(res, 400, `cannot decode the OTLP trace export request: ${messageOf(error)}`);
      return;
    }
    if (rows.length > 0) {
      const stored = await fetch(insertUrl, { method: 'POST', body: `${rows}\n`, headers: { 'content-type': 'application/stream+json' } }).then(
        async (r) => (r.ok ? null : `VictoriaLogs answered ${r.status}: ${(await r.text()).slice(0, 300)}`),
        (error: unknown) => `VictoriaLogs at ${vl.origin} is unreachable: ${messageOf(error)}`,
      );
      if (stored) {
        // 503 is retryable for OTLP exporters: the spans are sent again later.
        reply(res, 503, stored);
        return;
      }
    }
    // An empty ExportTraceServiceResponse: everything accepted.
    res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === TRACES_PATH && req.method === 'POST') return ingest(req, res);
    if (path === '/health') {
      const ok = await fetch(new URL('/health', vl)).then(
        (r) => r.ok,
        () => false,
      );
      reply(res, ok ? 200 : 503, ok ? 'OK' : `the traces bridge's VictoriaLogs at ${vl.origin} is not healthy`);
      return;
    }
    if (path.startsWith(`${JAEGER_PREFIX}/api/v3/`) || path.startsWith('/select/tempo') || path.startsWith('/api/')) {
      reply(
        res,
        501,
        `the traces bridge serves the Jaeger query API under ${JAEGER_PREFIX}/api/ and LogsQL under /select/logsql/: the Tempo API and Jaeger API v3 need the real VictoriaTraces binary`,
      );
      return;
    }
    if (path === JAEGER_PREFIX || path.startsWith(`${JAEGER_PREFIX}/`)) return handleJaeger(req, res, vl);
    if (path.startsWith('/select/') || path === '/internal/force_flush') {
      proxy(req, res, vl);
      return;
    }
    reply(res, 404, `the traces bridge does not serve ${path}`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => reply(res, 500, messageOf(error)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the traces bridge has no TCP address');
  const url = `http://${host}:${address.port}`;
  return {
    url,
    tracesEndpoint: `${url}${TRACES_PATH}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Passes a request through to VictoriaLogs unchanged (LogsQL queries, force flush). */
function proxy(req: IncomingMessage, res: ServerResponse, target: URL): void {
  const upstream = httpRequest(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', (error) => reply(res, 502, `VictoriaLogs at ${target.origin} is unreachable: ${error.message}`));
  req.pipe(upstream);
}

function reply(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${text}\n`);
}
