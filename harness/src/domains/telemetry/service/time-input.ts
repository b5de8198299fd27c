import { HarnessError } from '../../../utils/diagnostic.js';
import { durationSeconds } from '../types/durations.js';

export { durationSeconds };

/**
 * Times and durations as people type them, converted to what each store's API takes:
 * VictoriaLogs and VictoriaMetrics read RFC3339 or unix seconds, the Jaeger API reads
 * unix microseconds, span fields are unix nanoseconds.
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

export interface TimeContext {
  /** "Now" in unix milliseconds. */
  now: number;
  /** When the env came up, for `since: up`; null when unknown. */
  upAt?: number | null;
}

/**
 * A point in time, in unix milliseconds: `now`, `up` (when the env started), a duration
 * back from now (`15m`, `2h`), RFC3339 (`2026-11-21T10:00:00Z`), or unix time in
 * seconds, milliseconds, microseconds or nanoseconds (told apart by magnitude).
 */
export function parseTimeInput(flag: string, text: string, context: TimeContext): number {
  const trimmed = text.trim();
  if (trimmed === 'now') return context.now;
  if (trimmed === 'up') {
    if (context.upAt === null || context.upAt === undefined) {
      throw new HarnessError({
        what: `${flag} up: this env's start time is unknown`,
        why: '"up" means the moment `harness up` started the env, read from .harness/env.json',
        fix: 'run `harness up` first, or give a time such as 15m or 2026-11-21T10:00:00Z',
      });
    }
    return context.upAt;
  }
  const seconds = durationSeconds(trimmed.replace(/^-/, '').replace(/\s*ago$/, ''));
  if (seconds !== null) return context.now - seconds * 1000;
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const value = Number(trimmed);
    if (value < 1e11) return value * 1000;
    if (value < 1e14) return value;
    if (value < 1e17) return value / 1000;
    return value / 1e6;
  }
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(trimmed)) {
    const iso = trimmed.replace(' ', 'T');
    const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(iso) && iso.includes('T');
    const parsed = Date.parse(hasZone || !iso.includes('T') ? iso : `${iso}Z`);
    if (Number.isFinite(parsed)) return parsed;
  }
  throw new HarnessError({
    what: `${flag} "${text}" is not a time`,
    why: 'the query window is built from --since and --until',
    fix: `write a duration back from now (${flag} 15m), RFC3339 (${flag} 2026-11-21T10:00:00Z), unix seconds (${flag} 1795260000) or milliseconds, or "now"`,
  });
}

/** RFC3339 with milliseconds, as VictoriaLogs' `start`/`end`/`time` take it. */
export function toRfc3339(ms: number): string {
  return new Date(ms).toISOString();
}

/** Unix seconds with millisecond precision, as the Prometheus API takes it. */
export function toUnixSeconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** Unix microseconds, as the Jaeger API's `start`/`end` take them. */
export function toUnixMicros(ms: number): number {
  return Math.round(ms * 1000);
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
