import { HarnessError } from '../../../utils/diagnostic.js';
import { durationSeconds } from './durations.js';

/**
 * Points in time as people type them: one parser for the CLI's --since/--until and the
 * budgets' `since`, so both accept (and refuse) the same texts.
 */

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

/** Unix seconds with millisecond precision, as the Prometheus API takes it. */
export function toUnixSeconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
