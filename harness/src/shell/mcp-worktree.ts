import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findWorktreeRoot } from '../providers/worktree.js';
import { HarnessError } from '../utils/diagnostic.js';

/**
 * Which git worktree `harness mcp` serves. Clients start servers in different places:
 * Claude Code in the directory it was launched from (and says the project in
 * CLAUDE_PROJECT_DIR), Cursor and Codex in the project or wherever the config's `cwd`
 * says, desktop apps in $HOME. So, in order: `--worktree`, CLAUDE_PROJECT_DIR, the
 * current directory, then the client's first root (MCP roots) inside a git worktree.
 */

function worktreeOf(dir: string): string | null {
  try {
    return realpathSync(findWorktreeRoot(dir));
  } catch {
    return null;
  }
}

/** The worktree known at start-up, or null when only the client's roots can tell. Throws on a bad --worktree. */
export function startupWorktree(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string | null {
  if (explicit !== undefined) {
    const root = worktreeOf(explicit);
    if (!root) {
      throw new HarnessError({
        what: `--worktree ${explicit} is not inside a git worktree`,
        why: 'harness mcp serves the env of one git worktree',
        fix: 'pass the path of your repository (or one of its worktrees), or leave --worktree out to use the current directory',
      });
    }
    return root;
  }
  for (const candidate of [env.CLAUDE_PROJECT_DIR, cwd]) {
    const root = candidate ? worktreeOf(candidate) : null;
    if (root) return root;
  }
  return null;
}

/** The first `file://` root (from the client's roots/list answer) inside a git worktree. */
export function worktreeFromRoots(roots: readonly { uri: string }[]): string | null {
  for (const root of roots) {
    if (!root.uri.startsWith('file://')) continue;
    const found = worktreeOf(fileURLToPath(root.uri));
    if (found) return found;
  }
  return null;
}

export function noWorktreeError(cwd: string): HarnessError {
  return new HarnessError({
    what: `harness mcp runs in ${cwd}, which is not inside a git worktree, and the client named no root inside one`,
    why: 'every tool serves the env of one git worktree: its app, stores and browser',
    fix: 'add `--worktree /path/to/your/repo` to the server\'s args in the client\'s MCP config (or set its cwd to the repository), then restart the server',
  });
}
