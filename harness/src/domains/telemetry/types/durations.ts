/** Durations as LogQL, PromQL and people write them (`5m`, `1h30m`, `1.5s`, `250ms`). */

const UNIT_SECONDS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
  d: 86_400,
  w: 604_800,
  y: 31_536_000,
};

/** `5m`, `1h30m`, `1.5s`, `250ms` to seconds; null when the text is not a duration. */
export function durationSeconds(text: string): number | null {
  const trimmed = text.trim();
  if (!/^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d|w|y))+$/.test(trimmed)) return null;
  let total = 0;
  for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d|w|y)/g)) {
    total += Number(match[1]) * UNIT_SECONDS[match[2]!]!;
  }
  return total;
}

