/**
 * Cutting a long answer to a context budget: whole lines from the start, then the caller
 * adds a note saying how much was cut and where the rest is. Tools shape their answers to
 * fit already (limits, "… N more"); this is the backstop for the ones that do not.
 */

export interface BudgetCut {
  /** The text that fits, ending at a line break when one is near the budget. */
  kept: string;
  /** Characters left out (0: the text fit). */
  cutChars: number;
  /** Lines left out, counting a partly kept last line. */
  cutLines: number;
}

export function cutToBudget(text: string, budget: number): BudgetCut {
  if (text.length <= budget) return { kept: text, cutChars: 0, cutLines: 0 };
  let end = text.lastIndexOf('\n', budget);
  // A line break far before the budget would waste most of it: cut mid-line instead.
  if (end < budget * 0.8) end = budget;
  const kept = text.slice(0, end);
  const rest = text.slice(end).replace(/^\n/, '');
  return { kept, cutChars: text.length - kept.length, cutLines: rest.length === 0 ? 0 : rest.split('\n').length };
}
