import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { ESLint, type Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { cruiserConfig } from '../src/cruise/config.js';
import { cruiseFindings } from '../src/cruise/findings.js';
import { graphFindings } from '../src/cruise/graph.js';
import { architectureEslintConfig } from '../src/eslint/config.js';
import { IMPORT_RULES } from '../src/eslint/plugin.js';
import { parseModel } from '../src/model/parse.js';
import { ruleDoc } from '../src/model/rules.js';
import { compareViolations, type Violation } from '../src/model/violation.js';
import { scanLayout } from '../src/structure/layout.js';

// A small repository with one of every import and graph violation: see fixtures/graph/src.
const root = fileURLToPath(new URL('./fixtures/graph', import.meta.url));
const model = parseModel({ roots: [{ path: 'src' }], layers: ['types', 'repo', 'service', 'ui'], crossCutting: ['better-sqlite3'] });

async function cruiseWith(graphRules: boolean): Promise<ICruiseResult> {
  const { output } = await cruise(['src'], { ...cruiserConfig(model, { graphRules }), baseDir: root });
  if (typeof output === 'string') throw new Error('expected a cruise result object');
  return output;
}

const brief = (vs: readonly Violation[]) => [...vs].sort(compareViolations).map((v) => `${v.rule} ${v.file}:${v.line}`);

describe('the engines agree on one model', () => {
  let full: Violation[];
  let split: Violation[];
  let eslint: Violation[];

  beforeAll(async () => {
    full = cruiseFindings(model, root, await cruiseWith(true));
    const result = await cruiseWith(false);
    split = [...cruiseFindings(model, root, result), ...graphFindings(model, root, result)];
    const linter = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: architectureEslintConfig({ root, model }) as Linter.Config[] });
    eslint = (await linter.lintFiles(['src'])).flatMap((r) =>
      r.messages.map((m) => ({ rule: m.ruleId ?? '', file: r.filePath.slice(root.length + 1), line: m.line, column: m.column, message: m.message })),
    );
  }, 60_000);

  it('finds every planted import and graph violation, with positions', () => {
    expect(brief(split)).toEqual([
      'architecture/no-orphan src/domains/notes/types/lonely.ts:1',
      'architecture/reachability src/domains/notes/types/unused.ts:1',
      'architecture/layers src/domains/notes/types/unused.ts:1',
      'architecture/layers src/domains/tasks/repo/task-repo.ts:3',
      'architecture/no-cycle src/domains/tasks/service/loop.ts:1',
      'architecture/cross-domain src/domains/tasks/service/tasks.ts:2',
      'architecture/providers-only src/domains/tasks/service/tasks.ts:4',
      'architecture/layers src/domains/tasks/service/tasks.ts:5',
      'architecture/unresolvable src/shell/main.ts:3',
      'architecture/utils-purity src/utils/leak.ts:1',
    ]);
  });

  it('reports a cycle once, as its shortest ring', () => {
    const cycle = split.find((v) => v.rule === 'architecture/no-cycle');
    expect(cycle?.message).toMatch(/^Import cycle: src\/domains\/tasks\/service\/loop\.ts → src\/domains\/tasks\/service\/tasks\.ts → src\/domains\/tasks\/service\/loop\.ts\. Why: /);
  });

  it('the linear graph rules find what dependency-cruiser’s own graph rules find', () => {
    expect(brief(split)).toEqual(brief(full));
    expect(split.map((v) => v.message).sort()).toEqual(full.map((v) => v.message).sort());
  });

  it('ESLint and dependency-cruiser report the same import violations with the same text', () => {
    const imports = (vs: readonly Violation[]) =>
      vs.filter((v) => IMPORT_RULES.some((r) => v.rule === `architecture/${r}`)).map((v) => `${v.rule} ${v.file}:${v.line} ${v.message}`).sort();
    expect(imports(eslint)).toEqual(imports(split));
    expect(imports(eslint)).toHaveLength(6);
  });

  it('ESLint adds the per-file rules (here a double cast)', () => {
    expect(eslint.filter((v) => !IMPORT_RULES.some((r) => v.rule === `architecture/${r}`)).map((v) => `${v.rule} ${v.file}:${v.line}`)).toEqual([
      'architecture/parse-at-boundary src/domains/tasks/repo/task-repo.ts:4',
    ]);
  });

  it('the layout scan places every file or says why not', () => {
    const layout = scanLayout(root, model);
    expect(layout.violations.map((v) => `${v.rule} ${v.file}`)).toEqual(['architecture/layout src/misc/misc.ts']);
    expect(layout.violations[0]?.message).toBe(
      `src/misc/misc.ts has no place in the model: folder misc/ is none of domains/, providers/, utils/, shell/. Why: the layer rules can only judge files the model can place, so a file outside the layout escapes every check. Fix: move it into src/domains/<domain>/<layer>/ (layers: types, repo, service, ui), src/providers/, src/utils/ or src/shell/. Docs: ${ruleDoc('layout')}`,
    );
  });
});
