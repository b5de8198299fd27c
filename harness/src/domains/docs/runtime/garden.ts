import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HarnessError } from '../../../utils/diagnostic.js';
import { writeRepoFile, writeStateFile } from '../repo/files.js';
import { branchExists, commitSubjects, currentBranch, dirtyFiles, git, headCommit, refCommit, tryGit, untrackedFiles } from '../repo/git.js';
import { githubCliReady, openPullRequest, openPullRequestsFrom, updatePullRequest, type OpenPullRequest } from '../repo/github.js';
import type { GardenResult } from '../types/garden.js';
import { planGarden } from '../service/garden-plan.js';
import { analyzeDocs, type DocsLintOptions } from '../service/lint.js';

/** The env var that names the agent command run on each task (`$HARNESS_GARDEN_AGENT <task file>`). */
export const AGENT_ENV = 'HARNESS_GARDEN_AGENT';

export interface GardenOptions extends DocsLintOptions {
  dryRun: boolean;
  now?: Date;
  /** The agent command; the env var's value when omitted. */
  agentCommand?: string | null;
  /** A vitest JSON report to read for the quality score. */
  testReport?: string;
  /** Minutes an agent may run on one task. */
  agentTimeoutMinutes?: number;
}

/** The identity used for garden commits when git has none configured (CI runners). */
function commitEnv(root: string): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (!tryGit(root, ['config', 'user.email']).ok) {
    env.GIT_AUTHOR_NAME ??= 'harness docs garden';
    env.GIT_AUTHOR_EMAIL ??= 'docs-garden@harness.invalid';
    env.GIT_COMMITTER_NAME ??= env.GIT_AUTHOR_NAME;
    env.GIT_COMMITTER_EMAIL ??= env.GIT_AUTHOR_EMAIL;
  }
  return env;
}

/**
 * The doc-gardening job: checks the docs, then regenerates generated docs, repairs
 * links to moved files, updates indexes and QUALITY_SCORE.md, and writes a task per
 * stale doc, all committed on a new branch in a temporary worktree, so the caller's
 * checkout is never touched. An agent (if configured) then works each task on that
 * branch. The branch becomes a pull request where gh is set up, else a patch file.
 */
export async function runGarden(root: string, options: GardenOptions): Promise<GardenResult> {
  const now = options.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  const head = headCommit(root);
  const base = currentBranch(root) ?? head ?? 'HEAD';
  const analysis = await analyzeDocs(root, options);
  const gh = githubCliReady(root);
  const reuse = gh.ready && head !== null ? reusablePullRequest(root, head, options.dryRun) : null;
  const plan = planGarden(analysis, { today, base, branch: reuse?.pr.branch, branchTaken: (b) => branchExists(root, b), testReport: options.testReport });
  const agent = options.agentCommand === undefined ? process.env[AGENT_ENV] || null : options.agentCommand;
  const patchPath = join('.harness', 'garden', `${plan.branch.replace(/\//g, '-')}.patch`);
  const agentRuns = plan.tasks.map((t) => ({ task: t.path, command: agent ? `${agent} ${t.path}` : '', exitCode: null as number | null, log: null as string | null }));
  const nothingToDo = plan.changes.length === 0 && plan.tasks.every((t) => t.existing || !agent);

  if (options.dryRun || nothingToDo) {
    const delivery: GardenResult['delivery'] = nothingToDo
      ? { kind: 'none' }
      : reuse
        ? { kind: 'pull-request', url: `(dry run: would update ${reuse.pr.url})`, updated: true }
        : gh.ready
          ? { kind: 'pull-request', url: '(dry run: would open a pull request)' }
        : { kind: 'patch', path: patchPath, reason: gh.reason };
    return { dryRun: options.dryRun, plan, delivery, agentRuns: agent ? agentRuns : [] };
  }
  if (head === null) {
    throw new HarnessError({ what: 'the repository has no commit yet', why: 'the garden job commits its changes on a branch started from HEAD', fix: 'make a first commit, then rerun' });
  }
  const dirty = dirtyFiles(root);
  if (dirty.length > 0) {
    throw new HarnessError({
      what: `the worktree has uncommitted changes (${dirty.slice(0, 3).join(', ')}${dirty.length > 3 ? ', …' : ''})`,
      why: 'the garden job computes its changes from the files on disk and commits them on top of HEAD; uncommitted edits would leak into its branch',
      fix: 'commit or stash your changes, then rerun (or preview with --dry-run)',
    });
  }
  const untracked = untrackedFiles(root);
  if (untracked.length > 0) {
    throw new HarnessError({
      what: `the worktree has untracked files (${untracked.slice(0, 3).join(', ')}${untracked.length > 3 ? `, … ${untracked.length} in all` : ''})`,
      why: 'the garden job plans from every file git would add (a new doc gets an index row, a link to it counts as valid) but commits on a branch made from HEAD, where these files do not exist: its branch would link to missing files',
      fix: 'commit them, move them aside (git stash -u) or list them in .gitignore, then rerun (or preview with --dry-run)',
    });
  }

  const env = commitEnv(root);
  const dir = mkdtempSync(join(tmpdir(), 'harness-garden-'));
  // -B: a reused pull request's branch may exist here from an earlier run; it is rebuilt from HEAD.
  git(root, ['worktree', 'add', '-q', reuse ? '-B' : '-b', plan.branch, dir, head]);
  try {
    for (const change of plan.changes) {
      if (change.content === null) rmSync(join(dir, change.path), { force: true });
      else writeRepoFile(dir, change.path, change.content);
    }
    if (plan.changes.length > 0) {
      git(dir, ['add', '-A', '--', ...plan.changes.map((c) => c.path)]);
      git(dir, ['commit', '-q', '-F', '-'], { input: plan.commitMessage, env });
    }
    if (agent) runAgents(root, dir, agent, agentRuns, plan.tasks, env, options.agentTimeoutMinutes ?? 30);
    const delivery = deliver(root, dir, head, plan.branch, plan.base, plan.commitMessage, gh, patchPath, reuse);
    return { dryRun: false, plan, delivery, agentRuns: agent ? agentRuns : [] };
  } finally {
    tryGit(root, ['worktree', 'remove', '--force', dir]);
    rmSync(dir, { recursive: true, force: true });
    tryGit(root, ['worktree', 'prune']);
  }
}

/** Runs the agent on each task in the garden worktree and commits what it changed. */
function runAgents(
  root: string,
  dir: string,
  agent: string,
  runs: GardenResult['agentRuns'],
  tasks: { doc: string; path: string }[],
  env: NodeJS.ProcessEnv,
  timeoutMinutes: number,
): void {
  // The agent gets this checkout's tools: node_modules (and with it `npx harness`) from the caller's worktree.
  tryLink(join(root, 'node_modules'), join(dir, 'node_modules'));
  tasks.forEach((task, i) => {
    const run = runs[i];
    if (!run) return;
    const log = join(root, '.harness', 'garden', 'logs', `${task.path.replace(/[^A-Za-z0-9.-]+/g, '-')}.log`);
    writeStateFile(log, '');
    const fd = openSync(log, 'a');
    try {
      const result = spawnSync('sh', ['-c', `${agent} "$1"`, 'harness-garden-agent', task.path], {
        cwd: dir,
        stdio: ['ignore', fd, fd],
        timeout: timeoutMinutes * 60_000,
        env: { ...env, HARNESS_GARDEN_TASK: task.path, HARNESS_GARDEN_DOC: task.doc, PATH: `${join(root, 'node_modules', '.bin')}:${process.env.PATH ?? ''}` },
      });
      run.exitCode = result.status;
    } finally {
      closeSync(fd);
    }
    run.log = log;
    git(dir, ['add', '-A', '--', '.', ':!node_modules']);
    if (!tryGit(dir, ['diff', '--cached', '--quiet']).ok) {
      git(dir, ['commit', '-q', '-m', `docs: agent work on ${task.path}`, '-m', `Ran \`${agent}\` on the task for ${task.doc}.`], { env });
    }
  });
}

function tryLink(target: string, path: string): void {
  try {
    symlinkSync(target, path, 'dir');
  } catch {
    // No node_modules to share: the agent runs without the project's tools.
  }
}

function deliver(
  root: string,
  dir: string,
  head: string,
  branch: string,
  base: string,
  message: string,
  gh: { ready: boolean; reason: string },
  patchPath: string,
  reuse: ReusablePullRequest | null,
): GardenResult['delivery'] {
  let reason = gh.reason;
  if (gh.ready) {
    // A reused branch is replaced, but only if it still is what this job saw (the lease).
    const push = tryGit(dir, reuse ? ['push', '-u', `--force-with-lease=${branch}:${reuse.tip}`, 'origin', branch] : ['push', '-u', 'origin', branch]);
    if (push.ok) {
      const [title = branch, ...rest] = message.split('\n');
      const body = rest.join('\n').trim();
      if (reuse) {
        const edit = updatePullRequest(dir, reuse.pr.number, { title, body });
        if (edit.ok) return { kind: 'pull-request', url: reuse.pr.url, updated: true };
        reason = `gh pr edit failed: ${edit.error}`;
      } else {
        const pr = openPullRequest(dir, { base, head: branch, title, body });
        if (pr.ok) return { kind: 'pull-request', url: pr.url };
        reason = `gh pr create failed: ${pr.error}`;
      }
    } else {
      reason = `git push failed: ${push.stderr.trim().split('\n')[0] ?? ''}`;
    }
  }
  writeStateFile(join(root, patchPath), git(root, ['format-patch', '--stdout', `${head}..${branch}`]));
  return { kind: 'patch', path: patchPath, reason };
}

/** Subjects of the commits this job makes: a branch holding only these may be rebuilt. */
const GARDEN_SUBJECTS = ['docs: garden:', 'docs: agent work on '];

interface ReusablePullRequest {
  pr: OpenPullRequest;
  /** The branch's commit on origin when checked: the push replaces it only if unchanged. */
  tip: string;
}

/**
 * The job's own open pull request, if any, to update instead of opening another one each
 * week. Reused only when its branch (fetched from origin) holds nothing but garden and
 * agent commits on top of HEAD: a branch someone pushed work to is left alone.
 */
function reusablePullRequest(root: string, head: string, dryRun: boolean): ReusablePullRequest | null {
  const [pr] = openPullRequestsFrom(root, 'docs-garden/');
  if (!pr) return null;
  if (!dryRun) tryGit(root, ['fetch', '-q', 'origin', `+refs/heads/${pr.branch}:refs/remotes/origin/${pr.branch}`]);
  const tip = refCommit(root, `refs/remotes/origin/${pr.branch}`);
  if (tip === null) return null;
  const foreign = commitSubjects(root, `${head}..${tip}`).filter((s) => !GARDEN_SUBJECTS.some((g) => s.startsWith(g)));
  return foreign.length === 0 ? { pr, tip } : null;
}
