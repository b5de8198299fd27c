import { IMPORT_MESSAGES } from '../../model/messages.js';
import { RULES } from '../../model/rules.js';
import { importVisitor, mayImport } from '../import-rule.js';
import { createRule } from '../settings.js';

/** architecture/providers-only: cross-cutting packages only in providers/. The judgement lives in model/policy.ts. */
export default createRule({
  name: 'providers-only',
  meta: {
    type: 'problem',
    docs: { description: RULES['providers-only'].summary, recommended: true },
    schema: [],
    messages: IMPORT_MESSAGES['providers-only'],
    languages: ['js/js'],
  },
  defaultOptions: [],
  create(context) {
    return importVisitor(context, 'providers-only');
  },
});

export const mayReport = mayImport;
