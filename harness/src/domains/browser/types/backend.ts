import type { BackendReport } from './results.js';

/**
 * Finds what the backend recorded for one trace id: its spans and its log lines. The
 * browser domain only needs this shape; the composition root wires the implementation,
 * built on the telemetry domain's readiness barrier and queries
 * (harness/src/shell/backend-correlator.ts).
 */
export interface BackendCorrelator {
  /**
   * Waits (the readiness barrier) until the `expectSpans` server spans of the trace (one
   * per traced request) are queryable, or at most `waitMs`, then returns the spans and
   * logs found; `note` says what is missing.
   */
  find(traceId: string, options: { expectSpans: number; waitMs: number; since: Date }): Promise<BackendReport>;
}
