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

/** Rows (newest first, as VictoriaLogs returns them with a limit) to lines, oldest first. */
export function shapeLines(rows: LogRow[], maxChars: number = MAX_LINE_CHARS): { lines: LogLine[]; common: Record<string, string> } {
  const ordered = [...rows].sort((a, b) => (a._time ?? '').localeCompare(b._time ?? ''));
  const common: Record<string, string> = {};
  if (ordered.length > 1) {
    const first = ordered[0] ?? {};
    for (const [key, value] of Object.entries(first)) {
      if (key === '_time' || key === '_msg' || key === '_stream_id') continue;
      if (ordered.every((row) => row[key] === value)) common[key] = value;
    }
  }
  const lines = ordered.map((row) => {
    const message = cut(visible(row._msg ?? ''), maxChars);
    const fields: Record<string, string> = {};
    let shown = 0;
    for (const [key, value] of Object.entries(row)) {
      if (HIDDEN.has(key) || key in common || value === '' || (row._stream ?? '').includes(`${key}=${JSON.stringify(value)}`)) continue;
      if (shown++ >= MAX_FIELDS_PER_LINE) break;
      fields[key] = cut(visible(value), 120).text;
    }
    return { time: row._time ?? '', message: message.text, cut: message.cut, stream: '_stream' in common ? null : (row._stream ?? null), fields };
  });
  // Stream fields are already in `_stream`: do not repeat them.
  const stream = common._stream ?? '';
  for (const [key, value] of Object.entries(common)) {
    if (key !== '_stream' && stream.includes(`${key}=${JSON.stringify(value)}`)) delete common[key];
  }
  return { lines, common };
}

/** A shell-quoted argument for the commands answers suggest. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
