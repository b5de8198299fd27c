// Checks on short, single-line text a user types (a task title, a display name).

/** True when the text has no control character (Unicode Cc: NUL, tab, newline, ESC...):
 *  they are invisible in the UI and garble terminals and logs that show the text. */
export function hasNoControlCharacters(text: string): boolean {
  return !/\p{Cc}/u.test(text);
}
