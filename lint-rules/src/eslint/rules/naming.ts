import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { template } from '../../model/messages.js';
import { RULES } from '../../model/rules.js';
import { createRule, type PreTest } from '../settings.js';
import { isSchemaExpression, zodNames } from '../zod.js';

const PASCAL_CASE = /^[A-Z][A-Za-z0-9]*$/;

/** `task_list` → `TaskList`, `taskList` → `TaskList`. */
export function toPascalCase(name: string): string {
  return name
    .split(/[_\-$]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** `task` → `TaskSchema`, `taskSchema` → `TaskSchema`, `TASK_SCHEMA` → `TaskSchema`. */
export function schemaName(name: string): string {
  const stem = name.replace(/[_-]?schema$/i, '');
  const pascal = toPascalCase(stem === stem.toUpperCase() ? stem.toLowerCase() : stem);
  return `${pascal || 'Value'}Schema`;
}

export default createRule({
  name: 'naming',
  meta: {
    type: 'suggestion',
    docs: { description: RULES.naming.summary, recommended: true },
    schema: [],
    messages: {
      typeCase: template('naming', '{{kind}} {{name}} is not PascalCase.', 'rename it to {{suggestion}} (and its uses).'),
      schemaSuffix: template('naming', '{{name}} is a zod schema whose name does not end in Schema.', 'rename it to {{suggestion}} (and its uses); name the inferred type {{typeName}}.'),
    },
    languages: ['js/js'],
  },
  defaultOptions: [],
  create(context) {
    const zod = zodNames(context.sourceCode.ast);
    const checkType = (node: TSESTree.TSTypeAliasDeclaration | TSESTree.TSInterfaceDeclaration, kind: string): void => {
      if (PASCAL_CASE.test(node.id.name)) return;
      context.report({ node: node.id, messageId: 'typeCase', data: { kind, name: node.id.name, suggestion: toPascalCase(node.id.name) } });
    };
    return {
      TSTypeAliasDeclaration: (node) => checkType(node, 'type'),
      TSInterfaceDeclaration: (node) => checkType(node, 'interface'),
      VariableDeclarator(node) {
        if (node.id.type !== AST_NODE_TYPES.Identifier || !node.init) return;
        if (!isSchemaExpression(node.init, zod)) return;
        const name = node.id.name;
        if (name.endsWith('Schema')) return;
        const suggestion = schemaName(name);
        context.report({ node: node.id, messageId: 'schemaSuffix', data: { name, suggestion, typeName: suggestion.replace(/Schema$/, '') } });
      },
    };
  },
});

/** `const name =` (or let/var, typed or not), capturing the name. */
const DECLARATION = /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^;]*?)?=(?!>)\s*(?:await\s+)?\(*\s*([A-Za-z_$][\w$]*)\s*\??\./g;

/**
 * Cheap test for `harness lint`: a type or interface whose name is not PascalCase, or a
 * variable not ending in Schema whose value starts from `z` or from a schema. A file that
 * imports zod under another name always gets the full rule.
 */
export function mayReport({ text }: PreTest): boolean {
  if (/\b(?:type|interface)\s+(?![A-Z][A-Za-z0-9]*(?![\w$]))[A-Za-z_$\u00C0-\uFFFF]/.test(text)) return true;
  const zodImport = /import\s+([^;]*?)\s+from\s*['"]zod(?:\/[^'"]*)?['"]/g;
  for (const match of text.matchAll(zodImport)) {
    if (!/^\{\s*z\s*\}$/.test((match[1] ?? '').trim())) return true;
  }
  for (const match of text.matchAll(DECLARATION)) {
    const [, name = '', root = ''] = match;
    if (!name.endsWith('Schema') && (root === 'z' || root.endsWith('Schema'))) return true;
  }
  return false;
}
