import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rules } from '../src/eslint/plugin.js';
import { fileURLToPath } from 'node:url';
import { RULE_NAMES, RULES, ruleDoc } from '../src/model/rules.js';

const repo = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, repo), 'utf8');

describe('every rule has its doc, its source and its test', () => {
  it.each(RULE_NAMES)('%s has a doc page naming it, its reason and how to fix', (name) => {
    // The absolute path inside the package, so the link works from any repository.
    expect(ruleDoc(name)).toBe(fileURLToPath(new URL(`lint-rules/docs/rules/${name}.md`, repo)));
    const doc = readFileSync(ruleDoc(name), 'utf8');
    expect(doc).toMatch(/^---\n[\s\S]*?\n---\n/);
    expect(doc).toContain(`# architecture/${name}`);
    expect(doc).toContain(RULES[name].why);
    expect(doc).toMatch(/## How to fix/);
  });

  it('there is no doc page without a rule', () => {
    const pages = readdirSync(new URL('lint-rules/docs/rules/', repo)).map((f) => f.replace(/\.md$/, ''));
    expect(pages.sort()).toEqual([...RULE_NAMES].sort());
  });

  it('the ESLint plugin holds exactly the catalogue rules that ESLint enforces', () => {
    const eslintRules = RULE_NAMES.filter((name) => (RULES[name].engines as readonly string[]).includes('eslint'));
    expect(Object.keys(rules).sort()).toEqual([...eslintRules].sort());
  });

  it.each(Object.keys(rules))('ESLint rule %s has its own source file, its test file and its doc link', (name) => {
    expect(existsSync(new URL(`lint-rules/src/eslint/rules/${name}.ts`, repo))).toBe(true);
    const test = read(`lint-rules/test/rules/${name}.test.ts`);
    expect(test).toContain(`ruleTester.run('${name}'`);
    expect(test).toContain('messageId');
    expect(test).toContain('data:');
    expect(test).toContain(`expectPreTestCovers('${name}'`);
    const rule = rules[name as keyof typeof rules];
    expect(rule.meta.docs?.url).toBe(fileURLToPath(new URL(`lint-rules/docs/rules/${name}.md`, repo)));
  });

  it.each(Object.keys(rules))('every message of ESLint rule %s has an invalid case in its test', (name) => {
    const test = read(`lint-rules/test/rules/${name}.test.ts`);
    const rule = rules[name as keyof typeof rules];
    const untested = Object.keys(rule.meta.messages).filter((id) => !test.includes(`messageId: '${id}'`));
    expect(untested).toEqual([]);
  });

  it('every message of every ESLint rule carries what, why, fix and the doc link', () => {
    for (const [name, rule] of Object.entries(rules)) {
      for (const message of Object.values(rule.meta.messages as Record<string, string>)) {
        expect(message.endsWith(` Docs: ${ruleDoc(name as keyof typeof RULES)}`)).toBe(true);
        expect(message).toMatch(/ Why: .+ Fix: .+ Docs: /);
      }
    }
  });
});
