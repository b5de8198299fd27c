import { HarnessError } from '../../../utils/diagnostic.js';
import { durationSeconds } from '../types/durations.js';

export { durationSeconds };
export { parseTimeInput, toUnixSeconds, type TimeContext } from '../types/time-points.js';

/**
 * Times and durations as people type them, converted to what each store's API takes:
 * VictoriaLogs reads RFC3339, VictoriaMetrics unix seconds, span fields are unix nanoseconds.
 */

/** Milliseconds of a duration flag (`--min-duration 200ms`), or a diagnostic naming the flag. */
export function parseDurationFlag(flag: string, text: string): number {
  const seconds = durationSeconds(text);
  if (seconds === null) {
    throw new HarnessError({
      what: `${flag} "${text}" is not a duration`,
      why: 'the value is compared with span or log durations',
      fix: `write a number with a unit: ${flag} 200ms (units: ns, us, ms, s, m, h, d)`,
    });
  }
  return seconds * 1000;
}

/** RFC3339 with milliseconds, as VictoriaLogs' `start`/`end`/`time` take it. */
export function toRfc3339(ms: number): string {
  return new Date(ms).toISOString();
}

/** The one time format of every text answer: `2026-11-21 11:24:03.123Z` (UTC). */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  return new Date(ms).toISOString().replace('T', ' ');
}

/** `1.2 s`, `340 ms`, `85 µs`: durations in answers. */
export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  if (ms === 0) return '0 ms';
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${Math.floor(ms / 60_000)} m ${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')} s`;
}
