import { fileURLToPath } from 'node:url';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, expect, it } from 'vitest';
import { mayReport, type EslintRuleName } from '../src/eslint/plugin.js';
import { parseModel } from '../src/model/parse.js';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** A repository that exists only in the tests' file names; the model's one root is app/src. */
export const ROOT = '/repo';
export const model = parseModel({ roots: [{ path: 'app/src' }], crossCutting: ['better-sqlite3', '@opentelemetry/*'] });
export const settings = { architecture: { root: ROOT, model } };

/** A repository on disk, for the rule that compares files: see fixtures/schemas. */
export const SCHEMAS_ROOT = fileURLToPath(new URL('./fixtures/schemas', import.meta.url));
export const schemaSettings = { architecture: { root: SCHEMAS_ROOT, model } };

export const ruleTester = new RuleTester({ settings });

/** An absolute file name inside the test repository. */
export function file(path: string, root = ROOT): string {
  return `${root}/${path}`;
}

/** Holds a rule's cheap pre-test to its invalid cases: it must be true for every one. */
export function expectPreTestCovers(rule: EslintRuleName, cases: readonly { code: string; filename?: string }[], root = ROOT): void {
  it(`${rule}: the pre-test of harness lint is true for every invalid case`, () => {
    for (const c of cases) {
      const path = (c.filename ?? `${root}/app/src/file.ts`).slice(root.length + 1);
      expect(mayReport[rule]({ text: c.code, file: path, settings: { root, model } }), c.code).toBe(true);
    }
  });
}
