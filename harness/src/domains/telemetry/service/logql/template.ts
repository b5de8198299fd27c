/**
 * Loki's `line_format` / `label_format` templates are Go templates; LogsQL's `format`
 * pipe has placeholders (`<field>`, `<uc:field>`, `<lc:field>`). This converts the subset
 * with an exact equivalent and reports the first part that has none.
 */

export type TemplateResult =
  | { ok: true; pattern: string; fields: string[] }
  | { ok: false; offset: number; length: number; construct: string; reason: string };

const UPPER = ['ToUpper', 'upper'];
const LOWER = ['ToLower', 'lower'];

/**
 * `resolve` maps a LogQL label name to the LogsQL field it reads (see the translator's
 * name resolution); offsets in a failure are relative to the template text.
 */
export function convertTemplate(template: string, resolve: (label: string) => string): TemplateResult {
  let pattern = '';
  const fields: string[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{{', i);
    let text = template.slice(i, open < 0 ? template.length : open);
    if (open >= 0 && template[open + 2] === '-') text = text.replace(/\s+$/, '');
    if (/[<>]/.test(text)) {
      const at = i + text.search(/[<>]/);
      return { ok: false, offset: at, length: 1, construct: 'a literal "<" or ">" in the template', reason: "LogsQL's format pipe reads <…> as a field placeholder and has no escape for it" };
    }
    pattern += text;
    if (open < 0) break;
    const close = template.indexOf('}}', open);
    if (close < 0) return { ok: false, offset: open, length: 2, construct: 'an unclosed {{', reason: 'the template action is never closed with }}' };
    let action = template.slice(open + 2, close);
    let next = close + 2;
    if (action.startsWith('-')) action = action.slice(1);
    if (action.endsWith('-')) {
      action = action.slice(0, -1);
      while (next < template.length && /\s/.test(template[next]!)) next++;
    }
    const placeholder = convertAction(action.trim(), resolve);
    if (placeholder === null) {
      return {
        ok: false,
        offset: open,
        length: close + 2 - open,
        construct: `the template action {{${action}}}`,
        reason: 'only {{.label}}, {{__line__}} and the ToUpper/ToLower functions have an exact LogsQL equivalent (<label>, <_msg>, <uc:label>, <lc:label>)',
      };
    }
    pattern += placeholder.text;
    fields.push(placeholder.field);
    i = next;
  }
  return { ok: true, pattern, fields };
}

function convertAction(action: string, resolve: (label: string) => string): { text: string; field: string } | null {
  const field = (ref: string): string | null => {
    if (ref === '__line__') return '_msg';
    if (/^\.[A-Za-z_][A-Za-z0-9_.]*$/.test(ref)) {
      const name = resolve(ref.slice(1));
      return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : null;
    }
    return null;
  };
  const plain = field(action);
  if (plain) return { text: `<${plain}>`, field: plain };
  // `.x | ToUpper` or `ToUpper .x`
  const piped = /^(\S+)\s*\|\s*(\w+)$/.exec(action);
  const called = /^(\w+)\s+(\S+)$/.exec(action);
  const ref = piped ? piped[1]! : called ? called[2]! : null;
  const fn = piped ? piped[2]! : called ? called[1]! : null;
  if (!ref || !fn) return null;
  const name = field(ref);
  if (!name) return null;
  if (UPPER.includes(fn)) return { text: `<uc:${name}>`, field: name };
  if (LOWER.includes(fn)) return { text: `<lc:${name}>`, field: name };
  return null;
}
