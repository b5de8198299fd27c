import { afterEach, describe, expect, it } from 'vitest';
import { FixtureRepo, knowledgeBase } from './fixture.js';

const repos: FixtureRepo[] = [];
afterEach(() => {
  while (repos.length > 0) repos.pop()?.remove();
});

function generatedRepo(): FixtureRepo {
  const kb = knowledgeBase();
  const repo = new FixtureRepo({
    ...kb,
    'harness.config.ts': "export default { docs: { generated: ['index', 'cli', 'config'] } };\n",
    'AGENTS.md': `${kb['AGENTS.md']}- Generated: [docs/generated/README.md](docs/generated/README.md)\n`,
  });
  repos.push(repo);
  return repo;
}

describe('generated docs', () => {
  it('are missing until generated, then match; a hand edit is drift whose fix is the exact command', () => {
    const repo = generatedRepo();
    const missing = repo.lint().report.violations.filter((v) => v.rule === 'generated-missing').map((v) => v.file);
    expect([...missing].sort()).toEqual(['docs/generated/README.md', 'docs/generated/cli.md', 'docs/generated/config.md']);

    const generate = repo.cli(['docs', 'generate']);
    expect(generate.status).toBe(0);
    expect(generate.stdout).toContain('written   docs/generated/cli.md');
    const cli = repo.read('docs/generated/cli.md');
    expect(cli).toContain('generated: npx harness docs generate docs/generated/cli.md');
    expect(cli).toContain('## harness docs garden');
    expect(cli).toContain('| `--dry-run` | show everything the job would do and write nothing |');
    expect(repo.read('docs/generated/config.md')).toContain('| `docs.agentsLineBudget` | integer | `120` | the most lines AGENTS.md may have |');
    expect(repo.read('docs/generated/README.md')).toContain('| [cli.md](cli.md) | `npx harness docs generate docs/generated/cli.md` |');
    repo.commit('generate docs');
    expect(repo.lint().report.violations).toEqual([]);

    repo.write({ 'docs/generated/cli.md': cli.replace('## harness docs lint', '## harness docs lint (edited by hand)') });
    const { status, report } = repo.lint();
    expect(status).toBe(1);
    const drift = report.violations[0];
    expect(report.violations).toHaveLength(1);
    expect(drift).toMatchObject({ rule: 'generated-drift', file: 'docs/generated/cli.md' });
    expect(drift?.line).toBe(cli.split('\n').indexOf('## harness docs lint') + 1);
    expect(drift?.fix).toBe('run `npx harness docs generate docs/generated/cli.md` and commit the result; never edit it by hand');

    const check = repo.cli(['docs', 'generate', '--check', '--json']);
    expect(check.status).toBe(1);
    expect(JSON.parse(check.stdout)).toMatchObject({ ok: false, results: expect.arrayContaining([{ output: 'docs/generated/cli.md', command: 'npx harness docs generate docs/generated/cli.md', status: 'stale' }]) });

    expect(repo.cli(['docs', 'generate', 'docs/generated/cli.md']).status).toBe(0);
    expect(repo.read('docs/generated/cli.md')).toBe(cli);
    expect(repo.lint().report.violations).toEqual([]);
  });

  it('rejects an output that no generator writes, listing the ones that exist', () => {
    const repo = generatedRepo();
    const run = repo.cli(['docs', 'generate', 'docs/generated/nope.md']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('not a generated doc: docs/generated/nope.md');
    expect(run.stderr).toContain('docs/generated/cli.md');
  });
});

describe('adding a generator', () => {
  it('takes one registry entry; a command-backed generator drifts when its source changes', async () => {
    const { Command } = await import('commander');
    const { runDocsLint } = await import('../../src/domains/docs/service/lint.js');
    const { generateDocs } = await import('../../src/domains/docs/service/generate.js');
    const { fromCommand } = await import('../../src/domains/docs/service/generators/registry.js');
    const kb = knowledgeBase();
    const repo = new FixtureRepo({
      ...kb,
      'AGENTS.md': `${kb['AGENTS.md']}- Schema: [docs/generated/schema.md](docs/generated/schema.md)\n`,
      'db/001-tasks.sql': 'CREATE TABLE tasks (id INTEGER PRIMARY KEY);\n',
    });
    repos.push(repo);
    const schema = {
      id: 'db-schema',
      output: 'docs/generated/schema.md',
      command: 'npx harness docs generate docs/generated/schema.md',
      generate: fromCommand({ title: 'Database schema', owner: 'app', covers: ['db/**'] }, "printf '```sql\\n'; cat db/*.sql; printf '```\\n'"),
    };
    const options = { program: new Command('harness'), sections: { docs: {} }, generators: [schema] };

    const missing = await runDocsLint(repo.root, options);
    expect(missing.violations.map((v) => `${v.rule} ${v.file}`)).toEqual(['generated-missing docs/generated/schema.md']);
    expect(await generateDocs(repo.root, [], { ...options, check: false })).toEqual([{ output: 'docs/generated/schema.md', command: schema.command, status: 'written' }]);
    expect(repo.read('docs/generated/schema.md')).toContain('CREATE TABLE tasks (id INTEGER PRIMARY KEY);');
    expect((await runDocsLint(repo.root, options)).violations).toEqual([]);

    repo.write({ 'db/002-notes.sql': 'ALTER TABLE tasks ADD COLUMN notes TEXT;\n' });
    const drift = await runDocsLint(repo.root, options);
    expect(drift.violations.map((v) => [v.rule, v.fix])).toEqual([['generated-drift', `run \`${schema.command}\` and commit the result; never edit it by hand`]]);
  });
});
