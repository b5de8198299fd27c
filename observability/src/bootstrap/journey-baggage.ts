import { propagation, type Context } from '@opentelemetry/api';
import type { tracing } from '@opentelemetry/sdk-node';

/**
 * The harness's user journey on every span of a request that named one. `harness journey
 * run NAME` sends W3C baggage `harness.journey=NAME` with the journey's requests; the SDK's
 * default propagators put that baggage in the request's context, and this processor copies
 * that one entry (nothing else of the baggage) onto each span started in it, as the span
 * attribute the harness's telemetry tools select journeys by (`traces search --journey`,
 * journey budgets).
 */
export const JOURNEY_KEY = 'harness.journey';

const MAX_VALUE_CHARS = 128;

export class JourneyBaggageSpanProcessor implements tracing.SpanProcessor {
  onStart(span: tracing.Span, parentContext: Context): void {
    const journey = propagation.getBaggage(parentContext)?.getEntry(JOURNEY_KEY)?.value;
    if (journey && journey.length <= MAX_VALUE_CHARS) span.setAttribute(JOURNEY_KEY, journey);
  }

  onEnd(): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
