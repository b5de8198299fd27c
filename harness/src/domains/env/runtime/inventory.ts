import { DaemonConnection } from '../../../providers/daemon-rpc.js';
import { LeaseRegistry } from '../repo/lease-registry.js';
import { EnvStatusSchema, type EnvRecord, type EnvStatus } from '../types/env-info.js';
import { envPaths } from '../types/paths.js';
import { reapEnv, reapReason, type ReapResult } from './reaper.js';

/** `harness ls` and `harness gc`: every env on this machine, from the lease registry. */

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

/** Reaps every env whose worktree is gone or whose daemon died. */
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
  return { reaped, kept };
}
