import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';

/** Every file the harness keeps in a worktree, under `<worktree>/.harness/` (mode 0700, git-ignored). */
export interface EnvPaths {
  dir: string;
  /** The daemon's unix socket (mode 0600): how the CLI and the MCP server reach the env. */
  socket: string;
  /** Shell-sourceable URLs (`. .harness/env`). */
  envFile: string;
  /** The env's full description (EnvInfo). */
  envJson: string;
  /** Serializes `up`, `down` and `restart` in this worktree. */
  lock: string;
  logs: string;
  data: string;
  gitignore: string;
  /** Rewritten by the app's OTel bootstrap after each SIGUSR2 flush (the readiness barrier). */
  flushAck: string;
}

export function envPaths(worktree: string): EnvPaths {
  const dir = join(worktree, '.harness');
  return {
    dir,
    socket: join(dir, 'daemon.sock'),
    envFile: join(dir, 'env'),
    envJson: join(dir, 'env.json'),
    lock: join(dir, 'lock'),
    logs: join(dir, 'logs'),
    data: join(dir, 'data'),
    gitignore: join(dir, '.gitignore'),
    flushAck: join(dir, 'otel-flush-ack'),
  };
}

/**
 * The env's id: the worktree folder's name (for people) plus 8 hex digits of its real
 * path (for uniqueness), e.g. `env-3f9a2c1d`. Stable across `up`s of one worktree.
 */
export function envIdFor(worktreeRealPath: string): string {
  const slug =
    basename(worktreeRealPath)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 32) || 'root';
  const hash = createHash('sha256').update(worktreeRealPath).digest('hex').slice(0, 8);
  return `${slug}-${hash}`;
}

/** The environment variable every process of an env carries, so reaping finds even grandchildren. */
export const ENV_MARKER_VAR = 'AGENT_HARNESS_ENV';
