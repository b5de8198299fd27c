// Telemetry for every HTTP request: a server span that continues the caller's W3C trace
// (so a browser action and its backend work share one trace id) and the
// http.server.request.duration histogram, both with the semantic-convention attributes.
// Of the headers, only the trace context and one baggage entry (`harness.journey`, the
// harness's user journey, copied onto the server span) are read: headers can carry secrets.
import type { IncomingMessage } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { baggageEntry } from '../utils/baggage.js';
import { meter, tracer } from './telemetry.js';

/**
 * The span attribute (and baggage key) naming the user journey a request belongs to:
 * `harness journey run NAME` sends `baggage: harness.journey=NAME`, and the harness's
 * telemetry finds a journey's traces by this attribute on any of their spans.
 */
export const JOURNEY_ATTRIBUTE = 'harness.journey';

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE']);

// Bucket boundaries recommended by the HTTP semantic conventions, in seconds.
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

export interface RequestOutcome {
  status: number;
  /** The matched route pattern, e.g. /api/tasks/:id; absent when nothing matched. */
  route: string | undefined;
}

export interface ObservedRequest {
  /** The trace id of the server span (the caller's, when it sent a traceparent). */
  traceId: string | undefined;
  /** Runs `work` with the server span active, so db spans and logs attach to it. */
  within<T>(work: () => T): T;
  end(outcome: RequestOutcome): void;
}

export interface HttpInstrumentation {
  observe(request: IncomingMessage, serverPort: number): ObservedRequest;
}

/** Create after startTelemetry, so the histogram is a real instrument. */
export function createHttpInstrumentation(): HttpInstrumentation {
  const duration = meter().createHistogram('http.server.request.duration', {
    description: 'Duration of HTTP server requests.',
    unit: 's',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS },
  });

  return {
    observe(request, serverPort) {
      const started = performance.now();
      const rawMethod = (request.method ?? 'GET').toUpperCase();
      const method = KNOWN_METHODS.has(rawMethod) ? rawMethod : '_OTHER';
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      // Only the trace context headers: the SDK's propagator would also take in all baggage.
      const { traceparent, tracestate } = request.headers;
      const parent = propagation.extract(ROOT_CONTEXT, { traceparent, tracestate });
      const journey = baggageEntry(request.headers.baggage, JOURNEY_ATTRIBUTE);
      const span = tracer().startSpan(
        method,
        {
          kind: SpanKind.SERVER,
          attributes: {
            'http.request.method': method,
            'url.path': path,
            'url.scheme': 'http',
            'server.port': serverPort,
            'network.protocol.version': request.httpVersion,
            ...(journey ? { [JOURNEY_ATTRIBUTE]: journey } : {}),
          },
        },
        parent,
      );
      const active = trace.setSpan(parent, span);
      const spanContext = span.spanContext();
      const traceId = trace.isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
      let ended = false;

      return {
        traceId,
        within: (work) => context.with(active, work),
        end({ status, route }) {
          if (ended) return;
          ended = true;
          const attributes: Attributes = {
            'http.request.method': method,
            'http.response.status_code': status,
            'url.scheme': 'http',
            ...(route ? { 'http.route': route } : {}),
          };
          span.setAttributes(attributes);
          if (route) span.updateName(`${method} ${route}`);
          if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: `status ${status}` });
          span.end();
          duration.record((performance.now() - started) / 1000, attributes);
        },
      };
    },
  };
}
