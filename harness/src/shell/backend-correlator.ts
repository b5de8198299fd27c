import type { BackendCorrelator } from '../domains/browser/types/backend.js';
import type { BackendReport, BackendSpan } from '../domains/browser/types/results.js';
import type { DaemonContext } from '../domains/env/types/daemon-context.js';
import { telemetryEnvOf } from '../domains/telemetry/repo/env-locator.js';
import { findTraceRecords, type TraceRecords } from '../domains/telemetry/service/trace-records.js';
import { toRfc3339 } from '../domains/telemetry/service/time-input.js';
import type { SpanRecord } from '../domains/telemetry/types/spans.js';
import type { TelemetryEnv } from '../domains/telemetry/types/telemetry-env.js';

/**
 * The browser tools' backend correlation, done by the telemetry domain: a browser action
 * names the trace ids its requests carried, and `findTraceRecords` runs the readiness
 * barrier (app flush with acknowledgement, the daemon's output shipper, store flushes)
 * and reads that trace's spans and logs. This file only translates between the two
 * domains' vocabularies (telemetry's span model to the browser's `BackendReport`).
 */

const MAX_ATTRIBUTE_CHARS = 300;

/** The correlator of an env daemon: reads the env as it is at each call (an app restart changes its pid). */
export function envBackendCorrelator(context: DaemonContext): BackendCorrelator {
  return telemetryCorrelator(() => telemetryEnvOf(context.env()));
}

export function telemetryCorrelator(envOf: () => TelemetryEnv): BackendCorrelator {
  return {
    async find(traceId, options) {
      const records = await findTraceRecords(envOf(), { traceId, expectServerSpans: options.expectSpans, waitMs: options.waitMs, since: options.since.getTime() });
      return toReport(records, options.expectSpans);
    },
  };
}

function toReport(records: TraceRecords, expectSpans: number): BackendReport {
  const report: BackendReport = { traceId: records.traceId, spans: records.spans.map(toBackendSpan), logs: records.logs };
  if (records.serverSpans < expectSpans) {
    const found = `found ${records.serverSpans} server span(s) for ${expectSpans} traced request(s)`;
    report.note =
      records.barrier.app === 'confirmed'
        ? `${found} after the app confirmed it exported everything: it may not continue the traceparent header, or not trace those requests`
        : `${found} within ${records.waitedMs} ms (the app did not confirm a flush): it may not continue the traceparent header, or export late`;
  }
  return report;
}

function toBackendSpan(span: SpanRecord): BackendSpan {
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(span.attributes)) attributes[key] = value.slice(0, MAX_ATTRIBUTE_CHARS);
  // A recorded exception is the most telling line of an error span.
  const exception = span.events.find((e) => e.name === 'exception');
  for (const key of ['exception.type', 'exception.message']) {
    const value = exception?.attributes[key];
    if (value) attributes[key] = value.slice(0, MAX_ATTRIBUTE_CHARS);
  }
  if (span.statusMessage) attributes.status_message = span.statusMessage.slice(0, MAX_ATTRIBUTE_CHARS);
  const out: BackendSpan = { time: toRfc3339(Number(BigInt(span.start) / 1_000_000n)), name: span.name, attributes };
  if (span.service) out.service = span.service;
  if (span.spanId) out.spanId = span.spanId;
  if (span.durationMs > 0) out.durationMs = Math.round(span.durationMs * 100) / 100;
  out.status = span.status;
  return out;
}
