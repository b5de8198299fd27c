import { currentWorktree } from '../repo/git-info.js';
import { isAlive } from '../repo/processes.js';
import { readEnvInfo } from '../repo/state-files.js';
import type { EnvInfo } from '../types/env-info.js';

/**
 * Whether this worktree's env can answer right now, from `.harness/env.json` and the
 * daemon's pid alone: no socket round trip, so a caller can ask before every tool call
 * (the MCP server does) for well under a millisecond.
 */
export type EnvReadiness =
  | { state: 'ready'; id: string; worktree: string; env: EnvInfo }
  /** No env.json: never booted, or `harness down` ran. */
  | { state: 'down'; id: string; worktree: string }
  /** env.json says starting/failed/stopping, or its daemon died (`dead`). */
  | { state: 'starting' | 'failed' | 'stopping' | 'dead'; id: string; worktree: string; env: EnvInfo };

export function envReadiness(cwd: string): EnvReadiness {
  const { root: worktree, id } = currentWorktree(cwd);
  const env = readEnvInfo(worktree);
  if (!env) return { state: 'down', id, worktree };
  if (!isAlive(env.daemon)) return { state: 'dead', id, worktree, env };
  if (env.phase !== 'ready') return { state: env.phase, id, worktree, env };
  return { state: 'ready', id, worktree, env };
}
