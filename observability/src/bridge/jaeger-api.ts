import type { IncomingMessage, ServerResponse } from 'node:http';
import { JaegerParamError, parseDependencyWindow, parseTraceSearch, type TraceSearch } from './jaeger-params.js';
import { rowsToTraces } from './jaeger-spans.js';
import { nanosToRfc3339, type SpanRow } from './span-rows.js';

/**
 * The Jaeger HTTP JSON API that VictoriaTraces serves under /select/jaeger, answered by
 * the bridge with LogsQL against its VictoriaLogs: services, operations, trace search,
 * trace by id, and dependencies (computed from parent links). Answers keep Jaeger's
 * envelope {data, total, limit, offset, errors}; bad parameters get 400 with
 * errors:[{code, msg}]. See docs/design-docs/stack-provisioning.md#the-traces-bridge.
 */
export const JAEGER_PREFIX = '/select/jaeger';

/** VictoriaTraces' -search.traceServiceAndSpanNameLookbehind default: services and operations of the last 3 days. */
const NAME_LOOKBEHIND_MS = 3 * 24 * 3600 * 1000;
const SERVICE = 'resource_attr:service.name';
const KIND_NAMES: Record<string, string> = { '0': '', '1': 'internal', '2': 'server', '3': 'client', '4': 'producer', '5': 'consumer' };

class UpstreamError extends Error {}

export async function handleJaeger(req: IncomingMessage, res: ServerResponse, vl: URL): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://bridge');
  const path = url.pathname.slice(JAEGER_PREFIX.length);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    jaegerError(res, 405, `${req.method ?? 'this method'} ${url.pathname} is not supported: the Jaeger query API is read-only. Use GET.`);
    return;
  }
  try {
    const data = await route(path, url.searchParams, vl);
    if (data === null) {
      jaegerError(res, 404, notServed(url.pathname));
      return;
    }
    if (data === 'trace not found') {
      jaegerError(res, 404, `trace ${path.slice('/api/traces/'.length)} not found: no span with this trace id reached the bridge's VictoriaLogs. Check the id (GET ${JAEGER_PREFIX}/api/traces?service=NAME lists recent ones).`);
      return;
    }
    send(res, 200, { data, total: data.length, limit: 0, offset: 0, errors: null });
  } catch (error) {
    if (error instanceof JaegerParamError) jaegerError(res, 400, error.message);
    else if (error instanceof UpstreamError) jaegerError(res, 502, error.message);
    else throw error;
  }
}

async function route(path: string, query: URLSearchParams, vl: URL): Promise<unknown[] | null | 'trace not found'> {
  if (path === '/api/services') return streamValues(vl, '*', SERVICE);
  const operations = /^\/api\/services\/([^/]+)\/operations$/u.exec(path);
  if (operations) return streamValues(vl, `_stream:{${SERVICE}=${quote(decodePathPart(operations[1] ?? ''))}}`, 'name');
  if (path === '/api/operations') return operationsWithKind(vl, query);
  if (path === '/api/traces') return searchTraces(vl, parseTraceSearch(query));
  const byId = /^\/api\/traces\/([^/]+)$/u.exec(path);
  if (byId) {
    const traceId = normalizeTraceId(decodePathPart(byId[1] ?? ''));
    const traces = rowsToTraces(await logsql(vl, `trace_id:=${quote(traceId)}`), [traceId]);
    return traces.length > 0 ? traces : 'trace not found';
  }
  if (path === '/api/dependencies') return dependencies(vl, query);
  return null;
}

/** Jaeger's /api/operations: [{name, spanKind}] of a service, optionally of one kind. */
async function operationsWithKind(vl: URL, query: URLSearchParams): Promise<unknown[]> {
  const service = query.get('service');
  if (!service) throw new JaegerParamError('the service parameter is missing: operations are listed per service. Add service=NAME (GET /select/jaeger/api/services lists them).');
  const spanKind = query.get('spanKind') ?? '';
  if (spanKind && !Object.values(KIND_NAMES).includes(spanKind)) {
    throw new JaegerParamError(`spanKind=${spanKind} is not a span kind: it filters operations by kind. Give one of server, client, producer, consumer, internal, or leave it out.`);
  }
  const rows = await logsql(vl, `_stream:{${SERVICE}=${quote(service)}} | stats by (name, kind) count() hits`, { start: Date.now() - NAME_LOOKBEHIND_MS });
  return rows
    .map((row) => ({ name: row.name ?? '', spanKind: KIND_NAMES[row.kind ?? ''] ?? '' }))
    .filter((op) => op.name && (!spanKind || op.spanKind === spanKind))
    .sort((a, b) => a.name.localeCompare(b.name) || a.spanKind.localeCompare(b.spanKind));
}

/**
 * VictoriaTraces' two-step search: the newest `limit` trace ids with a span matching
 * every filter in the window, then all spans of those traces (without a time bound, so a
 * trace that started before the window still comes back whole).
 */
async function searchTraces(vl: URL, search: TraceSearch): Promise<unknown[]> {
  const filters = [`_stream:{${SERVICE}=${quote(search.service)}}`];
  if (search.operation) filters.push(`_stream:{name=${quote(search.operation)}}`);
  for (const [field, value] of Object.entries(search.fields)) filters.push(`${quote(field)}:=${quote(value)}`);
  if (search.minDurationNs !== undefined) filters.push(`duration:>${search.minDurationNs}`);
  if (search.maxDurationNs !== undefined) filters.push(`duration:<${search.maxDurationNs}`);
  const window = { end: search.endUs, ...(search.startUs === undefined ? {} : { start: search.startUs }) };
  const newest = await logsql(vl, `${filters.join(' ')} | stats by (trace_id) max(_time) newest | sort by (newest desc) | limit ${search.limit}`, window);
  const traceIds = newest.map((row) => row.trace_id ?? '').filter(Boolean);
  if (traceIds.length === 0) return [];
  const spans = await logsql(vl, `trace_id:in(${traceIds.map(quote).join(',')})`);
  return rowsToTraces(spans, traceIds);
}

/** The most spans /api/dependencies reads: it joins them in memory. */
const MAX_DEPENDENCY_SPANS = 100_000;

/**
 * Service-to-service calls in the window: a span whose parent belongs to another service
 * is one call from the parent's service to its own. VictoriaTraces precomputes this as its
 * service graph; the bridge joins up to MAX_DEPENDENCY_SPANS spans of the window instead.
 */
async function dependencies(vl: URL, query: URLSearchParams): Promise<unknown[]> {
  const { startMs, endMs } = parseDependencyWindow(query);
  const rows = await logsql(vl, `* | fields trace_id, span_id, parent_span_id, ${quote(SERVICE)} | limit ${MAX_DEPENDENCY_SPANS}`, { start: startMs, end: endMs });
  const serviceOf = new Map(rows.map((row) => [`${row.trace_id}/${row.span_id}`, row[SERVICE] ?? '']));
  const calls = new Map<string, { parent: string; child: string; callCount: number }>();
  for (const row of rows) {
    const parent = row.parent_span_id ? serviceOf.get(`${row.trace_id}/${row.parent_span_id}`) : undefined;
    const child = row[SERVICE] ?? '';
    if (!parent || !child || parent === child) continue;
    const link = calls.get(`${parent}\n${child}`) ?? { parent, child, callCount: 0 };
    link.callCount += 1;
    calls.set(`${parent}\n${child}`, link);
  }
  return [...calls.values()].sort((a, b) => a.parent.localeCompare(b.parent) || a.child.localeCompare(b.child));
}

/** Values of a stream field (service names, span names) seen in the last 3 days, sorted. */
async function streamValues(vl: URL, query: string, field: string): Promise<string[]> {
  const params = new URLSearchParams({ query, field, start: new Date(Date.now() - NAME_LOOKBEHIND_MS).toISOString() });
  const body = await fetchVl(vl, '/select/logsql/stream_field_values', params);
  const parsed: unknown = JSON.parse(body);
  const values = typeof parsed === 'object' && parsed !== null && 'values' in parsed && Array.isArray(parsed.values) ? parsed.values : [];
  const names: string[] = [];
  for (const entry of values) {
    if (typeof entry === 'object' && entry !== null && 'value' in entry && typeof entry.value === 'string' && entry.value) names.push(entry.value);
  }
  return names.sort();
}

/** Rows of a LogsQL query; start/end are unix ms (number) or µs (bigint). */
async function logsql(vl: URL, query: string, window: { start?: number | bigint; end?: number | bigint } = {}): Promise<SpanRow[]> {
  const params = new URLSearchParams({ query });
  for (const key of ['start', 'end'] as const) {
    const at = window[key];
    if (at !== undefined) params.set(key, typeof at === 'bigint' ? nanosToRfc3339(String(at * 1000n)) : new Date(at).toISOString());
  }
  const body = await fetchVl(vl, '/select/logsql/query', params);
  return body
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const parsed: unknown = JSON.parse(line);
      const row: SpanRow = {};
      if (typeof parsed === 'object' && parsed !== null) {
        for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') row[key] = value;
      }
      return row;
    });
}

async function fetchVl(vl: URL, path: string, params: URLSearchParams): Promise<string> {
  const answer = await fetch(new URL(path, vl), { method: 'POST', body: params }).catch((error: unknown) => {
    throw new UpstreamError(`the bridge's VictoriaLogs at ${vl.origin} is unreachable (${error instanceof Error ? error.message : String(error)}): spans cannot be read. Run \`harness up\` again to restart the env.`);
  });
  const body = await answer.text();
  if (!answer.ok) {
    throw new UpstreamError(`the bridge's VictoriaLogs answered ${answer.status} to ${params.get('query') ?? path}: ${body.slice(0, 300)}. This is a bridge bug if the request was valid; report it with this message.`);
  }
  return body;
}

function decodePathPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new JaegerParamError(`${part} is not valid percent-encoding: the path part cannot be read. Encode it with encodeURIComponent.`);
  }
}

/** A LogsQL string literal (double-quoted, JSON escapes are valid LogsQL escapes). */
function quote(text: string): string {
  return JSON.stringify(text);
}

/** Jaeger accepts trace ids without leading zeros and in any case; stored ids are 32 lowercase hex digits. */
function normalizeTraceId(id: string): string {
  if (!/^[0-9a-fA-F]{1,32}$/u.test(id)) {
    throw new JaegerParamError(`trace id ${id} is not a trace id: ids are up to 32 hex digits. Give the id as it appears in a trace (traceID) or in the app's logs (trace_id).`);
  }
  return id.toLowerCase().padStart(32, '0');
}

function notServed(path: string): string {
  return `${path} is not served by the traces bridge: it answers GET ${JAEGER_PREFIX}/api/services, /api/services/NAME/operations, /api/operations, /api/traces, /api/traces/ID and /api/dependencies (the Jaeger API v3 needs the real VictoriaTraces). Use one of those, or LogsQL under /select/logsql/.`;
}

function jaegerError(res: ServerResponse, status: number, msg: string): void {
  send(res, status, { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: status, msg }] });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
