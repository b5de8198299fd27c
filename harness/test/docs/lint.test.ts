import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { renderQualityScore, scoreLayers } from '../../src/domains/docs/service/quality-score.js';
import { FixtureRepo, knowledgeBase, TODAY, verifiedRepo } from './fixture.js';

const repos: FixtureRepo[] = [];
const track = (repo: FixtureRepo): FixtureRepo => {
  repos.push(repo);
  return repo;
};
afterEach(() => {
  while (repos.length > 0) repos.pop()?.remove();
});

describe('harness docs lint on a fixture repository', () => {
  it('passes a well-formed knowledge base with no finding', () => {
    const repo = track(verifiedRepo());
    const { status, report } = repo.lint();
    expect(report.violations).toEqual([]);
    expect(status).toBe(0);
    expect(report.stats.links).toBeGreaterThanOrEqual(5);
  });

  it('reports a doc as stale after a commit touches its covered code, naming the commit and file, and fresh after docs verify', () => {
    const repo = track(verifiedRepo());
    repo.write({ 'src/alpha/main.ts': 'export function alpha(): number {\n  return 2;\n}\n' });
    const sha = repo.commit('alpha returns 2');

    const stale = repo.lint();
    expect(stale.status).toBe(0); // stale docs are warnings by default
    const [finding] = stale.report.violations;
    expect(finding).toMatchObject({ rule: 'stale-doc', severity: 'warning', file: 'docs/design-docs/alpha.md' });
    expect(finding?.what).toContain('1 commit changed 1 covered file');
    expect(finding?.fix).toContain('npx harness docs verify docs/design-docs/alpha.md');
    expect(finding?.stale?.commits).toEqual([expect.objectContaining({ sha, subject: 'alpha returns 2' })]);
    expect(finding?.stale?.files).toEqual([{ path: 'src/alpha/main.ts', status: 'M' }]);

    const text = repo.cli(['docs', 'lint']);
    expect(text.stdout).toContain(`${sha.slice(0, 7)} `);
    expect(text.stdout).toContain('M src/alpha/main.ts');

    const verify = repo.cli(['docs', 'verify', 'docs/design-docs/alpha.md']);
    expect(verify.status).toBe(0);
    expect(verify.stdout).toContain('verified docs/design-docs/alpha.md');
    expect(repo.read('docs/design-docs/alpha.md')).toContain(`verified_commit: ${sha}`);
    expect(repo.lint().report.violations).toEqual([]);
  });

  it('fails the lint on a stale doc when freshness is set to error', () => {
    const repo = track(verifiedRepo());
    repo.write({ 'harness.config.ts': "export default { docs: { generated: [], freshness: 'error' } };\n", 'src/alpha/extra.ts': 'export const x = 1;\n' });
    repo.commit('add extra');
    const { status, report } = repo.lint();
    expect(status).toBe(1);
    expect(report.violations.map((v) => `${v.rule}:${v.severity}`)).toEqual(['stale-doc:error']);
    expect(report.violations[0]?.stale?.files).toEqual([{ path: 'src/alpha/extra.ts', status: 'A' }]);
  });

  it('treats a change that was reverted as no change (content hash), and an uncommitted edit as one', () => {
    const repo = track(verifiedRepo());
    const original = repo.read('src/alpha/main.ts');
    repo.write({ 'src/alpha/main.ts': 'changed\n' });
    repo.commit('change');
    repo.write({ 'src/alpha/main.ts': original });
    repo.commit('revert');
    expect(repo.lint().report.violations).toEqual([]);
    repo.write({ 'src/alpha/main.ts': 'uncommitted\n' });
    expect(repo.lint().report.violations.map((v) => v.rule)).toEqual(['stale-doc']);
  });

  it('finds broken links and anchors with their lines, skips code, and suggests the closest anchor', () => {
    const repo = track(verifiedRepo());
    const alpha = repo.read('docs/design-docs/alpha.md');
    repo.write({
      'docs/design-docs/alpha.md': `${alpha}\nSee [gone](gone.md), [bad anchor](#usag), [ok](../exec-plans/index.md#exec-plans) and [outside](../../../etc/passwd).\n\n\`[in code](nowhere.md)\`\n`,
    });
    const { status, report } = repo.lint();
    expect(status).toBe(1);
    const line = alpha.split('\n').length + 1;
    const byRule = report.violations.map((v) => [v.rule, v.line, v.what]);
    expect(byRule).toContainEqual(['broken-link', line, 'link `gone.md` points to docs/design-docs/gone.md, which does not exist']);
    expect(byRule).toContainEqual(['broken-link', line, 'link `../../../etc/passwd` points outside the repository']);
    expect(byRule).toContainEqual(['broken-anchor', line, 'link `#usag`: this file has no heading or anchor `#usag`']);
    expect(report.violations.find((v) => v.rule === 'broken-anchor')?.fix).toContain('`#usage`');
    expect(report.violations.filter((v) => v.rule.startsWith('broken'))).toHaveLength(3);
  });

  it('finds orphan docs: files under docs/ that no link from AGENTS.md reaches', () => {
    const repo = track(verifiedRepo());
    repo.write({ 'docs/notes/loose.md': '---\ntitle: Loose\nstatus: draft\nowner: x\ncovers: []\nverified: 2026-01-01\n---\n# Loose\n', 'docs/img/diagram.png': 'png' });
    repo.commit('add loose docs');
    const { status, report } = repo.lint();
    expect(status).toBe(1);
    expect(report.violations.filter((v) => v.rule === 'orphan-doc').map((v) => v.file)).toEqual(['docs/img/diagram.png', 'docs/notes/loose.md']);
    // A design doc missing from its index is reported as a missing index row, with the row to add.
    repo.write({ 'docs/design-docs/beta.md': '---\ntitle: Beta\nstatus: draft\nowner: x\ncovers: []\nverified: 2026-01-01\n---\n# Beta\n' });
    const missing = repo.lint().report.violations.find((v) => v.rule === 'index-missing-entry');
    expect(missing?.what).toBe('docs/design-docs/index.md does not list docs/design-docs/beta.md');
    expect(missing?.fix).toContain('| [beta.md](beta.md) | draft | 2026-01-01 | Beta |');
  });

  it('suggests the new path of a moved file from git rename history', () => {
    const repo = track(verifiedRepo());
    repo.git('mv', 'src/alpha/main.ts', 'src/alpha/core.ts');
    repo.commit('rename main to core');
    const { report } = repo.lint();
    const broken = report.violations.find((v) => v.rule === 'broken-link');
    expect(broken).toMatchObject({ file: 'docs/design-docs/alpha.md', movedTo: 'src/alpha/core.ts' });
    expect(broken?.what).toBe('link `../../src/alpha/main.ts` points to src/alpha/main.ts, which was moved to src/alpha/core.ts');
    expect(broken?.fix).toContain('change the link to `../../src/alpha/core.ts`');
  });

  it('checks frontmatter, index rows and exec plans', () => {
    const repo = track(verifiedRepo());
    repo.write({
      'docs/design-docs/alpha.md': repo.read('docs/design-docs/alpha.md').replace('owner: fixture\n', 'ownr: fixture\n'),
      'docs/exec-plans/index.md': repo.read('docs/exec-plans/index.md').replace(`| active | ${TODAY} | Build |`, '| completed | 2020-01-01 | Build |'),
      'docs/exec-plans/active/build.md': repo.read('docs/exec-plans/active/build.md').replace('## Decision log', '## Notes'),
      'docs/exec-plans/stray.md': '---\ntitle: Stray\nstatus: active\nowner: x\ncovers: []\nverified: 2026-01-01\n---\n# Stray\n\n## Progress\n\n## Decision log\n',
    });
    const rules = repo.lint().report.violations.map((v) => `${v.rule} ${v.file}:${v.line} ${v.what}`);
    expect(rules).toContain('frontmatter-invalid docs/design-docs/alpha.md:4 docs/design-docs/alpha.md frontmatter: unknown field `ownr` (the fields are title, status, owner, covers, verified, verified_commit, covers_hash, generated, task_for)');
    expect(rules).toContain('frontmatter-invalid docs/design-docs/alpha.md:1 docs/design-docs/alpha.md frontmatter: `owner` is missing');
    expect(rules).toContain(`index-mismatch docs/exec-plans/index.md:13 docs/exec-plans/index.md shows docs/exec-plans/active/build.md as completed, verified 2020-01-01; the doc says active, verified ${TODAY}`);
    expect(rules).toContain('exec-plan-sections docs/exec-plans/active/build.md:1 exec plan docs/exec-plans/active/build.md has no "## Decision log" section');
    expect(rules).toContain('exec-plan-location docs/exec-plans/stray.md:1 exec plan docs/exec-plans/stray.md is outside active/ and completed/');
  });

  it('accepts a README.md that keeps an empty active/ folder in git: not a plan, but linked and indexed like any doc', () => {
    const repo = track(verifiedRepo());
    repo.git('rm', '-q', 'docs/exec-plans/active/build.md');
    repo.write({
      'docs/exec-plans/active/README.md': `---\ntitle: Active plans\nstatus: accepted\nowner: docs\ncovers: []\nverified: ${TODAY}\n---\n\n# Active plans\n\nPlans in progress live here.\n`,
      'docs/exec-plans/index.md': repo
        .read('docs/exec-plans/index.md')
        .replace(`| [active/build.md](active/build.md) | active | ${TODAY} | Build |`, `| [active/README.md](active/README.md) | accepted | ${TODAY} | what goes in [active/](active/) |`),
    });
    expect(repo.lint().report.violations).toEqual([]);
    // Any other doc in active/ is still a plan.
    repo.write({ 'docs/exec-plans/active/NOTES.md': `---\ntitle: Notes\nstatus: accepted\nowner: docs\ncovers: []\nverified: ${TODAY}\n---\n\n# Notes\n` });
    expect(repo.lint().report.violations.map((v) => `${v.rule} ${v.file}`)).toContain('exec-plan-location docs/exec-plans/active/NOTES.md');
  });

  it('warns when QUALITY_SCORE.md grades other domains and layers than the code has', () => {
    const repo = track(verifiedRepo());
    const files = ['pkg/src/domains/alpha/service/a.ts'];
    repo.write({
      [files[0] ?? '']: 'export const a = 1;\n',
      'docs/QUALITY_SCORE.md': renderQualityScore(null, scoreLayers({ files, coverage: new Map(), staleDocs: new Set(), lintFindings: null, tests: null }), TODAY) ?? '',
      'AGENTS.md': `${repo.read('AGENTS.md')}- Quality: [docs/QUALITY_SCORE.md](docs/QUALITY_SCORE.md)\n`,
    });
    expect(repo.lint().report.violations).toEqual([]);
    repo.write({ 'pkg/src/domains/beta/ui/b.ts': 'export const b = 1;\n' });
    const { status, report } = repo.lint();
    expect(status).toBe(0);
    expect(report.violations.map((v) => [v.rule, v.severity, v.what])).toEqual([
      ['quality-score-outdated', 'warning', 'docs/QUALITY_SCORE.md has no row for pkg/beta/ui'],
    ]);
  });

  it('keeps AGENTS.md a map: a line budget and no long prose', () => {
    const kb = knowledgeBase();
    const prose = Array.from({ length: 8 }, (_, i) => `This is explanation line ${i} that belongs in a doc.`).join('\n');
    const repo = track(new FixtureRepo({ ...kb, 'AGENTS.md': `${kb['AGENTS.md']}\n${prose}\n` }));
    repo.write({ 'harness.config.ts': 'export default { docs: { generated: [], agentsLineBudget: 10 } };\n' });
    const found = repo.lint().report.violations.filter((v) => v.file === 'AGENTS.md');
    expect(found.map((v) => v.rule).sort()).toEqual(['agents-line-budget', 'agents-prose', 'agents-prose']);
    expect(found.find((v) => v.rule === 'agents-line-budget')?.what).toBe('AGENTS.md has 14 lines, over its budget of 10');
    expect(found.some((v) => v.rule === 'agents-prose' && v.what.includes('8 lines of prose without a link'))).toBe(true);
  });
});

describe('harness docs lint output and errors', () => {
  it('prints SARIF 2.1.0 with rule ids, levels and locations', () => {
    const repo = track(verifiedRepo());
    repo.write({ 'docs/design-docs/alpha.md': `${repo.read('docs/design-docs/alpha.md')}\n[gone](gone.md)\n` });
    const run = repo.cli(['docs', 'lint', '--format', 'sarif']);
    expect(run.status).toBe(1);
    const sarif = JSON.parse(run.stdout) as { version: string; runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    const [result] = sarif.runs[0]?.results ?? [];
    expect(result).toMatchObject({ ruleId: 'broken-link', level: 'error' });
    expect(result?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('docs/design-docs/alpha.md');
  });

  it('links each SARIF rule to its doc (helpUri) and lists a stale doc\'s commits in its message, like the text report', () => {
    const repo = track(verifiedRepo());
    repo.write({ 'src/alpha/main.ts': 'export const alpha = 2;\n' });
    const sha = repo.commit('alpha returns 2');
    type Sarif = { runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } }; results: { ruleId: string; message: { text: string } }[] }[] };
    const sarif = JSON.parse(repo.cli(['docs', 'lint', '--format', 'sarif']).stdout) as Sarif;
    const [run] = sarif.runs;
    expect(run?.tool.driver.rules.find((r) => r.id === 'stale-doc')?.helpUri).toBe(`${pathToFileURL(repo.root).href}/docs/design-docs/docs-lints.md#stale-doc`);
    const stale = run?.results.find((r) => r.ruleId === 'stale-doc')?.message.text ?? '';
    expect(stale).toContain(`commits since:\n  ${sha.slice(0, 7)} ${TODAY} alpha returns 2`);
    expect(stale).toContain('files changed:\n  M src/alpha/main.ts');

    repo.git('remote', 'add', 'origin', 'git@github.com:acme/kb.git');
    const onGithub = JSON.parse(repo.cli(['docs', 'lint', '--format', 'sarif']).stdout) as Sarif;
    expect(onGithub.runs[0]?.tool.driver.rules[0]?.helpUri).toBe('https://github.com/acme/kb/blob/HEAD/docs/design-docs/docs-lints.md#agents-missing');
  });

  it('exits 2 with a diagnostic for a --limit that is not a whole number, instead of showing everything', () => {
    const repo = track(verifiedRepo());
    for (const bad of ['abc', '-1', '2.5']) {
      const run = repo.cli(['docs', 'lint', '--limit', bad]);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`--limit ${bad} is not a whole number`);
      expect(run.stderr).toContain('fix: write e.g. --limit 50');
      expect(run.stdout).toBe('');
    }
    expect(repo.cli(['docs', 'lint', '--limit', '0']).status).toBe(0);
  });

  it('exits 2 with the field path and fix for a bad docs config section', () => {
    const repo = track(verifiedRepo());
    repo.write({ 'harness.config.ts': "export default { docs: { agentsLineBudget: 'many', generated: [] } };\n" });
    const run = repo.cli(['docs', 'lint']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('harness.config.ts: docs.agentsLineBudget:');
    expect(run.stderr).toContain('fix: correct docs.agentsLineBudget in harness.config.ts');
    expect(run.stderr).not.toContain('    at ');
    repo.write({ 'harness.config.ts': "export default { docs: { generated: ['nope'] } };\n" });
    const unknown = repo.cli(['docs', 'lint', '--json']);
    expect(unknown.status).toBe(2);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ ok: false, error: { what: 'harness.config.ts: docs.generated: unknown generator `nope`' } });
  });

  it('refuses to verify a path that is not a doc, and a doc whose frontmatter is broken', () => {
    const repo = track(verifiedRepo());
    expect(repo.cli(['docs', 'verify', 'src/alpha/main.ts']).stderr).toContain('src/alpha/main.ts is not a markdown doc under docs/');
    repo.write({ 'docs/design-docs/alpha.md': repo.read('docs/design-docs/alpha.md').replace('status: accepted', 'status: shipped') });
    const run = repo.cli(['docs', 'verify', 'docs/design-docs/alpha.md']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('cannot be verified');
    expect(run.stderr).toContain('`status`');
  });
});
