// A small HTTP client for the tests: sends exactly what it is given (any body, any
// header) and returns the status, headers and the body parsed as JSON when it is JSON.
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export interface RequestOptions {
  method?: string;
  /** A value to send as JSON (sets content-type), unless `raw` is given. */
  json?: unknown;
  raw?: string | Uint8Array;
  headers?: Record<string, string>;
}

export async function request(baseUrl: string, path: string, options: RequestOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | Uint8Array | undefined = options.raw;
  if (options.json !== undefined && body === undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(new URL(path, baseUrl), { method: options.method ?? 'GET', headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: parseJsonOrUndefined(text) };
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The field paths of an API error body, for asserting which fields were named. */
export function fieldPaths(json: unknown): string[] {
  if (typeof json !== 'object' || json === null || !('error' in json)) return [];
  const error = json.error;
  if (typeof error !== 'object' || error === null || !('fields' in error) || !Array.isArray(error.fields)) return [];
  return error.fields.map((field: unknown) => (typeof field === 'object' && field !== null && 'path' in field ? String(field.path) : ''));
}
