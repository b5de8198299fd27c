import { IMPORT_MESSAGES } from '../../model/messages.js';
import { RULES } from '../../model/rules.js';
import { importVisitor, mayImport } from '../import-rule.js';
import { createRule } from '../settings.js';

/** architecture/cross-domain: no import of another domain's internals. The judgement lives in model/policy.ts. */
export default createRule({
  name: 'cross-domain',
  meta: {
    type: 'problem',
    docs: { description: RULES['cross-domain'].summary, recommended: true },
    schema: [],
    messages: IMPORT_MESSAGES['cross-domain'],
    languages: ['js/js'],
  },
  defaultOptions: [],
  create(context) {
    return importVisitor(context, 'cross-domain');
  },
});

export const mayReport = mayImport;
