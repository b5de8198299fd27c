import { QueryError } from '../../types/query-error.js';
import type { TextSpan } from '../../types/logql-ast.js';

/**
 * Splits a LogQL query into tokens with their offsets. Strings are decoded here (Go
 * syntax for "…", raw for `…`), so an invalid escape such as "\d" is reported at its
 * exact position with the two ways to write it.
 */

export type TokenKind =
  | '{'
  | '}'
  | '('
  | ')'
  | '['
  | ']'
  | ','
  | '|'
  | '|='
  | '|~'
  | '|>'
  | '!='
  | '!~'
  | '!>'
  | '='
  | '=='
  | '=~'
  | '>'
  | '>='
  | '<'
  | '<='
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '^'
  | 'string'
  | 'number'
  | 'duration'
  | 'bytes'
  | 'ident'
  | 'flag'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** The source text of the token. */
  text: string;
  /** Decoded value of a string token; the text otherwise. */
  value: string;
  span: TextSpan;
}

const OPERATORS: readonly TokenKind[] = ['|=', '|~', '|>', '!=', '!~', '!>', '==', '=~', '>=', '<=', '{', '}', '(', ')', '[', ']', ',', '|', '=', '>', '<', '+', '-', '*', '/', '%', '^'];

const DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d|w|y))+$/;
const BYTES = /^\d+(?:\.\d+)?(?:[kmgtpe]i?)?b$/i;

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (start: number, end: number, what: string, fix: string): never => {
    throw new QueryError({ language: 'LogQL', query, span: { start, end }, what, fix });
  };
  while (i < query.length) {
    const ch = query[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '#') {
      // A comment runs to the end of the line, as in Loki.
      while (i < query.length && query[i] !== '\n') i++;
      continue;
    }
    const start = i;
    if (ch === '"' || ch === '`') {
      const { value, end } = ch === '"' ? readQuoted(query, i, fail) : readRaw(query, i, fail);
      tokens.push({ kind: 'string', text: query.slice(start, end), value, span: { start, end } });
      i = end;
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(query[i + 1] ?? ''))) {
      let j = i;
      while (j < query.length && /[0-9A-Za-zµ.]/.test(query[j]!)) j++;
      // An exponent sign belongs to the number: 1e-3.
      if (/[eE]$/.test(query.slice(i, j)) && /[+-]/.test(query[j] ?? '') && /^\d+(\.\d+)?[eE]$/.test(query.slice(i, j))) {
        j++;
        while (j < query.length && /[0-9]/.test(query[j]!)) j++;
      }
      const text = query.slice(i, j);
      let kind: TokenKind;
      if (/^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(text)) kind = 'number';
      else if (DURATION.test(text)) kind = 'duration';
      else if (BYTES.test(text)) kind = 'bytes';
      else
        fail(
          i,
          j,
          `"${text}" is not a number, a duration or a byte size`,
          'write it like: [5m] or status >= 500 (durations: 300ms, 5m, 1h30m; numbers: 500, 0.95; sizes: 10KB, 1MiB)',
        );
      tokens.push({ kind: kind!, text, value: text, span: { start: i, end: j } });
      i = j;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      let j = i;
      while (j < query.length && /[A-Za-z0-9_.:]/.test(query[j]!)) j++;
      // A trailing colon is not part of a name.
      while (j > i + 1 && query[j - 1] === ':') j--;
      const text = query.slice(i, j);
      tokens.push({ kind: 'ident', text, value: text, span: { start: i, end: j } });
      i = j;
      continue;
    }
    if (ch === '-' && query[i + 1] === '-' && /[a-z]/.test(query[i + 2] ?? '')) {
      let j = i + 2;
      while (j < query.length && /[a-z-]/.test(query[j]!)) j++;
      const text = query.slice(i, j);
      tokens.push({ kind: 'flag', text, value: text, span: { start: i, end: j } });
      i = j;
      continue;
    }
    const op = OPERATORS.find((o) => query.startsWith(o, i));
    if (!op) {
      fail(i, i + 1, `unexpected character "${ch}"`, 'write it like: {app="web", path=~"/api/.*"} |= "error" | json | status >= 500');
    }
    tokens.push({ kind: op!, text: op!, value: op!, span: { start: i, end: i + op!.length } });
    i += op!.length;
  }
  tokens.push({ kind: 'eof', text: '', value: '', span: { start: query.length, end: query.length } });
  return tokens;
}

type Fail = (start: number, end: number, what: string, fix: string) => never;

function readRaw(query: string, start: number, fail: Fail): { value: string; end: number } {
  const close = query.indexOf('`', start + 1);
  if (close < 0) fail(start, query.length, 'this `backtick string is never closed', 'close it with a matching ` (backtick)');
  return { value: query.slice(start + 1, close), end: close + 1 };
}

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"' };

/** Decodes a Go double-quoted string starting at `start` (the opening quote). */
function readQuoted(query: string, start: number, fail: Fail): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < query.length) {
    const ch = query[i]!;
    if (ch === '"') return { value, end: i + 1 };
    if (ch === '\n') break;
    if (ch !== '\\') {
      value += ch;
      i++;
      continue;
    }
    const next = query[i + 1] ?? '';
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      value += simple;
      i += 2;
      continue;
    }
    const hex = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (hex > 0) {
      const digits = query.slice(i + 2, i + 2 + hex);
      if (!new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(digits)) fail(i, i + 2 + hex, `"\\${next}" needs ${hex} hex digits`, `write \\${next}${'0'.repeat(hex)}-style escapes, or put the text in backticks`);
      value += String.fromCodePoint(parseInt(digits, 16));
      i += 2 + hex;
      continue;
    }
    if (/[0-7]/.test(next)) {
      const digits = query.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(digits)) fail(i, i + 4, 'an octal escape needs 3 digits', 'write \\101-style escapes, or put the text in backticks');
      value += String.fromCharCode(parseInt(digits, 8));
      i += 4;
      continue;
    }
    fail(
      i,
      i + 2,
      `"\\${next}" is not a valid escape in a double-quoted string`,
      `double the backslash ("\\\\${next}") or use a backtick string (\`…\\${next}…\`), e.g. |~ \`\\d{3}\``,
    );
  }
  return fail(start, i, 'this string is never closed', 'close it with a matching " (double quote)');
}
