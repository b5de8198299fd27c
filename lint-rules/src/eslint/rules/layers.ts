import { IMPORT_MESSAGES } from '../../model/messages.js';
import { RULES } from '../../model/rules.js';
import { importVisitor, mayImport } from '../import-rule.js';
import { createRule } from '../settings.js';

/** architecture/layers: a layer imports only earlier layers of its own domain; who may use providers, the shell and the rest. The judgement lives in model/policy.ts. */
export default createRule({
  name: 'layers',
  meta: {
    type: 'problem',
    docs: { description: RULES['layers'].summary, recommended: true },
    schema: [],
    messages: IMPORT_MESSAGES['layers'],
    languages: ['js/js'],
  },
  defaultOptions: [],
  create(context) {
    return importVisitor(context, 'layers');
  },
});

export const mayReport = mayImport;
