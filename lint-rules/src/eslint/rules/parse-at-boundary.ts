import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { template } from '../../model/messages.js';
import { RULES } from '../../model/rules.js';
import { createRule, readSettings, type PreTest } from '../settings.js';

/** Strips what does not change the value: parentheses are gone in the AST already; `await`, `!` and `?.` wrappers are not. */
function unwrap(node: TSESTree.Expression): TSESTree.Expression {
  let current = node;
  for (;;) {
    if (current.type === AST_NODE_TYPES.AwaitExpression) current = current.argument;
    else if (current.type === AST_NODE_TYPES.TSNonNullExpression) current = current.expression;
    else if (current.type === AST_NODE_TYPES.ChainExpression) current = current.expression;
    else return current;
  }
}

/** What the cast expression reads, when it is external data: JSON.parse, .json(), a request body. */
function externalSource(node: TSESTree.Expression, bodies: ReadonlySet<string>): 'parsed' | 'body' | undefined {
  if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression) {
    const { object, property } = node.callee;
    if (property.type !== AST_NODE_TYPES.Identifier) return undefined;
    if (property.name === 'parse' && object.type === AST_NODE_TYPES.Identifier && object.name === 'JSON') return 'parsed';
    if (property.name === 'json' && node.arguments.length === 0) return 'parsed';
    return undefined;
  }
  if (node.type === AST_NODE_TYPES.MemberExpression && !node.computed && node.property.type === AST_NODE_TYPES.Identifier && bodies.has(node.property.name)) {
    return 'body';
  }
  return undefined;
}

/** The type a value of this annotation resolves to: `Promise<Task>` is a Task once awaited. */
function awaitedType(type: TSESTree.TypeNode): TSESTree.TypeNode {
  if (type.type === AST_NODE_TYPES.TSTypeReference && type.typeName.type === AST_NODE_TYPES.Identifier && type.typeName.name === 'Promise') {
    const [inner] = type.typeArguments?.params ?? [];
    if (inner) return inner;
  }
  return type;
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}

export default createRule({
  name: 'parse-at-boundary',
  meta: {
    type: 'problem',
    docs: { description: RULES['parse-at-boundary'].summary, recommended: true },
    schema: [],
    messages: {
      castParsed: template(
        'parse-at-boundary',
        '{{expression}} is cast to {{type}} instead of parsed.',
        'parse it with a zod schema: {{schema}}.parse({{expression}}) (or safeParse to answer bad input with a 4xx), and let the type be z.infer<typeof {{schema}}>.',
      ),
      castBody: template(
        'parse-at-boundary',
        'The request body {{expression}} is cast to {{type}} instead of parsed.',
        'parse it with a zod schema: const input = {{schema}}.safeParse({{expression}}); answer 400 naming the field when it fails.',
      ),
      annotated: template(
        'parse-at-boundary',
        '{{expression}} is given the type {{type}} by an annotation instead of parsed.',
        'parse it with a zod schema: {{schema}}.parse({{expression}}) (or safeParse to answer bad input with a 4xx), and let the type be z.infer<typeof {{schema}}>; annotate it unknown if a schema parses it later.',
      ),
      doubleCast: template(
        'parse-at-boundary',
        '{{expression}} is cast through unknown to {{type}}.',
        'remove the double cast: parse the value with a zod schema if it comes from outside, or fix the types so that the value is a {{type}} without a cast.',
      ),
    },
    languages: ['js/js'],
  },
  defaultOptions: [],
  create(context) {
    const { model } = readSettings(context);
    const bodies = new Set(model.taste.bodyProperties);
    const check = (node: TSESTree.TSAsExpression | TSESTree.TSTypeAssertion): void => {
      const target = node.typeAnnotation;
      if (target.type === AST_NODE_TYPES.TSUnknownKeyword) return;
      if (target.type === AST_NODE_TYPES.TSTypeReference && target.typeName.type === AST_NODE_TYPES.Identifier && target.typeName.name === 'const') return;
      const type = context.sourceCode.getText(target);
      const inner = unwrap(node.expression);
      if ((inner.type === AST_NODE_TYPES.TSAsExpression || inner.type === AST_NODE_TYPES.TSTypeAssertion) && inner.typeAnnotation.type === AST_NODE_TYPES.TSUnknownKeyword) {
        context.report({ node, messageId: 'doubleCast', data: { expression: shorten(context.sourceCode.getText(inner.expression)), type } });
        return;
      }
      const source = externalSource(inner, bodies);
      if (!source) return;
      const schema = /^[A-Z]\w*$/.test(type) ? `${type}Schema` : 'ValueSchema';
      context.report({ node, messageId: source === 'body' ? 'castBody' : 'castParsed', data: { expression: shorten(context.sourceCode.getText(inner)), type, schema } });
    };
    // An annotation trusts the data as much as a cast does: `const t: Task = JSON.parse(s)`,
    // or `return res.json()` from a function typed Promise<Task>.
    const checkAnnotated = (node: TSESTree.Node, annotation: TSESTree.TypeNode | undefined, value: TSESTree.Expression | null | undefined): void => {
      if (!annotation || !value) return;
      const target = awaitedType(annotation);
      if (target.type === AST_NODE_TYPES.TSUnknownKeyword) return;
      const inner = unwrap(value);
      if (!externalSource(inner, bodies)) return;
      const type = context.sourceCode.getText(target);
      const schema = /^[A-Z]\w*$/.test(type) ? `${type}Schema` : 'ValueSchema';
      context.report({ node, messageId: 'annotated', data: { expression: shorten(context.sourceCode.getText(inner)), type, schema } });
    };
    const returnType = (node: TSESTree.Node): TSESTree.TypeNode | undefined => {
      for (let current = node.parent; current; current = current.parent) {
        if (
          current.type === AST_NODE_TYPES.FunctionDeclaration ||
          current.type === AST_NODE_TYPES.FunctionExpression ||
          current.type === AST_NODE_TYPES.ArrowFunctionExpression
        ) {
          return current.returnType?.typeAnnotation;
        }
      }
      return undefined;
    };
    return {
      TSAsExpression: check,
      TSTypeAssertion: check,
      VariableDeclarator: (node) => checkAnnotated(node, node.id.typeAnnotation?.typeAnnotation, node.init),
      ReturnStatement: (node) => checkAnnotated(node, returnType(node), node.argument),
      ArrowFunctionExpression: (node) => {
        if (node.body.type !== AST_NODE_TYPES.BlockStatement) checkAnnotated(node.body, node.returnType?.typeAnnotation, node.body);
      },
    };
  },
});

/** Cheap test for `harness lint`: the rule needs a double cast, or one of its sources (cast or annotated). */
export function mayReport({ text, settings }: PreTest): boolean {
  if (/\bas\s+unknown\s+as\b|<\s*unknown\s*>/.test(text)) return true;
  if (!/\bas\b|<|:/.test(text)) return false;
  return /JSON\s*\.\s*parse|\.\s*json\s*\(/.test(text) || settings.model.taste.bodyProperties.some((p) => text.includes(`.${p}`));
}
