import { DaemonConnection } from '../../../providers/daemon-rpc.js';
import { LeaseRegistry } from '../repo/lease-registry.js';
import { findAllMarkedProcesses, terminate } from '../repo/processes.js';
import { EnvStatusSchema, type EnvRecord, type EnvStatus } from '../types/env-info.js';
import { envPaths } from '../types/paths.js';
import { reapEnv, reapReason, type ReapResult } from './reaper.js';

/** `harness ls` and `harness gc`: every env on this machine, from the lease registry (and, for gc, /proc). */

export interface ListedEnv {
  id: string;
  worktree: string;
  branch: string | null;
  ports: Record<string, number>;
  /** `healthy`, `unhealthy`, `starting`, or `dead` (needs `harness gc`). */
  state: 'healthy' | 'unhealthy' | 'starting' | 'dead';
  /** Why it is dead or unhealthy. */
  detail: string | null;
  uptimeMs: number | null;
  rssBytes: number | null;
  appUrl: string | null;
}

async function askStatus(record: EnvRecord): Promise<EnvStatus | string> {
  let connection: DaemonConnection;
  try {
    connection = await DaemonConnection.open(envPaths(record.worktree).socket);
  } catch {
    return 'its daemon does not answer on its socket';
  }
  try {
    return EnvStatusSchema.parse(await connection.call('env.status', {}, { timeoutMs: 3000 }));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    connection.close();
  }
}

export async function listEnvs(registry = new LeaseRegistry()): Promise<ListedEnv[]> {
  return Promise.all(
    registry.list().map(async (record): Promise<ListedEnv> => {
      const base = { id: record.id, worktree: record.worktree, branch: record.branch, ports: record.ports };
      const dead = reapReason(record);
      if (dead) return { ...base, state: 'dead', detail: `${dead}; run \`harness gc\``, uptimeMs: null, rssBytes: null, appUrl: null };
      const status = await askStatus(record);
      if (typeof status === 'string') {
        const starting = status.includes('is starting');
        return { ...base, state: starting ? 'starting' : 'unhealthy', detail: status, uptimeMs: null, rssBytes: null, appUrl: null };
      }
      const sick = status.parts.filter((p) => p.state !== 'healthy');
      return {
        ...base,
        ports: status.env.ports,
        state: status.env.phase === 'starting' ? 'starting' : status.healthy ? 'healthy' : 'unhealthy',
        detail: sick.length ? sick.map((p) => `${p.name} ${p.state}${p.detail ? ` (${p.detail})` : ''}`).join('; ') : null,
        uptimeMs: status.uptimeMs,
        rssBytes: status.rssBytes,
        appUrl: status.env.urls.app,
      };
    }),
  );
}

export interface GcResult {
  reaped: (ReapResult & { reason: string })[];
  kept: number;
}

/** Reaps every env whose worktree is gone or whose daemon died, then orphans no lease names. */
export async function gcEnvs(registry = new LeaseRegistry()): Promise<GcResult> {
  const reaped: GcResult['reaped'] = [];
  let kept = 0;
  for (const record of registry.list()) {
    const reason = reapReason(record);
    if (!reason) {
      kept++;
      continue;
    }
    reaped.push({ ...(await reapEnv({ id: record.id, worktree: record.worktree, keepData: false, registry })), reason });
  }
  reaped.push(...(await reapOrphans(registry)));
  return { reaped, kept };
}

/**
 * Processes marked with an env's id whose env has no live daemon and no lease (a lease
 * lost with its state dir, a daemon killed before it wrote one): found in /proc, killed
 * by pid and start time. An env whose daemon runs (even unleased, while it starts) is
 * left alone; one with a lease was handled above.
 */
async function reapOrphans(registry: LeaseRegistry): Promise<GcResult['reaped']> {
  const byEnv = new Map<string, ReturnType<typeof findAllMarkedProcesses>>();
  for (const found of findAllMarkedProcesses()) byEnv.set(found.envId, [...(byEnv.get(found.envId) ?? []), found]);
  const reaped: GcResult['reaped'] = [];
  for (const [id, processes] of byEnv) {
    if (processes.some((p) => p.isDaemon) || registry.get(id)) continue;
    await terminate(processes.map((p) => p.record), 0);
    reaped.push({ id, worktree: '(unknown: no lease names it)', killed: processes.length, releasedPorts: [], removedData: false, reason: 'its processes outlived their daemon' });
  }
  return reaped;
}
