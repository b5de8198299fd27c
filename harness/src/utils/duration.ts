/**
 * Durations as people write them (`500ms`, `30s`, `2m`, `1h`, or a bare number of
 * milliseconds) to milliseconds, and back to a short readable form.
 */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds, or null when `text` is not a duration. */
export function parseDuration(text: string | number): number | null {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? text : null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!match) return null;
  return Math.round(Number(match[1]) * UNIT_MS[match[2] ?? 'ms']!);
}

/** `1.2 s`, `340 ms`, `3 m 05 s`, `2 h 10 m`: short and unambiguous. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.floor(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, '0')} s`;
  const m = Math.floor(s / 60);
  if (m < 1440) return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} m`;
  return `${Math.floor(m / 1440)} d ${String(Math.floor((m % 1440) / 60)).padStart(2, '0')} h`;
}

/** `12 MB`, `1.3 GB`: resident memory in listings. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} kB`;
  if (bytes < 1024 ** 3) return `${Math.round(bytes / 1024 / 1024)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}
