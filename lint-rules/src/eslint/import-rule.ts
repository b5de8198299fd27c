import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { resolveSpecifier } from '../model/classify.js';
import { IMPORT_MESSAGES, type ImportRule } from '../model/messages.js';
import { judgeImport } from '../model/policy.js';
import { readSettings, repoPath, type PreTest } from './settings.js';

/** Every way a module names another: import, export … from, import(), require(), import x = require(). */
export function importSources(node: TSESTree.Node): TSESTree.StringLiteral | undefined {
  switch (node.type) {
    case AST_NODE_TYPES.ImportDeclaration:
    case AST_NODE_TYPES.ExportAllDeclaration:
      return node.source;
    case AST_NODE_TYPES.ExportNamedDeclaration:
      return node.source ?? undefined;
    case AST_NODE_TYPES.ImportExpression:
      return node.source.type === AST_NODE_TYPES.Literal && typeof node.source.value === 'string' ? (node.source as TSESTree.StringLiteral) : undefined;
    case AST_NODE_TYPES.CallExpression: {
      const [arg] = node.arguments;
      const isRequire = node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'require';
      return isRequire && arg?.type === AST_NODE_TYPES.Literal && typeof arg.value === 'string' ? (arg as TSESTree.StringLiteral) : undefined;
    }
    case AST_NODE_TYPES.TSImportEqualsDeclaration:
      return node.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference ? (node.moduleReference.expression as TSESTree.StringLiteral) : undefined;
    default:
      return undefined;
  }
}

/**
 * The resolved target of a relative specifier, as the compiler sees it: NodeNext code
 * imports `./x.js` for `./x.ts`, so the `.ts` file is preferred when it exists.
 */
function resolveTarget(root: string, from: string, specifier: string): string | null {
  const target = resolveSpecifier(from, specifier);
  if (target === null) return null;
  const stem = target.replace(/\.(c|m)?js$/, '');
  if (stem !== target) {
    for (const ext of ['.ts', '.tsx', '.mts', '.cts']) {
      if (existsSync(join(root, stem + ext))) return stem + ext;
    }
  }
  return target;
}

/**
 * The visitor of the four import rules. They share the judgement (model/policy.ts), so an
 * import is reported by exactly one rule, with the text dependency-cruiser's finding of
 * the same import gets in `harness lint`.
 */
export function importVisitor<R extends ImportRule>(
  context: Readonly<TSESLint.RuleContext<keyof (typeof IMPORT_MESSAGES)[R] & string, readonly unknown[]>>,
  rule: R,
): TSESLint.RuleListener {
  const settings = readSettings(context);
  const from = repoPath(settings, context.filename);
  const check = (node: TSESTree.Node): void => {
    const source = importSources(node);
    if (!source) return;
    const finding = judgeImport(settings.model, { from, specifier: source.value, to: resolveTarget(settings.root, from, source.value) });
    if (finding?.rule !== rule) return;
    context.report({ node: source, messageId: finding.messageId as keyof (typeof IMPORT_MESSAGES)[R] & string, data: finding.data });
  };
  return {
    ImportDeclaration: check,
    ExportAllDeclaration: check,
    ExportNamedDeclaration: check,
    ImportExpression: check,
    CallExpression: check,
    TSImportEqualsDeclaration: check,
  };
}

/** Imports are in nearly every file, so there is no cheaper test than running the rule. */
export function mayImport({ text }: PreTest): boolean {
  return /\b(?:import|export|require)\b/.test(text);
}
