/** Escaping text for the places the harness writes it into: a POSIX shell, a regexp. */

/** `text` as one single-quoted POSIX shell word, safe to paste after a command. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** `text` matched literally inside a regular expression (JavaScript, RE2, PromQL). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
