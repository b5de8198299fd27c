import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, FixtureRepo, scriptDir, TODAY, verifiedRepo } from './fixture.js';

const cleanup: (() => void)[] = [];
afterEach(() => {
  while (cleanup.length > 0) cleanup.pop()?.();
});

const BRANCH = `docs-garden/${TODAY}`;
const TASK = `docs/exec-plans/active/${TODAY}-refresh-design-docs-alpha.md`;

/**
 * A repository that needs gardening: alpha.md is stale (its code changed), beta.md links
 * a file that was moved and is missing from the design-docs index, and the generated CLI
 * reference was edited by hand.
 */
function overgrownRepo(): FixtureRepo {
  const repo = verifiedRepo();
  cleanup.push(() => repo.remove());
  repo.write({
    'harness.config.ts': "export default { docs: { generated: ['cli'] } };\n",
    'AGENTS.md': `${repo.read('AGENTS.md')}- CLI: [docs/generated/cli.md](docs/generated/cli.md)\n`,
  });
  expect(repo.cli(['docs', 'generate']).status).toBe(0);
  repo.write({
    'src/beta/old.ts': 'export const beta = 1;\n',
    'docs/design-docs/beta.md': `---\ntitle: Beta\nstatus: draft\nowner: fixture\ncovers: []\nverified: ${TODAY}\n---\n\n# Beta\n\nBeta lives in [old.ts](../../src/beta/old.ts).\n`,
  });
  repo.commit('add beta and the CLI reference');
  repo.git('mv', 'src/beta/old.ts', 'src/beta/new.ts');
  repo.write({ 'src/alpha/main.ts': 'export function alpha(): number {\n  return 42;\n}\n' });
  repo.write({ 'docs/generated/cli.md': repo.read('docs/generated/cli.md').replace('## harness docs lint', '## harness docs lint, edited') });
  repo.commit('alpha returns 42; move beta');
  return repo;
}

function showOnBranch(repo: FixtureRepo, path: string, branch = BRANCH): string {
  return repo.git('show', `${branch}:${path}`);
}

/** Lints a branch in its own worktree. */
function lintBranch(repo: FixtureRepo, branch: string): { rule: string; severity: string; file: string }[] {
  const dir = mkdtempSync(join(tmpdir(), 'docs-branch-'));
  rmSync(dir, { recursive: true });
  repo.git('worktree', 'add', '-q', dir, branch);
  try {
    const run = spawnSync(process.execPath, [BIN, 'docs', 'lint', '--json'], { cwd: dir, encoding: 'utf8' });
    return (JSON.parse(run.stdout) as { violations: { rule: string; severity: string; file: string }[] }).violations;
  } finally {
    repo.git('worktree', 'remove', '--force', dir);
  }
}

describe('harness docs garden', () => {
  it('--dry-run shows every change, task and the branch, and leaves the tree and refs byte-identical', () => {
    const repo = overgrownRepo();
    const gh = scriptDir({ gh: '#!/bin/sh\nexit 1\n' });
    cleanup.push(() => rmSync(gh, { recursive: true, force: true }));
    const env = { PATH: `${gh}:${process.env.PATH ?? ''}` };
    repo.cli(['docs', 'lint']); // warms the config cache, which a dry run must not write either
    const before = repo.snapshot();
    const refs = repo.git('for-each-ref');

    const run = repo.cli(['docs', 'garden', '--dry-run'], env);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('docs garden (dry run: nothing written)');
    expect(run.stdout).toContain('generated     docs/generated/cli.md: regenerated: out of date with its source');
    expect(run.stdout).toContain('link-repair   docs/design-docs/beta.md: link `../../src/beta/old.ts` → `../../src/beta/new.ts` (line 11)');
    expect(run.stdout).toContain('index         docs/design-docs/index.md');
    expect(run.stdout).toContain(`task          ${TASK}: re-verification task for docs/design-docs/alpha.md`);
    expect(run.stdout).toContain(`branch: ${BRANCH} (from main) would be created`);
    expect(run.stdout).toContain(`patch file: .harness/garden/docs-garden-${TODAY}.patch would be written`);

    const json = JSON.parse(repo.cli(['docs', 'garden', '--dry-run', '--json'], { ...env, HARNESS_GARDEN_AGENT: 'my-agent --fix' }).stdout) as {
      dryRun: boolean;
      plan: { tasks: { path: string }[] };
      agentRuns: { command: string; exitCode: null }[];
    };
    expect(json.dryRun).toBe(true);
    expect(json.plan.tasks.map((t) => t.path)).toEqual([TASK]);
    expect(json.agentRuns).toEqual([{ task: TASK, command: `my-agent --fix ${TASK}`, exitCode: null, log: null }]);

    expect(repo.snapshot()).toEqual(before);
    expect(repo.git('for-each-ref')).toBe(refs);
  });

  it('commits the fixes and a task on a new branch and writes a patch when gh is not set up, leaving the checkout alone', () => {
    const repo = overgrownRepo();
    const gh = scriptDir({ gh: '#!/bin/sh\necho "You are not logged into any GitHub hosts." >&2\nexit 1\n' });
    cleanup.push(() => rmSync(gh, { recursive: true, force: true }));
    const head = repo.git('rev-parse', 'HEAD');

    const run = repo.cli(['docs', 'garden'], { PATH: `${gh}:${process.env.PATH ?? ''}` });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`branch: ${BRANCH} (from main)`);
    expect(run.stdout).toContain(`patch file: .harness/garden/docs-garden-${TODAY}.patch (no pull request: gh is installed but not authenticated`);

    // The caller's checkout is untouched: same HEAD, clean tree, no extra worktree.
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    expect(repo.git('status', '--porcelain', '--untracked-files=no')).toBe('');
    expect(repo.git('worktree', 'list').trim().split('\n')).toHaveLength(1);

    expect(repo.git('log', '-1', '--format=%s', BRANCH).trim()).toBe(
      'docs: garden: regenerate 1 generated doc, repair links to moved files in 1 doc, update indexes, update QUALITY_SCORE, 1 re-verification task',
    );
    expect(showOnBranch(repo, 'docs/design-docs/beta.md')).toContain('[old.ts](../../src/beta/new.ts)');
    expect(showOnBranch(repo, 'docs/design-docs/index.md')).toContain(`| [beta.md](beta.md) | draft | ${TODAY} | Beta |`);
    expect(showOnBranch(repo, 'docs/exec-plans/index.md')).toContain(`| [${TODAY}-refresh-design-docs-alpha.md](active/${TODAY}-refresh-design-docs-alpha.md) | active | ${TODAY} |`);
    const task = showOnBranch(repo, TASK);
    expect(task).toContain('task_for: docs/design-docs/alpha.md');
    expect(task).toContain('| alpha returns 42; move beta |');
    expect(task).toContain('- `src/alpha/main.ts` (modified)');
    expect(task).toContain('npx harness docs verify docs/design-docs/alpha.md');
    expect(task).toMatch(/## Progress[\s\S]*## Decision log/);
    const score = showOnBranch(repo, 'docs/QUALITY_SCORE.md');
    expect(score).toContain('## History');
    expect(showOnBranch(repo, 'AGENTS.md')).toContain('[docs/QUALITY_SCORE.md](docs/QUALITY_SCORE.md)');

    // On the branch only the stale doc remains, as a warning: everything mechanical is fixed.
    expect(lintBranch(repo, BRANCH).map((v) => `${v.rule}:${v.severity}:${v.file}`)).toEqual(['stale-doc:warning:docs/design-docs/alpha.md']);

    const patch = join(repo.root, `.harness/garden/docs-garden-${TODAY}.patch`);
    expect(statSync(patch).mode & 0o777).toBe(0o600);
    expect(readFileSync(patch, 'utf8')).toContain('Subject: [PATCH] docs: garden:');
    repo.git('apply', '--check', patch);

    // A second run the same day uses a new branch name rather than touching the first.
    expect(repo.cli(['docs', 'garden'], { PATH: `${gh}:${process.env.PATH ?? ''}` }).stdout).toContain(`branch: ${BRANCH}-2`);
  });

  it('runs the configured agent on each task on the branch, then pushes and opens a pull request with gh', () => {
    const repo = overgrownRepo();
    const origin = mkdtempSync(join(tmpdir(), 'docs-origin-'));
    cleanup.push(() => rmSync(origin, { recursive: true, force: true }));
    spawnSync('git', ['init', '-q', '--bare', origin]);
    repo.git('remote', 'add', 'origin', origin);
    const ghLog = join(origin, 'gh.log');
    const bin = scriptDir({
      gh: `#!/bin/sh\necho "$@" >> ${ghLog}\nif [ "$1" = pr ]; then echo "https://github.example/pulls/7"; fi\nexit 0\n`,
      // The "agent": reads its task, corrects the doc and records the re-check, as an agent would.
      'fix-docs': `#!/bin/sh\nset -e\ngrep -q "task_for: $HARNESS_GARDEN_DOC" "$1"\nprintf '\\nAlpha now returns 42.\\n' >> "$HARNESS_GARDEN_DOC"\n"${process.execPath}" "${BIN}" docs verify "$HARNESS_GARDEN_DOC"\n`,
    });
    cleanup.push(() => rmSync(bin, { recursive: true, force: true }));

    const run = repo.cli(['docs', 'garden'], { PATH: `${bin}:${process.env.PATH ?? ''}`, HARNESS_GARDEN_AGENT: 'fix-docs' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`agent: \`fix-docs ${TASK}\` exited 0`);
    expect(run.stdout).toContain('pull request: https://github.example/pulls/7');
    expect(readFileSync(ghLog, 'utf8')).toContain(`pr create --base main --head ${BRANCH} --title docs: garden:`);
    expect(spawnSync('git', ['ls-remote', origin, BRANCH], { encoding: 'utf8' }).stdout).toContain(`refs/heads/${BRANCH}`);

    expect(repo.git('log', '--format=%s', `main..${BRANCH}`).trim().split('\n')[0]).toBe(`docs: agent work on ${TASK}`);
    expect(showOnBranch(repo, 'docs/design-docs/alpha.md')).toContain('Alpha now returns 42.');
    expect(lintBranch(repo, BRANCH)).toEqual([]);
    expect(existsSync(join(repo.root, '.harness/garden/logs'))).toBe(true);
  });

  it('refuses to run on a worktree with uncommitted changes, naming them', () => {
    const repo = overgrownRepo();
    repo.write({ 'src/alpha/main.ts': 'dirty\n' });
    const run = repo.cli(['docs', 'garden']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('the worktree has uncommitted changes (src/alpha/main.ts)');
    expect(run.stderr).toContain('fix: commit or stash your changes');
    expect(repo.git('branch', '--list', 'docs-garden/*')).toBe('');
  });

  it('refuses to run with an untracked doc, which its branch from HEAD would not have', () => {
    const repo = overgrownRepo();
    repo.write({ 'docs/design-docs/draft.md': `---\ntitle: Draft\nstatus: draft\nowner: fixture\ncovers: []\nverified: ${TODAY}\n---\n\n# Draft\n` });
    // A preview still shows the row the draft would get.
    expect(repo.cli(['docs', 'garden', '--dry-run']).stdout).toContain('index         docs/design-docs/index.md');
    const run = repo.cli(['docs', 'garden']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('the worktree has untracked files (docs/design-docs/draft.md)');
    expect(run.stderr).toContain('git stash -u');
    expect(repo.git('branch', '--list', 'docs-garden/*')).toBe('');
  });

  it('does not reuse a branch name that exists only on the remote', () => {
    const repo = overgrownRepo();
    repo.git('update-ref', `refs/remotes/origin/${BRANCH}`, 'HEAD');
    const run = repo.cli(['docs', 'garden', '--dry-run'], { PATH: `${noGh()}:${process.env.PATH ?? ''}` });
    expect(run.stdout).toContain(`branch: ${BRANCH}-2 (from main) would be created`);
  });

  it("updates its own open pull request (rebuilding that branch from HEAD) instead of opening another", () => {
    const repo = overgrownRepo();
    const { origin, ghLog, bin } = githubWithOpenGardenPr(repo, 'docs: garden: update indexes');
    const run = repo.cli(['docs', 'garden'], { PATH: `${bin}:${process.env.PATH ?? ''}` });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`branch: ${OLD_BRANCH} (from main)`);
    expect(run.stdout).toContain('pull request updated: https://github.example/pulls/3');
    const calls = readFileSync(ghLog, 'utf8');
    expect(calls).toContain('pr edit 3 --title docs: garden:');
    expect(calls).not.toContain('pr create');
    // The branch on origin is the new garden commit straight on main; no second branch was pushed.
    const log = spawnSync('git', ['log', '--format=%s', '-2', OLD_BRANCH], { cwd: origin, encoding: 'utf8' }).stdout.trim().split('\n');
    expect(log[0]).toMatch(/^docs: garden: regenerate 1 generated doc/);
    expect(log[1]).toBe('alpha returns 42; move beta');
    expect(spawnSync('git', ['ls-remote', origin, BRANCH], { encoding: 'utf8' }).stdout).toBe('');
  });

  it('leaves its open pull request alone when someone pushed their own commit to it, and opens a new one', () => {
    const repo = overgrownRepo();
    const { origin, ghLog, bin } = githubWithOpenGardenPr(repo, 'reword the beta doc by hand');
    const run = repo.cli(['docs', 'garden'], { PATH: `${bin}:${process.env.PATH ?? ''}` });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`branch: ${BRANCH} (from main)`);
    expect(readFileSync(ghLog, 'utf8')).toContain(`pr create --base main --head ${BRANCH}`);
    expect(spawnSync('git', ['log', '--format=%s', '-1', OLD_BRANCH], { cwd: origin, encoding: 'utf8' }).stdout.trim()).toBe('reword the beta doc by hand');
  });
});

const OLD_BRANCH = 'docs-garden/2026-01-05';

/** A gh that is not logged in. */
function noGh(): string {
  const dir = scriptDir({ gh: '#!/bin/sh\nexit 1\n' });
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * An origin (bare repository) whose branch OLD_BRANCH holds one commit with `subject` on
 * top of main, and a gh that reports it as the open pull request #3 and logs its calls.
 */
function githubWithOpenGardenPr(repo: FixtureRepo, subject: string): { origin: string; ghLog: string; bin: string } {
  const origin = mkdtempSync(join(tmpdir(), 'docs-origin-'));
  cleanup.push(() => rmSync(origin, { recursive: true, force: true }));
  spawnSync('git', ['init', '-q', '--bare', origin]);
  repo.git('remote', 'add', 'origin', origin);
  repo.git('push', '-q', 'origin', 'main');
  repo.git('checkout', '-q', '-b', OLD_BRANCH);
  repo.write({ 'docs/design-docs/beta.md': `${repo.read('docs/design-docs/beta.md')}\nMore.\n` });
  repo.commit(subject);
  repo.git('push', '-q', 'origin', OLD_BRANCH);
  repo.git('checkout', '-q', 'main');
  repo.git('branch', '-q', '-D', OLD_BRANCH);
  repo.git('update-ref', '-d', `refs/remotes/origin/${OLD_BRANCH}`); // the job must fetch it itself
  const ghLog = join(origin, 'gh.log');
  const list = JSON.stringify([
    { number: 4, headRefName: 'feature/x', url: 'https://github.example/pulls/4' },
    { number: 3, headRefName: OLD_BRANCH, url: 'https://github.example/pulls/3' },
  ]);
  const bin = scriptDir({
    gh: `#!/bin/sh\necho "$@" >> ${ghLog}\nif [ "$1 $2" = "pr list" ]; then echo '${list}'; elif [ "$1 $2" = "pr create" ]; then echo "https://github.example/pulls/5"; fi\nexit 0\n`,
  });
  cleanup.push(() => rmSync(bin, { recursive: true, force: true }));
  return { origin, ghLog, bin };
}
