import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvInfoSchema, type EnvInfo } from '../types/env-info.js';
import { envPaths } from '../types/paths.js';

/**
 * The files in `<worktree>/.harness/`: the folder itself (0700, git-ignored by its own
 * `.gitignore`), `env.json`, `env`, logs and data. Writes are atomic (temp + rename),
 * so a reader never sees half a file.
 */

export function ensureStateDir(worktree: string): void {
  const paths = envPaths(worktree);
  mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  if (!existsSync(paths.gitignore)) writeFileSync(paths.gitignore, '# state of the harness env of this worktree; never committed\n*\n', { mode: 0o600 });
  mkdirSync(paths.logs, { recursive: true, mode: 0o700 });
}

/** Where the daemon leaves the Diagnostic of a failed startup. */
export function startupErrorFile(worktree: string): string {
  return join(envPaths(worktree).dir, 'startup-error.json');
}

export function writeFileAtomic(path: string, content: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, content, { mode: 0o600 });
  renameSync(temp, path);
}

export function writeEnvInfo(info: EnvInfo): void {
  writeFileAtomic(envPaths(info.worktree).envJson, `${JSON.stringify(info, null, 2)}\n`);
}

/** The env.json of a worktree, or null when there is none (or it is unreadable). */
export function readEnvInfo(worktree: string): EnvInfo | null {
  try {
    return EnvInfoSchema.parse(JSON.parse(readFileSync(envPaths(worktree).envJson, 'utf8')));
  } catch {
    return null;
  }
}

/** Removes what describes a running env (env.json, env, socket), and its data unless kept. */
export function removeEnvFiles(worktree: string, keepData: boolean): void {
  const paths = envPaths(worktree);
  for (const path of [paths.envJson, paths.envFile, paths.socket, paths.flushAck]) rmSync(path, { force: true });
  if (!keepData) rmSync(paths.data, { recursive: true, force: true });
}
