import { homedir } from 'node:os';
import { join } from 'node:path';
import { HarnessError } from '../../../utils/diagnostic.js';

/**
 * Machine-wide settings of the env domain, from the environment: where the lease
 * registry lives, which ports may be leased, and the deadlines of `up`.
 */

/** `${XDG_STATE_HOME:-~/.local/state}/agent-harness`: the lease registry's home. */
export function registryDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME && env.XDG_STATE_HOME.startsWith('/') ? env.XDG_STATE_HOME : join(homedir(), '.local', 'state');
  return join(base, 'agent-harness');
}

export interface PortRange {
  first: number;
  last: number;
}

/** Far from the usual dev ports (3000, 5173, 8080, 9428…) and below the kernel's ephemeral range. */
export const DEFAULT_PORT_RANGE: PortRange = { first: 20_000, last: 29_999 };

/** HARNESS_PORT_RANGE=first-last narrows the ports leases come from. */
export function portRange(env: NodeJS.ProcessEnv = process.env): PortRange {
  const text = env.HARNESS_PORT_RANGE;
  if (!text) return DEFAULT_PORT_RANGE;
  const match = /^(\d+)-(\d+)$/.exec(text.trim());
  const first = match ? Number(match[1]) : NaN;
  const last = match ? Number(match[2]) : NaN;
  if (!match || first < 1024 || last > 65_535 || first > last) {
    throw new HarnessError({
      what: `HARNESS_PORT_RANGE="${text}" is not a port range`,
      why: 'the harness leases every env port from this range',
      fix: 'set HARNESS_PORT_RANGE=first-last with 1024 <= first <= last <= 65535 (e.g. 20000-29999), or unset it',
    });
  }
  return { first, last };
}

/** How long the stores get to answer /health after they start. */
export const STORE_HEALTH_TIMEOUT_MS = 20_000;
/** How long a store gets to exit after SIGTERM (with --keep-data) before SIGKILL. */
export const STORE_STOP_TIMEOUT_MS = 5_000;
/** How often health is polled while starting: tight, because `up` latency is a goal. */
export const HEALTH_POLL_MS = 10;
/** How long `down` waits for the daemon to stop the env before it kills the daemon and reaps the env. */
export const DOWN_TIMEOUT_MS = 60_000;
/** How long `up`, `down` and `restart` wait for another one in the same worktree. */
export const WORKTREE_LOCK_TIMEOUT_MS = 120_000;
/** A store that crashes is restarted at most this many times before it is reported. */
export const STORE_MAX_RESTARTS = 3;
/** Lines of a part's log shown when it fails. */
export const LOG_TAIL_LINES = 20;
