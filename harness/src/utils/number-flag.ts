import { HarnessError } from './diagnostic.js';

/** What a whole-number flag accepts, and the words its diagnostic uses. */
export interface NumberFlagRule {
  /** 0: zero or more; 1: positive. */
  min: 0 | 1;
  /** What the number is for (the diagnostic's "why"). */
  why: string;
  /** A good value to show in the fix. */
  example: number;
  /** With min 0: what 0 means, e.g. 'for all'. */
  zeroMeans?: string;
  max?: { value: number; why: string; fix: string };
}

/**
 * A commander argParser for a whole-number flag: anything but digits (or out of range) is a
 * diagnostic naming the flag, the value and the fix, so every command refuses bad numbers
 * the same way instead of guessing.
 */
export function numberFlag(flag: string, rule: NumberFlagRule): (text: string) => number {
  return (text: string) => {
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < rule.min) {
      const zero = rule.min === 0 && rule.zeroMeans ? `, or ${flag} 0 ${rule.zeroMeans}` : '';
      throw new HarnessError({
        what: `${flag} ${text} is not ${rule.min === 0 ? 'a whole number of 0 or more' : 'a positive whole number'}`,
        why: rule.why,
        fix: `write e.g. ${flag} ${rule.example}${zero}`,
      });
    }
    if (rule.max && n > rule.max.value) {
      throw new HarnessError({ what: `${flag} ${text} is above the maximum, ${rule.max.value}`, why: rule.max.why, fix: rule.max.fix });
    }
    return n;
  };
}
