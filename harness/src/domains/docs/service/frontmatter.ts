import { parseDocument } from 'yaml';
import { FRONTMATTER_FIELDS, FrontmatterSchema, type Frontmatter } from '../types/frontmatter.js';
import type { ScannedMarkdown } from './markdown.js';

export interface FrontmatterProblem {
  field: string | null;
  line: number;
  message: string;
}

export type FrontmatterResult =
  | { kind: 'missing' }
  | { kind: 'invalid'; problems: FrontmatterProblem[] }
  | { kind: 'ok'; data: Frontmatter };

/** The 1-based line of `field:` in the frontmatter, or 1 when it is absent. */
export function fieldLine(doc: ScannedMarkdown, field: string): number {
  if (!doc.frontmatter) return 1;
  const prefix = `${field}:`;
  for (let i = 1; i < doc.frontmatter.endLine; i++) if (doc.lines[i]?.startsWith(prefix)) return i + 1;
  return 1;
}

const PLAIN = /^[^\s'"[\]{},&*!|>%@`#][^#]*?$/;
const KEY_LINE = /^([A-Za-z_][\w-]*):(?:[ \t]+(.*?))?[ \t]*$/;

function fastScalar(raw: string): string | undefined {
  if (raw.startsWith('"')) {
    try {
      const value: unknown = JSON.parse(raw);
      return typeof value === 'string' ? value : undefined;
    } catch {
      return undefined;
    }
  }
  if (raw.startsWith("'")) return raw.length >= 2 && raw.endsWith("'") && !raw.slice(1, -1).includes("'") ? raw.slice(1, -1) : undefined;
  return PLAIN.test(raw) && !raw.includes(': ') && !/^(true|false|null|~|[-+]?\d[\d._]*(e[-+]?\d+)?)$/i.test(raw) ? raw : undefined;
}

/**
 * The frontmatter as written by hand and by the tools is flat: `key: scalar` and
 * `key: [a, b]` lines. Those parse here without the YAML library, which costs a
 * millisecond a doc and would dominate a large knowledge base; anything else (comments,
 * block lists, numbers, multi-line values) returns undefined and goes to the library.
 */
function parseFlatYaml(yaml: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const line of yaml.split('\n')) {
    if (line.trim() === '') continue;
    const m = KEY_LINE.exec(line);
    const key = m?.[1];
    const raw = m?.[2] ?? '';
    if (!key || key in out) return undefined;
    if (raw.startsWith('[')) {
      if (!raw.endsWith(']')) return undefined;
      const inner = raw.slice(1, -1).trim();
      const items = inner === '' ? [] : inner.split(',').map((item) => fastScalar(item.trim()));
      if (items.some((item) => item === undefined || item === '')) return undefined;
      out[key] = items;
    } else {
      const value = fastScalar(raw);
      if (value === undefined) return undefined;
      out[key] = value;
    }
  }
  return out;
}

/** Parses and validates a doc's frontmatter; each problem names its field and line. */
export function parseFrontmatter(doc: ScannedMarkdown): FrontmatterResult {
  if (!doc.frontmatter) return { kind: 'missing' };
  if (!doc.frontmatter.closed) {
    return { kind: 'invalid', problems: [{ field: null, line: 1, message: 'the frontmatter opened with --- is never closed by a --- line' }] };
  }
  let data: unknown = parseFlatYaml(doc.frontmatter.yaml);
  if (data === undefined) {
    const parsed = parseDocument(doc.frontmatter.yaml, { prettyErrors: false });
    if (parsed.errors.length > 0) {
      const err = parsed.errors[0];
      const line = (err?.linePos?.[0]?.line ?? 0) + 1;
      return { kind: 'invalid', problems: [{ field: null, line, message: `not valid YAML: ${err?.message.split('\n')[0] ?? ''}` }] };
    }
    data = parsed.toJS();
  }
  const result = FrontmatterSchema.safeParse(data);
  if (result.success) return { kind: 'ok', data: result.data };
  const problems = result.error.issues.map((issue): FrontmatterProblem => {
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0] ?? '';
      return { field: key, line: fieldLine(doc, key), message: `unknown field \`${key}\` (the fields are ${FRONTMATTER_FIELDS.join(', ')})` };
    }
    const field = issue.path.length > 0 ? String(issue.path[0]) : null;
    const present = field !== null && fieldLine(doc, field) > 1;
    const message = field === null ? issue.message : present ? `\`${field}\`: ${issue.message}` : `\`${field}\` is missing`;
    return { field, line: field ? fieldLine(doc, field) : 1, message };
  });
  return { kind: 'invalid', problems };
}

/**
 * Sets scalar fields in a doc's frontmatter without re-serialising the rest: a present
 * field's line is replaced, a missing one is inserted after the field that precedes it
 * in the canonical order. Comments and formatting elsewhere stay as written.
 */
export function setFrontmatterFields(text: string, fields: Record<string, string>): string {
  const lines = text.split('\n');
  if (lines[0] !== '---') return text;
  let end = lines.indexOf('---', 1);
  if (end < 0) return text;
  for (const [field, value] of Object.entries(fields)) {
    const at = lines.findIndex((l, i) => i > 0 && i < end && l.startsWith(`${field}:`));
    if (at >= 0) {
      lines[at] = `${field}: ${value}`;
      continue;
    }
    const order = FRONTMATTER_FIELDS.indexOf(field as (typeof FRONTMATTER_FIELDS)[number]);
    let insertAt = end;
    for (let k = order - 1; k >= 0; k--) {
      const prev = lines.findIndex((l, i) => i > 0 && i < end && l.startsWith(`${FRONTMATTER_FIELDS[k]}:`));
      if (prev >= 0) {
        insertAt = prev + 1;
        while (insertAt < end && /^\s/.test(lines[insertAt] ?? '')) insertAt++;
        break;
      }
    }
    lines.splice(insertAt, 0, `${field}: ${value}`);
    end++;
  }
  return lines.join('\n');
}
