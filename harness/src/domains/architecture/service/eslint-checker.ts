import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { architectureEslintConfig, IMPORT_RULES, mayReport, syntaxProblem, unparsable, type EslintRuleName, type Violation } from '@agent-harness/lint-rules/index';
import type { Checker, CheckContext, CheckerResult } from '../types/report.js';

const PER_FILE_RULES = (Object.keys(mayReport) as EslintRuleName[]).filter((name) => !IMPORT_RULES.includes(name));

/**
 * The per-file rules (taste invariants) through ESLint's API. The import rules are not
 * run here: dependency-cruiser checks them over the whole graph with the same
 * judgement, and an `eslint-disable` comment cannot silence it. ESLint lints only the
 * files where some rule's cheap text test says it could report, which on a large
 * repository is a small fraction; the tests hold every rule's test to its invalid cases.
 * The other files are still parsed (TypeScript's parser alone, no ESLint): a file that
 * does not parse fails the run instead of passing unread.
 */
export const eslintChecker: Checker = {
  name: 'eslint',
  async run({ root, model, layout }: CheckContext): Promise<CheckerResult> {
    const settings = { root, model };
    const candidates = layout.files.filter((file) => {
      const text = readFileSync(join(root, file), 'utf8');
      if (PER_FILE_RULES.some((name) => mayReport[name]({ text, file, settings }))) return true;
      const problem = syntaxProblem(file, text);
      if (problem) throw unparsable(file, problem);
      return false;
    });
    if (candidates.length === 0) return { violations: [], scope: `0 of ${layout.files.length} files needed a per-file rule` };
    const eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [
        { linterOptions: { reportUnusedDisableDirectives: 'off' } },
        // typescript-eslint's config type and ESLint's describe the same objects with
        // different index signatures; the objects themselves are what ESLint expects.
        ...(architectureEslintConfig({ root, model, rules: 'per-file' }) as Linter.Config[]),
      ],
      errorOnUnmatchedPattern: false,
    });
    const results = await eslint.lintFiles(candidates.map((file) => join(root, file)));
    const violations: Violation[] = [];
    for (const result of results) {
      const file = result.filePath.slice(root.length + 1).split('\\').join('/');
      for (const message of result.messages) {
        if (message.fatal) {
          throw unparsable(file, { line: message.line, column: message.column, message: message.message }, 'ESLint');
        }
        if (!message.ruleId) continue;
        violations.push({ rule: message.ruleId, file, line: message.line, column: message.column, message: message.message });
      }
    }
    return { violations, scope: `${results.length} of ${layout.files.length} files` };
  },
};
