// W3C trace context for requests the browser starts: each user action gets a fresh
// `traceparent`, so the backend's spans and logs for that action share its trace id.
// Uses Web Crypto only, which both Node 20 and browsers provide.

function randomHex(bytes: number): string {
  const values = new Uint8Array(bytes);
  do {
    crypto.getRandomValues(values);
  } while (values.every((value) => value === 0)); // all-zero ids are invalid
  return Array.from(values, (value) => value.toString(16).padStart(2, '0')).join('');
}

export interface TraceParent {
  traceparent: string;
  traceId: string;
}

/** A sampled traceparent with new trace and parent-span ids. */
export function newTraceParent(): TraceParent {
  const traceId = randomHex(16);
  return { traceparent: `00-${traceId}-${randomHex(8)}-01`, traceId };
}
