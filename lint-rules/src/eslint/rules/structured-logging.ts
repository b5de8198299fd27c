import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import { template } from '../../model/messages.js';
import { RULES } from '../../model/rules.js';
import { createRule, readSettings, type PreTest } from '../settings.js';

/** The name a callee's object goes by: `logger` in `logger.info`, `this.logger.info` and `ctx.logger.info`. */
function objectName(node: TSESTree.Expression): string | undefined {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type === AST_NODE_TYPES.MemberExpression && node.property.type === AST_NODE_TYPES.Identifier && !node.computed) return node.property.name;
  return undefined;
}

/** A message built from values: a template with expressions, `a + b`, or `.concat()`. */
function isBuiltString(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.TemplateLiteral) return node.expressions.length > 0;
  if (node.type === AST_NODE_TYPES.BinaryExpression) return node.operator === '+';
  return (
    node.type === AST_NODE_TYPES.CallExpression &&
    node.callee.type === AST_NODE_TYPES.MemberExpression &&
    node.callee.property.type === AST_NODE_TYPES.Identifier &&
    node.callee.property.name === 'concat'
  );
}

/** A value that cannot be an attributes object. */
function isPrimitive(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.Literal || node.type === AST_NODE_TYPES.TemplateLiteral || node.type === AST_NODE_TYPES.BinaryExpression;
}

export default createRule({
  name: 'structured-logging',
  meta: {
    type: 'suggestion',
    docs: { description: RULES['structured-logging'].summary, recommended: true },
    schema: [],
    messages: {
      console: template(
        'structured-logging',
        'console.{{method}} writes unstructured text.',
        "log through the logger from providers/ with a constant message and an attributes object: logger.{{level}}('what happened', { key: value }).",
      ),
      builtMessage: template(
        'structured-logging',
        '{{call}} builds its message from values.',
        "make the message a constant and pass the values as attributes: {{call}}('what happened', { key: value }).",
      ),
      attributes: template(
        'structured-logging',
        '{{call}} passes {{count}} argument(s) after the message, not one attributes object.',
        "pass exactly one object after the message: {{call}}('what happened', { key: value }).",
      ),
    },
    languages: ['js/js'],
  },
  defaultOptions: [],
  create(context) {
    const { model } = readSettings(context);
    const loggers = new Set(model.taste.loggers);
    const methods = new Set(model.taste.logMethods);
    const levels: Record<string, string> = { log: 'info', info: 'info', debug: 'debug', trace: 'trace', warn: 'warn', error: 'error' };
    return {
      MemberExpression(node) {
        if (node.object.type !== AST_NODE_TYPES.Identifier || node.object.name !== 'console') return;
        // A local variable named console is not the global one.
        const variable = ASTUtils.findVariable(context.sourceCode.getScope(node), 'console');
        if (variable && variable.defs.length > 0) return;
        const method = node.property.type === AST_NODE_TYPES.Identifier ? node.property.name : 'log';
        context.report({ node, messageId: 'console', data: { method, level: levels[method] ?? 'info' } });
      },
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed || callee.property.type !== AST_NODE_TYPES.Identifier) return;
        const name = objectName(callee.object);
        if (!name || !(loggers.has(name) || name.endsWith('Logger')) || !methods.has(callee.property.name)) return;
        const call = `${name}.${callee.property.name}`;
        const [message, ...rest] = node.arguments;
        if (message && isBuiltString(message)) {
          context.report({ node: message, messageId: 'builtMessage', data: { call } });
          return;
        }
        const [attributes] = rest;
        if (rest.length > 1 || (attributes && isPrimitive(attributes))) {
          context.report({ node: attributes ?? node, messageId: 'attributes', data: { call, count: String(rest.length) } });
        }
      },
    };
  },
});

/** Cheap test for `harness lint`: the rule can only fire where console or a logger name appears. */
export function mayReport({ text, settings }: PreTest): boolean {
  if (text.includes('console')) return true;
  if (text.includes('Logger.') || text.includes('Logger?.')) return true;
  return settings.model.taste.loggers.some((name) => text.includes(`${name}.`) || text.includes(`${name}?.`));
}
