import { template } from '../../model/messages.js';
import { RULES } from '../../model/rules.js';
import { createRule, readSettings, repoPath, type PreTest } from '../settings.js';
import { OBJECT_SCHEMA_TRIGGER, shapeIndex, shapesOf, type ShapeSite } from '../shape-index.js';

/** Sites are ordered by file then line: the first definition is the one to keep. */
function before(a: ShapeSite, b: ShapeSite): boolean {
  return a.file < b.file || (a.file === b.file && a.line < b.line);
}

export default createRule({
  name: 'one-schema-per-concept',
  meta: {
    type: 'suggestion',
    docs: { description: RULES['one-schema-per-concept'].summary, recommended: true },
    schema: [],
    messages: {
      duplicate: template(
        'one-schema-per-concept',
        '{{name}} has the same shape ({{keys}}) as {{first}} at {{firstWhere}}.',
        'keep one schema for the concept: import {{first}} from {{firstWhere}} (derive variants with .extend, .pick or .omit) and delete {{name}}; if they are different concepts that happen to match, make that explicit by building {{name}} from {{first}}.',
      ),
    },
    languages: ['js/js'],
  },
  defaultOptions: [],
  create(context) {
    const settings = readSettings(context);
    const file = repoPath(settings, context.filename);
    return {
      'Program:exit'(program) {
        const text = context.sourceCode.text;
        if (!OBJECT_SCHEMA_TRIGGER.test(text)) return;
        const own = shapesOf(program, text, file, settings.model.taste.minSchemaProperties);
        if (own.length === 0) return;
        const index = shapeIndex(settings);
        for (const site of own) {
          // This file as it is now (the editor's buffer), other files as on disk.
          const others = (index.get(site.fingerprint) ?? []).filter((s) => s.file !== file);
          const earlierHere = own.filter((s) => s !== site && s.fingerprint === site.fingerprint && before(s, site));
          const first = [...others, ...earlierHere].reduce<ShapeSite | undefined>((best, s) => (best === undefined || before(s, best) ? s : best), undefined);
          if (!first || !before(first, site)) continue;
          context.report({
            loc: { line: site.line, column: 0 },
            messageId: 'duplicate',
            data: { name: site.name, keys: site.keys.join(', '), first: first.name, firstWhere: `${first.file}:${first.line}` },
          });
        }
      },
    };
  },
});

/**
 * Cheap test for `harness lint`: only a file holding one of the shapes the index has seen
 * twice can report. The index is the rule's own (built once per process), so the test
 * and the rule agree by construction.
 */
export function mayReport({ text, file, settings }: PreTest): boolean {
  if (!OBJECT_SCHEMA_TRIGGER.test(text)) return false;
  const index = shapeIndex(settings);
  for (const sites of index.values()) {
    if (sites.length > 1 && sites.some((s) => s.file === file)) return true;
  }
  return false;
}
