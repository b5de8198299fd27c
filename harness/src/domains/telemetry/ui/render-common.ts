import type { BarrierSummary, Omission } from '../types/answers.js';
import { formatTime } from '../service/time-input.js';
import { isResourceNoise } from '../service/shape.js';

/** Pieces every text answer shares: the header naming the env, the omission line, notes. */

export function header(env: string | null, what: string, window?: { start: string; end: string } | null): string {
  const span = window ? ` · ${formatTime(Date.parse(window.start))} → ${formatTime(Date.parse(window.end))}` : '';
  return `env ${env ?? '(none)'} · ${what}${span}`;
}

export function omissionLine(omitted: Omission, noun: string): string | null {
  if (omitted.total <= omitted.shown) return null;
  const more = omitted.total - omitted.shown;
  return `… ${more} more ${noun} not shown (${omitted.total} in total). Get them: ${omitted.hint ?? 'raise --limit'}`;
}

export function footer(parts: { omitted?: string | null; notes?: string[]; barrier?: BarrierSummary | null }): string[] {
  const lines: string[] = [];
  if (parts.omitted) lines.push(parts.omitted);
  for (const note of parts.notes ?? []) lines.push(`note: ${note}`);
  if (parts.barrier?.app === 'no app') {
    lines.push('note: no app process was asked to flush its telemetry (none runs in this env, or the stores came from VL_/VM_/VT_INSTANCE_ENTRYPOINT); records an app still buffers may be missing');
  }
  if (parts.barrier?.app === 'unconfirmed') {
    lines.push('note: the app did not confirm its telemetry flush in time; the newest records may be missing (rerun, or check the app handles SIGUSR2)');
  }
  return lines;
}

/** Series labels, minus the resource labels every series of the app carries. */
export function labelsText(labels: Record<string, string>): string {
  const entries = Object.entries(labels).filter(([k]) => k !== '__name__' && !isResourceNoise(k));
  if (entries.length === 1 && entries[0]![0] === '_stream') return entries[0]![1];
  return `{${entries.map(([k, v]) => `${k}="${v}"`).join(', ')}}`;
}

export function numberText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return abs >= 1000 || abs < 0.001 ? value.toPrecision(4) : String(Number(value.toPrecision(4)));
}

/** Left-aligned columns, separated by two spaces. */
export function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
}
