import { IMPORT_MESSAGES } from '../../model/messages.js';
import { RULES } from '../../model/rules.js';
import { importVisitor, mayImport } from '../import-rule.js';
import { createRule } from '../settings.js';

/** architecture/utils-purity: utils/ imports nothing from domains/ or providers/. The judgement lives in model/policy.ts. */
export default createRule({
  name: 'utils-purity',
  meta: {
    type: 'problem',
    docs: { description: RULES['utils-purity'].summary, recommended: true },
    schema: [],
    messages: IMPORT_MESSAGES['utils-purity'],
    languages: ['js/js'],
  },
  defaultOptions: [],
  create(context) {
    return importVisitor(context, 'utils-purity');
  },
});

export const mayReport = mayImport;
