import { existsSync } from 'node:fs';
import { worktreeExists } from '../repo/git-info.js';
import { LeaseRegistry } from '../repo/lease-registry.js';
import { findMarkedProcesses, isAlive, terminate } from '../repo/processes.js';
import { readEnvInfo, removeEnvFiles } from '../repo/state-files.js';
import type { EnvRecord, ProcessRecord } from '../types/env-info.js';

/**
 * Cleans up after an env whose daemon is gone (killed, crashed) or whose worktree was
 * deleted: its processes (from the recorded pids with start times, plus any process
 * still marked with the env's id), its leases, and its files and data.
 */

export interface ReapResult {
  id: string;
  worktree: string;
  killed: number;
  releasedPorts: number[];
  removedData: boolean;
}

/** Every process known to belong to the env, deduplicated by pid. */
function envProcesses(id: string, worktree: string, record: EnvRecord | null): ProcessRecord[] {
  const info = existsSync(worktree) ? readEnvInfo(worktree) : null;
  const all = [...(record?.processes ?? []), ...(record?.daemon ? [record.daemon] : []), ...(info?.processes ?? []), ...(info ? [info.daemon] : []), ...findMarkedProcesses(id)];
  const byPid = new Map<number, ProcessRecord>();
  for (const p of all) if (p.pid !== process.pid && !byPid.has(p.pid)) byPid.set(p.pid, p);
  return [...byPid.values()].filter(isAlive);
}

export async function reapEnv(options: { id: string; worktree: string; keepData: boolean; registry?: LeaseRegistry }): Promise<ReapResult> {
  const registry = options.registry ?? new LeaseRegistry();
  const record = registry.get(options.id);
  const processes = envProcesses(options.id, options.worktree, record);
  // The daemon first, so it cannot restart a store while its children are killed.
  const daemons = processes.filter((p) => p.role === 'daemon');
  await terminate(daemons, 0);
  await terminate(processes.filter((p) => p.role !== 'daemon'), 0);
  // Grandchildren spawned in the meantime carry the marker too.
  await terminate(findMarkedProcesses(options.id), 0);
  const releasedPorts = Object.values(record?.ports ?? {});
  await registry.release(options.id);
  const worktreeExists = existsSync(options.worktree);
  if (worktreeExists) removeEnvFiles(options.worktree, options.keepData);
  return { id: options.id, worktree: options.worktree, killed: processes.length, releasedPorts, removedData: worktreeExists && !options.keepData };
}

/** Why an env should be reaped, or null when it is alive and its worktree exists. */
export function reapReason(record: EnvRecord): string | null {
  if (!worktreeExists(record.worktree)) return 'its worktree is gone';
  if (!record.daemon || !isAlive(record.daemon)) return 'its daemon is not running';
  return null;
}
