import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { HarnessError } from '../../../utils/diagnostic.js';
import type { CoveredCommit } from '../types/violation.js';

/**
 * The git calls the docs lints and the garden job need. Read-only calls run with
 * GIT_OPTIONAL_LOCKS=0 so that even `git status` never rewrites the index: a dry run
 * must leave the repository byte-identical.
 */
const readEnv = { ...process.env, GIT_OPTIONAL_LOCKS: '0' };

export interface GitRun {
  ok: boolean;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs git and returns what happened, without throwing. */
export function tryGit(root: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): GitRun {
  const run = spawnSync('git', args, {
    cwd: root,
    env: options.env ?? readEnv,
    input: options.input,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error) {
    throw new HarnessError({
      what: `git could not be started: ${run.error.message}`,
      why: 'the docs lints read file lists, history and renames from git',
      fix: 'install git (apt-get install git) and make sure it is on PATH',
    });
  }
  return { ok: run.status === 0, status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Runs git and returns stdout; a failure becomes a diagnostic naming the command. */
export function git(root: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const run = tryGit(root, args, options);
  if (!run.ok) {
    throw new HarnessError({
      what: `git ${args.join(' ')} failed in ${root}: ${run.stderr.trim().split('\n')[0] ?? `exit ${run.status}`}`,
      why: 'the docs lints and the garden job need this git call to answer',
      fix: `run \`git ${args.join(' ')}\` in ${root} to see the full error, fix it, then rerun`,
    });
  }
  return run.stdout;
}

function splitZ(out: string): string[] {
  return out.split('\0').filter((s) => s.length > 0);
}

/** Files in the worktree that git knows or would add: tracked and untracked-not-ignored, minus deleted. */
export function listFiles(root: string): string[] {
  const all = splitZ(git(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']));
  const deleted = new Set(splitZ(git(root, ['ls-files', '-z', '--deleted'])));
  const files = deleted.size === 0 ? all : all.filter((f) => !deleted.has(f));
  return [...new Set(files)].sort();
}

/** The commit HEAD points to, or null in a repository without commits. */
export function headCommit(root: string): string | null {
  const run = tryGit(root, ['rev-parse', '--verify', '-q', 'HEAD^{commit}']);
  return run.ok ? run.stdout.trim() : null;
}

export function commitExists(root: string, sha: string): boolean {
  return tryGit(root, ['cat-file', '-e', `${sha}^{commit}`]).ok;
}

/** The current branch name, or null on a detached HEAD. */
export function currentBranch(root: string): string | null {
  const run = tryGit(root, ['symbolic-ref', '--short', '-q', 'HEAD']);
  return run.ok ? run.stdout.trim() : null;
}

/** True when the branch exists here or on a remote (as a remote-tracking ref, e.g. origin/<name>). */
export function branchExists(root: string, name: string): boolean {
  if (tryGit(root, ['show-ref', '--verify', '-q', `refs/heads/${name}`]).ok) return true;
  const remotes = tryGit(root, ['for-each-ref', '--format=%(refname)', 'refs/remotes']);
  return remotes.stdout.split('\n').some((ref) => ref.startsWith('refs/remotes/') && ref.slice('refs/remotes/'.length).replace(/^[^/]+\//, '') === name);
}

/** The commit a ref points to, or null when it does not exist. */
export function refCommit(root: string, ref: string): string | null {
  const run = tryGit(root, ['rev-parse', '--verify', '-q', `${ref}^{commit}`]);
  return run.ok ? run.stdout.trim() : null;
}

/** Subjects of the commits in `range` (e.g. `HEAD..origin/x`), newest first. */
export function commitSubjects(root: string, range: string): string[] {
  return git(root, ['log', '--format=%s', range]).split('\n').filter((l) => l.length > 0);
}

/** Changes in the worktree or index, ignoring untracked files. */
export function dirtyFiles(root: string): string[] {
  return git(root, ['status', '--porcelain=v1', '--untracked-files=no'])
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.slice(3));
}

/**
 * Where the repository's files can be browsed, for links in reports: the GitHub page of
 * `origin` at HEAD when origin is on GitHub, else the worktree as a file: URI. Ends in `/`.
 */
export function browseBaseUri(root: string): string {
  const origin = tryGit(root, ['remote', 'get-url', 'origin']);
  const m = origin.ok ? /github\.com[:/]([^/\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(origin.stdout.trim()) : null;
  if (m) return `https://github.com/${m[1]}/${m[2]}/blob/HEAD/`;
  return pathToFileURL(`${root}/`).href;
}

/** Untracked files git would add (not ignored): the lints read them, a branch from HEAD lacks them. */
export function untrackedFiles(root: string): string[] {
  return splitZ(git(root, ['ls-files', '-z', '--others', '--exclude-standard'])).sort();
}

/** Git pathspecs for covers globs. */
export function coversPathspecs(covers: readonly string[]): string[] {
  return covers.map((c) => `:(glob)${c}`);
}

const LOG_FORMAT = '%H%x1f%ad%x1f%s';

function parseLog(out: string): CoveredCommit[] {
  return out
    .split('\n')
    .filter((l) => l.includes('\x1f'))
    .map((l) => {
      const [sha = '', date = '', subject = ''] = l.split('\x1f');
      return { sha, date, subject };
    });
}

/** Commits after `since` (a commit) up to HEAD that touched the pathspecs, newest first. */
export function commitsSinceCommit(root: string, since: string, pathspecs: string[]): CoveredCommit[] {
  return parseLog(git(root, ['log', `--format=${LOG_FORMAT}`, '--date=short', `${since}..HEAD`, '--', ...pathspecs]));
}

/** Commits made after the end of the day `date` (UTC) that touched the pathspecs. */
export function commitsAfterDay(root: string, date: string, pathspecs: string[]): CoveredCommit[] {
  if (headCommit(root) === null) return [];
  return parseLog(git(root, ['log', `--format=${LOG_FORMAT}`, '--date=short', `--since=${date}T23:59:59Z`, 'HEAD', '--', ...pathspecs]));
}

/** Files changed between a commit and the worktree under the pathspecs, with git's status letter. */
export function filesChangedSinceCommit(root: string, since: string, pathspecs: string[]): { path: string; status: string }[] {
  return parseNameStatus(git(root, ['diff', '--name-status', '-M', since, '--', ...pathspecs]));
}

/** Files touched by the given commits under the pathspecs (the newest status per file). */
export function filesOfCommits(root: string, commits: CoveredCommit[], pathspecs: string[]): { path: string; status: string }[] {
  if (commits.length === 0) return [];
  const out = git(root, ['show', '-M', '--name-status', '--format=', ...commits.map((c) => c.sha), '--', ...pathspecs]);
  const seen = new Map<string, string>();
  for (const f of parseNameStatus(out)) if (!seen.has(f.path)) seen.set(f.path, f.status);
  return [...seen].map(([path, status]) => ({ path, status }));
}

function parseNameStatus(out: string): { path: string; status: string }[] {
  return out
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      const parts = l.split('\t');
      return { status: (parts[0] ?? '?').charAt(0), path: parts[parts.length - 1] ?? '' };
    });
}

/** Every rename in history (and staged), old path → new path, newest rename first wins. */
export function renameHistory(root: string): Map<string, string> {
  const renames = new Map<string, string>();
  const add = (out: string): void => {
    for (const line of out.split('\n')) {
      const [status, from, to] = line.split('\t');
      if (status?.startsWith('R') && from && to && !renames.has(from)) renames.set(from, to);
    }
  };
  if (headCommit(root) !== null) {
    add(git(root, ['diff', '--cached', '-M', '--name-status', '--diff-filter=R', 'HEAD']));
    add(git(root, ['log', '-M', '--diff-filter=R', '--name-status', '--format=', 'HEAD']));
  }
  return renames;
}
