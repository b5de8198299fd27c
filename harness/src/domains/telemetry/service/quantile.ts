/**
 * The φ-quantile the way Prometheus and Loki compute it: sort, take rank φ·(n−1) and
 * interpolate linearly between the two neighbouring values. (LogsQL's own `quantile`
 * returns the value at rank ⌊φ·n⌋ without interpolation, which differs.)
 */
export function interpolatedQuantile(phi: number, values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  if (phi < 0) return Number.NEGATIVE_INFINITY;
  if (phi > 1) return Number.POSITIVE_INFINITY;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = phi * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.min(sorted.length - 1, lower + 1);
  const weight = rank - lower;
  return sorted[lower]! * (1 - weight) + sorted[upper]! * weight;
}
