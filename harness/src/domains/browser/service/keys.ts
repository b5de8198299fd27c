import { HarnessError } from '../../../utils/diagnostic.js';

/** What Input.dispatchKeyEvent needs for one key. */
export interface KeyDefinition {
  key: string;
  code: string;
  keyCode: number;
  /** The character the key types, when it types one. */
  text?: string;
}

const NAMED: Record<string, [code: string, keyCode: number, text?: string]> = {
  Enter: ['Enter', 13, '\r'],
  Tab: ['Tab', 9],
  Escape: ['Escape', 27],
  Backspace: ['Backspace', 8],
  Delete: ['Delete', 46],
  Space: ['Space', 32, ' '],
  ArrowUp: ['ArrowUp', 38],
  ArrowDown: ['ArrowDown', 40],
  ArrowLeft: ['ArrowLeft', 37],
  ArrowRight: ['ArrowRight', 39],
  Home: ['Home', 36],
  End: ['End', 35],
  PageUp: ['PageUp', 33],
  PageDown: ['PageDown', 34],
  Insert: ['Insert', 45],
};
for (let i = 1; i <= 12; i++) NAMED[`F${i}`] = [`F${i}`, 111 + i];

/** CDP modifier bits. */
export const MODIFIER_BITS: Record<string, number> = { Alt: 1, Control: 2, Meta: 4, Shift: 8 };

/** A single character as a key (letters, digits, punctuation). */
export function charKey(ch: string): KeyDefinition {
  if (/^[a-z]$/i.test(ch)) return { key: ch, code: `Key${ch.toUpperCase()}`, keyCode: ch.toUpperCase().charCodeAt(0), text: ch };
  if (/^\d$/.test(ch)) return { key: ch, code: `Digit${ch}`, keyCode: ch.charCodeAt(0), text: ch };
  if (ch === ' ') return { key: ' ', code: 'Space', keyCode: 32, text: ' ' };
  if (ch === '\n') return { key: 'Enter', code: 'Enter', keyCode: 13, text: '\r' };
  return { key: ch, code: '', keyCode: 0, text: ch };
}

/** Parses `Enter`, `a`, `Control+A`, `Shift+Tab` into a key and modifier bits. */
export function parseChord(chord: string): { key: KeyDefinition; modifiers: number } {
  const parts = chord.split('+');
  const last = parts.pop() ?? '';
  let modifiers = 0;
  for (const part of parts) {
    const bit = MODIFIER_BITS[part === 'Ctrl' ? 'Control' : part];
    if (bit === undefined) throw badKey(chord, `"${part}" is not a modifier`);
    modifiers |= bit;
  }
  const named = NAMED[last];
  if (named) {
    const [code, keyCode, text] = named;
    return { key: { key: last === 'Space' ? ' ' : last, code, keyCode, ...(text && !(modifiers & 6) ? { text } : {}) }, modifiers };
  }
  if ([...last].length === 1) {
    const key = charKey(last);
    // With Control or Meta held, a letter is a shortcut and types nothing.
    if (modifiers & 6) delete key.text;
    return { key, modifiers };
  }
  throw badKey(chord, `"${last}" is not a key name`);
}

function badKey(chord: string, detail: string): HarnessError {
  return new HarnessError({
    what: `cannot press "${chord}": ${detail}`,
    why: 'keys are sent to the page as real key events and must be known',
    fix: `use a single character or one of ${Object.keys(NAMED).slice(0, 15).join(', ')}, F1–F12, optionally with Control+, Shift+, Alt+, Meta+`,
  });
}
