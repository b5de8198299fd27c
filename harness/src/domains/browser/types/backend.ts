import type { BackendReport } from './results.js';

/**
 * Finds what the backend recorded for one trace id: its spans and its log lines. The
 * browser domain only needs this shape; the composition root wires an implementation
 * (the telemetry domain's queries, or the browser's own LogsQL client).
 */
export interface BackendCorrelator {
  /**
   * Waits (the readiness barrier) until at least `expectSpans` spans of the trace are
   * queryable or `waitMs` has passed, then returns the spans and logs found.
   */
  find(traceId: string, options: { expectSpans: number; waitMs: number; since: Date }): Promise<BackendReport>;
}
