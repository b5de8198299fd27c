/**
 * The telemetry tools' defaults: how long the readiness barrier may take, and the size
 * budget of an answer (each answer says what it left out and how to get it).
 */

/** How long the barrier waits for the app to acknowledge its flush. */
export const BARRIER_DEADLINE_MS = 2000;
/** How long it waits when the app has never acknowledged (it may not know how). */
export const BARRIER_GRACE_MS = 250;

/** The window of log and trace queries when --since is not given. */
export const DEFAULT_SINCE = '15m';

/** Log lines shown by default (the newest ones). */
export const DEFAULT_LOG_LIMIT = 50;
/** A log line longer than this is cut, saying how much was cut. */
export const MAX_LINE_CHARS = 400;
/** Extra fields shown per log line. */
export const MAX_FIELDS_PER_LINE = 8;

/** Series shown by default for metric answers (log metrics and PromQL). */
export const DEFAULT_SERIES_LIMIT = 20;
/** Points shown per series of a range query before it is summarized. */
export const MAX_POINTS_PER_SERIES = 12;
/** Metric names listed by `metrics --list`. */
export const DEFAULT_METRIC_LIST_LIMIT = 60;

/** Traces listed by `traces search`. */
export const DEFAULT_TRACE_LIMIT = 10;
/** Spans drawn in a waterfall before the rest are summarized. */
export const DEFAULT_SPAN_LIMIT = 60;
/** Attributes shown per span in a waterfall. */
export const MAX_ATTRIBUTES_PER_SPAN = 6;

/** Worst offenders shown as evidence per failed budget. */
export const MAX_OFFENDERS = 5;

/** Spans, and log lines, read for one trace id (`findTraceRecords`). */
export const TRACE_RECORDS_LIMIT = 100;
/** How often `findTraceRecords` looks again while spans are missing. */
export const TRACE_RECORDS_POLL_MS = 50;
/**
 * After a flush the app did not acknowledge, how long log lines may trail their spans
 * (both are exported together, but land in different stores a moment apart).
 */
export const TRACE_RECORDS_LOG_GRACE_MS = 500;
