import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

/** Local names bound to zod by the file's imports (`z`, or whatever it was renamed to). */
export function zodNames(program: TSESTree.Program): Set<string> {
  const names = new Set<string>();
  for (const statement of program.body) {
    if (statement.type !== AST_NODE_TYPES.ImportDeclaration) continue;
    if (!/^zod(\/|$)/.test(statement.source.value)) continue;
    for (const spec of statement.specifiers) names.add(spec.local.name);
  }
  return names;
}

/** The identifier a call chain starts from: `z` in `z.object({}).strict()`. */
export function chainRoot(node: TSESTree.Node): TSESTree.Identifier | undefined {
  let current: TSESTree.Node = node;
  for (;;) {
    if (current.type === AST_NODE_TYPES.CallExpression) current = current.callee;
    else if (current.type === AST_NODE_TYPES.MemberExpression) current = current.object;
    else if (current.type === AST_NODE_TYPES.TSAsExpression || current.type === AST_NODE_TYPES.TSSatisfiesExpression) current = current.expression;
    else break;
  }
  return current.type === AST_NODE_TYPES.Identifier ? current : undefined;
}

/** Methods that return a value, not a schema: `TaskSchema.parse(body)` is data. */
const VALUE_METHODS = new Set([
  'parse', 'safeParse', 'parseAsync', 'safeParseAsync', 'spa',
  'encode', 'decode', 'encodeAsync', 'decodeAsync', 'safeEncode', 'safeDecode', 'safeEncodeAsync', 'safeDecodeAsync',
  'isOptional', 'isNullable', 'toJSONSchema', 'register', 'clone',
]);
/** Members of `z` that are not schema constructors. */
const Z_HELPERS = new Set(['prettifyError', 'treeifyError', 'flattenError', 'formatError', 'config', 'registry', 'globalRegistry', 'toJSONSchema', 'util', 'core', 'locales', 'NEVER', 'ZodError']);

function memberName(node: TSESTree.Node): string | undefined {
  return node.type === AST_NODE_TYPES.MemberExpression && !node.computed && node.property.type === AST_NODE_TYPES.Identifier ? node.property.name : undefined;
}

/**
 * True for an expression that builds a zod schema: a call chain that starts at `z` (or
 * at a name ending in Schema) and does not end in a method returning data (`parse`).
 */
export function isSchemaExpression(node: TSESTree.Node, zod: ReadonlySet<string>): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  const outer = memberName(node.callee);
  if (outer !== undefined && VALUE_METHODS.has(outer)) return false;
  const root = chainRoot(node);
  if (!root) return false;
  if (/Schema$/.test(root.name)) return true;
  if (!zod.has(root.name)) return false;
  // The member right after `z`: `object` in z.object({...}).strict().
  let current: TSESTree.Node = node;
  let first: string | undefined;
  while (current.type === AST_NODE_TYPES.CallExpression || current.type === AST_NODE_TYPES.MemberExpression) {
    if (current.type === AST_NODE_TYPES.MemberExpression) {
      first = memberName(current);
      current = current.object;
    } else {
      current = current.callee;
    }
  }
  return first !== undefined && !Z_HELPERS.has(first);
}

/** The object literal passed to `z.object(...)` (or strictObject/looseObject) at the head of a chain, if any. */
export function objectShape(node: TSESTree.Node, zod: ReadonlySet<string>): TSESTree.ObjectExpression | undefined {
  let current: TSESTree.Node = node;
  // Walk down the chain to the innermost call: z.object({...}).strict().describe('x')
  for (;;) {
    if (current.type === AST_NODE_TYPES.CallExpression && current.callee.type === AST_NODE_TYPES.MemberExpression) {
      const { object, property } = current.callee;
      if (
        object.type === AST_NODE_TYPES.Identifier &&
        zod.has(object.name) &&
        property.type === AST_NODE_TYPES.Identifier &&
        /^(object|strictObject|looseObject)$/.test(property.name)
      ) {
        const [arg] = current.arguments;
        return arg?.type === AST_NODE_TYPES.ObjectExpression ? arg : undefined;
      }
      current = object;
      continue;
    }
    return undefined;
  }
}
