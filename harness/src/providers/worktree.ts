import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { HarnessError } from '../utils/diagnostic.js';

/**
 * The root of the git worktree that contains `cwd`: the nearest folder with a `.git`
 * entry (a directory in the main checkout, a file in a linked worktree). Found by walking
 * up instead of spawning git, because every CLI call needs it.
 */
export function findWorktreeRoot(cwd: string = process.cwd()): string {
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new HarnessError({
        what: `${resolve(cwd)} is not inside a git worktree`,
        why: 'the harness keeps one environment per git worktree and needs its root to place state and find harness.config.ts',
        fix: 'cd into your repository (or run `git init` first) and rerun the command',
      });
    }
    dir = parent;
  }
}

/** True when `path` exists and is a directory. */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
