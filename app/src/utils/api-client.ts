// The browser pages' one way to call the JSON API: it sends a fresh W3C traceparent with
// every request (so a click's trace continues in the backend) and never throws, because
// every outcome, including an unreachable server, is something the page must show.
import { messageOf } from './errors.js';
import { newTraceParent } from './trace-context.js';

export type ApiResult =
  | { reached: true; status: number; body: unknown; traceId: string }
  | { reached: false; reason: string; traceId: string };

export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function callApi(method: ApiMethod, path: string, body?: unknown): Promise<ApiResult> {
  const { traceparent, traceId } = newTraceParent();
  const headers: Record<string, string> = { accept: 'application/json', traceparent };
  if (body !== undefined) headers['content-type'] = 'application/json';
  try {
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = undefined;
    if (text.length > 0) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { reached: true, status: response.status, body: parsed, traceId };
  } catch (error) {
    return { reached: false, reason: messageOf(error), traceId };
  }
}
