import type { LogRow } from '../repo/logs-store.js';
import type { LogLine } from '../types/answers.js';
import { MAX_FIELDS_PER_LINE, MAX_LINE_CHARS } from '../config/limits.js';

/**
 * Output shaping shared by the log answers: rows become lines with the fields common to
 * every line pulled out once, long messages cut (saying by how much), and rows put in
 * time order.
 */

const HIDDEN = new Set(['_time', '_msg', '_stream', '_stream_id']);

/** Control characters (ANSI colours, NUL…) shown as escapes, so they cannot garble a terminal or a prompt. */
export function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (ch) => (ch === '\u001b' ? '\\e' : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

export function cut(text: string, max: number): { text: string; cut: number } {
  if (text.length <= max) return { text, cut: 0 };
  return { text: text.slice(0, max), cut: text.length - max };
}

/**
 * Fields every OTel record carries about where it ran (host, process, SDK, scope, the
 * env's own identity): the same on every line and useless to the question, so answers
 * leave them out and say so. Metric labels spell them with underscores.
 */
export function isResourceNoise(name: string): boolean {
  const dotted = name.replace(/_/g, '.');
  return /^(host|process|os|telemetry|scope|vcs|container|k8s)\.|^service\.(version|instance|namespace)|^harness\.env$/.test(dotted);
}

/** `{a="1",host.name="x"}` without the noise labels: `{a="1"}`. */
export function compactStream(stream: string): string {
  const labels = [...stream.matchAll(/([^{},=]+)="((?:[^"\\]|\\.)*)"/g)].filter((m) => !isResourceNoise(m[1]!));
  return `{${labels.map((m) => `${m[1]}="${m[2]}"`).join(',')}}`;
}

export interface ShapedLines {
  lines: LogLine[];
  /** Fields with the same value on every line, shown once. */
  common: Record<string, string>;
  /** Names of the resource fields left out (see isResourceNoise). */
  hiddenFields: string[];
}

/**
 * A sortable form of VictoriaLogs' `_time` (RFC3339 in UTC with the fraction's trailing
 * zeros trimmed: `…:29.04Z` is later than `…:29.038Z`), padded to nanoseconds.
 */
export function timeKey(time: string): string {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(time);
  return match ? `${match[1]}.${(match[2] ?? '').padEnd(9, '0')}Z` : time;
}

/** Rows (newest first, as VictoriaLogs returns them with a limit) to lines, oldest first. */
export function shapeLines(rows: LogRow[], maxChars: number = MAX_LINE_CHARS): ShapedLines {
  const omitted = new Set<string>();
  const cleaned = [...rows]
    .sort((a, b) => timeKey(a._time ?? '').localeCompare(timeKey(b._time ?? '')))
    .map((row) => {
      const out: LogRow = {};
      for (const [key, value] of Object.entries(row)) {
        if (key === '_stream_id' || value === '') continue;
        if (isResourceNoise(key)) omitted.add(key);
        else out[key] = key === '_stream' ? compactStream(value) : value;
      }
      return out;
    });
  const common: Record<string, string> = {};
  if (cleaned.length > 1) {
    for (const [key, value] of Object.entries(cleaned[0]!)) {
      if (key !== '_time' && key !== '_msg' && cleaned.every((row) => row[key] === value)) common[key] = value;
    }
  }
  // Stream fields are already in `_stream`: do not repeat them.
  const inStream = (row: LogRow, key: string, value: string): boolean => (row._stream ?? '').includes(`${key}=${JSON.stringify(value)}`);
  for (const [key, value] of Object.entries(common)) if (key !== '_stream' && inStream(common, key, value)) delete common[key];
  const lines = cleaned.map((row) => {
    const message = cut(visible(row._msg ?? ''), maxChars);
    const fields: Record<string, string> = {};
    let shown = 0;
    for (const [key, value] of Object.entries(row)) {
      if (HIDDEN.has(key) || key in common || inStream(row, key, value)) continue;
      if (shown++ >= MAX_FIELDS_PER_LINE) break;
      fields[key] = cut(visible(value), 120).text;
    }
    return { time: row._time ?? '', message: message.text, cut: message.cut, stream: '_stream' in common ? null : (row._stream ?? null), fields };
  });
  return { lines, common, hiddenFields: [...omitted].sort() };
}

/** `host.*, process.*` for a note about left-out fields. */
export function omittedSummary(names: string[]): string {
  const dotted = names.map((n) => n.replace(/_/g, '.'));
  return [...new Set(dotted.map((n) => (n.startsWith('service.') || !n.includes('.') ? n : `${n.split('.')[0]}.*`)))].join(', ');
}

