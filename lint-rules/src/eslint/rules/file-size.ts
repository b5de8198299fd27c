import { template } from '../../model/messages.js';
import { RULES } from '../../model/rules.js';
import { createRule, readSettings, type PreTest } from '../settings.js';

/** Lines of a text, not counting the empty line after a final newline. */
export function lineCount(text: string): number {
  if (text.length === 0) return 0;
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return text.endsWith('\n') ? lines - 1 : lines;
}

export default createRule({
  name: 'file-size',
  meta: {
    type: 'suggestion',
    docs: { description: RULES['file-size'].summary, recommended: true },
    schema: [],
    messages: {
      tooLong: template(
        'file-size',
        'This file has {{lines}} lines, over the limit of {{max}}.',
        'split it by responsibility: move each concept into its own module in the same layer so every file stays under {{max}} lines (the limit is architecture.taste.maxLines).',
      ),
    },
    languages: ['js/js'],
  },
  defaultOptions: [],
  create(context) {
    const { model } = readSettings(context);
    const max = model.taste.maxLines;
    return {
      Program(node) {
        const lines = lineCount(context.sourceCode.text);
        if (lines <= max) return;
        context.report({ node, loc: { start: { line: max + 1, column: 0 }, end: { line: lines, column: 0 } }, messageId: 'tooLong', data: { lines: String(lines), max: String(max) } });
      },
    };
  },
});

/** Cheap test for `harness lint`: only a long file can be too long. */
export function mayReport({ text, settings }: PreTest): boolean {
  return lineCount(text) > settings.model.taste.maxLines;
}
