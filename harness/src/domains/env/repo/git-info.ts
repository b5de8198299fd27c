import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { findWorktreeRoot } from '../../../providers/worktree.js';
import { envIdFor } from '../types/paths.js';

/** A worktree by its real path, and the id of its env. */
export interface Worktree {
  root: string;
  id: string;
}

/** The worktree that contains `cwd` (symlinks resolved, so one worktree has one env id). */
export function currentWorktree(cwd: string = process.cwd()): Worktree {
  const root = realpathSync(findWorktreeRoot(cwd));
  return { root, id: envIdFor(root) };
}

/**
 * The branch checked out in a worktree, read from its HEAD file without running git:
 * `.git` is a folder in a main checkout and a `gitdir: …` file in a linked worktree.
 * Null for a detached HEAD or anything unreadable.
 */
export function currentBranch(worktree: string): string | null {
  try {
    const dotGit = join(worktree, '.git');
    let gitDir = dotGit;
    if (statSync(dotGit).isFile()) {
      const pointer = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
      if (!pointer) return null;
      gitDir = isAbsolute(pointer) ? pointer : resolve(worktree, pointer);
    }
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    const ref = /^ref:\s*refs\/heads\/(.+)$/.exec(head)?.[1];
    return ref ?? null;
  } catch {
    return null;
  }
}

/**
 * True while `worktree` is still a git worktree (has its `.git` entry). Not just "the
 * folder exists": a store killed as its worktree is deleted may recreate
 * `.harness/data/...` under the deleted path, which must not keep the env alive.
 */
export function worktreeExists(worktree: string): boolean {
  return existsSync(join(worktree, '.git'));
}
