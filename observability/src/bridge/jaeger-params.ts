/**
 * The query parameters of the Jaeger HTTP JSON API (`/api/traces`, `/api/operations`) as
 * the bridge reads them: the same names, units and defaults as VictoriaTraces'
 * app/vtselect/traces/jaeger (start/end in unix microseconds, durations in Go's format,
 * `tags` a JSON object). A bad value is a JaegerParamError whose text says what, why and
 * the fix; the API answers it with 400 in Jaeger's error shape.
 */
export class JaegerParamError extends Error {}

export interface TraceSearch {
  service: string;
  operation: string;
  /** Storage field → exact value (span_attr:…, resource_attr:…, kind, status_code, …). */
  fields: Record<string, string>;
  /** Span duration bounds in nanoseconds (exclusive, as VictoriaTraces applies them). */
  minDurationNs?: bigint;
  maxDurationNs?: bigint;
  /** The time window, unix microseconds; start absent means "since the beginning". */
  startUs?: bigint;
  endUs: bigint;
  limit: number;
}

export const DEFAULT_TRACE_LIMIT = 20;
export const MAX_TRACE_LIMIT = 1000;

const UNIT_NANOS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  μs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
  d: 86_400_000_000_000n,
};

/**
 * A Go duration (`250ms`, `1.5s`, `2h45m`, `5us`) in nanoseconds; `d` (days) is also
 * accepted because the Jaeger UI's lookback menu sends `2d` and `7d`.
 */
export function parseGoDuration(text: string): bigint | null {
  if (text === '0') return 0n;
  let total = 0n;
  let consumed = 0;
  for (const [part, whole = '0', fraction = '', unit = ''] of text.matchAll(/(\d+)(?:\.(\d+))?(ns|us|µs|μs|ms|s|m|h|d)/gu)) {
    const scale = UNIT_NANOS[unit] ?? 0n;
    const digits = fraction.slice(0, 9);
    total += BigInt(whole) * scale + (BigInt(digits || '0') * scale) / 10n ** BigInt(digits.length);
    consumed += part.length;
  }
  return consumed > 0 && consumed === text.length ? total : null;
}

/** Jaeger's special tags, as VictoriaTraces maps them back to its storage fields. */
const SPECIAL_TAGS: Record<string, { field: string; values?: Record<string, string> }> = {
  error: { field: 'status_code', values: { unset: '0', true: '2', false: '1' } },
  'span.kind': { field: 'kind', values: { internal: '1', server: '2', client: '3', producer: '4', consumer: '5' } },
  'otel.status_description': { field: 'status_message' },
  'w3c.tracestate': { field: 'trace_state' },
  'otel.scope.name': { field: 'scope_name' },
  'otel.scope.version': { field: 'scope_version' },
};

/** A Jaeger tag filter as the storage field it matches: `http.route` → `span_attr:http.route`. */
export function tagToField(key: string, value: string): [string, string] {
  const special = SPECIAL_TAGS[key];
  if (special) return [special.field, special.values?.[value] ?? value];
  if (key.startsWith('resource_attr:') || key.startsWith('scope_attr:')) return [key, value];
  return [`span_attr:${key}`, value];
}

export function parseTraceSearch(query: URLSearchParams, now = Date.now()): TraceSearch {
  const service = query.get('service') ?? '';
  if (!service) {
    throw new JaegerParamError(
      'the service parameter is missing: Jaeger trace search is per service. Add service=NAME (GET /select/jaeger/api/services lists them).',
    );
  }
  const endUs = optionalMicros(query, 'end') ?? BigInt(now) * 1000n;
  let startUs = optionalMicros(query, 'start');
  const lookback = query.get('lookback');
  if (startUs === undefined && lookback && lookback !== 'custom') {
    const ns = parseGoDuration(lookback);
    if (ns === null) throw badDuration('lookback', lookback);
    startUs = endUs - ns / 1000n;
  }
  if (startUs !== undefined && startUs > endUs) {
    throw new JaegerParamError(`start (${startUs}) is after end (${endUs}): the window would be empty. Give start <= end, both in unix microseconds.`);
  }
  const search: TraceSearch = { service, operation: query.get('operation') ?? '', fields: parseTags(query), endUs, limit: parseLimit(query.get('limit')) };
  if (startUs !== undefined) search.startUs = startUs;
  for (const [name, key] of [
    ['minDuration', 'minDurationNs'],
    ['maxDuration', 'maxDurationNs'],
  ] as const) {
    const text = query.get(name);
    if (!text) continue;
    const ns = parseGoDuration(text);
    if (ns === null) throw badDuration(name, text);
    search[key] = ns;
  }
  return search;
}

function optionalMicros(query: URLSearchParams, name: 'start' | 'end'): bigint | undefined {
  const text = query.get(name);
  if (!text) return undefined;
  if (!/^\d{1,19}$/u.test(text)) {
    throw new JaegerParamError(
      `${name}=${text} is not a timestamp: the Jaeger API takes unix microseconds. Give an integer, e.g. ${name}=${Date.now() * 1000}.`,
    );
  }
  return BigInt(text);
}

function parseLimit(text: string | null): number {
  if (!text) return DEFAULT_TRACE_LIMIT;
  const limit = /^\d{1,7}$/u.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(limit) || limit > MAX_TRACE_LIMIT) {
    throw new JaegerParamError(
      `limit=${text} is not a trace count between 0 and ${MAX_TRACE_LIMIT}: it caps how many traces the search returns. Give an integer such as limit=${DEFAULT_TRACE_LIMIT}.`,
    );
  }
  return limit === 0 ? DEFAULT_TRACE_LIMIT : limit;
}

/** `tags={"k":"v"}` (a JSON object, as Jaeger UI sends it) and repeated `tag=k:v`. */
function parseTags(query: URLSearchParams): Record<string, string> {
  const fields: Record<string, string> = {};
  const tags = query.get('tags');
  if (tags) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(tags);
    } catch {
      parsed = undefined;
    }
    const entries: Array<[string, unknown]> = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? Object.entries(parsed) : [['', null]];
    for (const [key, value] of entries) {
      if (typeof value !== 'string') {
        throw new JaegerParamError(
          `tags=${tags} is not a JSON object of strings: span tags filter by exact value. Give e.g. tags={"http.route":"/api/tasks","error":"true"} (URL-encoded).`,
        );
      }
      const [field, match] = tagToField(key, value);
      fields[field] = match;
    }
  }
  for (const tag of query.getAll('tag')) {
    const colon = tag.indexOf(':');
    if (colon <= 0) throw new JaegerParamError(`tag=${tag} has no key: a tag filter is key:value. Give e.g. tag=http.route:/api/tasks.`);
    const [field, match] = tagToField(tag.slice(0, colon), tag.slice(colon + 1));
    fields[field] = match;
  }
  return fields;
}

function badDuration(name: string, text: string): JaegerParamError {
  return new JaegerParamError(
    `${name}=${text} is not a duration: the Jaeger API reads Go durations. Give a number with a unit (ns, us, ms, s, m, h), e.g. ${name}=250ms or ${name}=1.5s.`,
  );
}

/** Jaeger's default window for /api/dependencies when `lookback` is absent: a day. */
const DEFAULT_DEPENDENCY_LOOKBACK_MS = 24 * 3600 * 1000;

/** `/api/dependencies?endTs=&lookback=`: both in unix milliseconds, as the Jaeger UI sends them. */
export function parseDependencyWindow(query: URLSearchParams, now = Date.now()): { startMs: number; endMs: number } {
  const read = (name: 'endTs' | 'lookback', fallback: number): number => {
    const text = query.get(name);
    if (!text) return fallback;
    if (!/^\d{1,16}$/u.test(text)) {
      throw new JaegerParamError(`${name}=${text} is not a number of milliseconds: the dependencies window is endTs (unix ms) minus lookback (ms). Give an integer, e.g. ${name}=${name === 'endTs' ? now : 3_600_000}.`);
    }
    return Number(text);
  };
  const endMs = read('endTs', now);
  return { startMs: endMs - read('lookback', DEFAULT_DEPENDENCY_LOOKBACK_MS), endMs };
}
