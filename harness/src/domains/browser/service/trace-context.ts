import { randomBytes } from 'node:crypto';

/** One browser action's W3C trace context: a fresh trace id and the action's own span id. */
export interface ActionTrace {
  traceId: string;
  spanId: string;
  /** `00-<trace>-<span>-01`: sampled, so the backend records its spans. */
  traceparent: string;
}

export function newActionTrace(): ActionTrace {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-01` };
}

/**
 * Only requests to loopback get a traceparent: the app runs there, and a header on a
 * third-party request would leak ids and could trip its CORS checks.
 */
export function wantsTraceHeader(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    if (protocol !== 'http:' && protocol !== 'https:') return false;
    return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]' || hostname.startsWith('127.');
  } catch {
    return false;
  }
}

/** The trace id of a W3C traceparent header, or undefined when it is not a valid one. */
export function parseTraceparent(header: string): string | undefined {
  const match = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/.exec(header.trim().toLowerCase());
  return match && !/^0+$/.test(match[1] ?? '') ? match[1] : undefined;
}
