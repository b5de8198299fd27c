// The app's own startup, measured from process start (performance.timeOrigin) to the
// moment it serves: an app.startup span (parent of the migrations' db spans) and the
// app.startup.duration gauge, in seconds.
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { meter, tracer } from './telemetry.js';

export interface StartupObservation {
  within<T>(work: () => T): T;
  /** Ends the span and records the duration; returns it in seconds. */
  end(outcome: { ok: boolean; attributes?: Record<string, string | number> }): number;
}

export function observeStartup(): StartupObservation {
  const span = tracer().startSpan('app.startup', { startTime: performance.timeOrigin });
  const active = trace.setSpan(context.active(), span);
  const gauge = meter().createGauge('app.startup.duration', {
    description: 'Time from process start until the app serves requests.',
    unit: 's',
  });
  return {
    within: (work) => context.with(active, work),
    end({ ok, attributes = {} }) {
      const seconds = performance.now() / 1000;
      span.setAttributes({ ...attributes, 'app.startup.duration_s': seconds });
      if (!ok) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      if (ok) gauge.record(seconds);
      return seconds;
    },
  };
}
