/**
 * Writing LogsQL safely: string literals, field names and filters, so every query the
 * harness builds (translations, trace searches, budgets) quotes the same way.
 */

/** A double-quoted LogsQL string (Go syntax: `\"`, `\\`, `\n`, `\uXXXX`). */
export function quote(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** A field name as LogsQL reads it: bare when it is a plain word (dots allowed), quoted otherwise. */
export function field(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : quote(name);
}

export function exact(name: string, value: string): string {
  return `${field(name)}:=${quote(value)}`;
}

export function notExact(name: string, value: string): string {
  return `-${exact(name, value)}`;
}

/** A regexp that must match the whole value, as Loki's label matchers do. */
export function anchoredRegexp(name: string, pattern: string): string {
  return `${field(name)}:~${quote(`^(?:${pattern})$`)}`;
}

export function fieldList(names: readonly string[]): string {
  return names.map(field).join(', ');
}

/** `by (a, b) ` or the empty string. */
export function byClause(names: readonly string[]): string {
  return names.length > 0 ? `by (${fieldList(names)}) ` : '';
}

/** Joins filters into one AND-ed LogsQL filter; `*` when there are none. */
export function andFilters(filters: readonly string[]): string {
  return filters.length > 0 ? filters.join(' ') : '*';
}
