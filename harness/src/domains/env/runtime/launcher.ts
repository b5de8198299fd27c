import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DaemonConnection, DaemonTimeoutError, DaemonUnavailableError, type Progress } from '../../../providers/daemon-rpc.js';
import { loadProjectConfig } from '../../../providers/project-config.js';
import { HarnessError } from '../../../utils/diagnostic.js';
import { parseAppConfig } from '../config/app-config.js';
import { parseStackConfig } from '../config/stack-config.js';
import { DOWN_TIMEOUT_MS, WORKTREE_LOCK_TIMEOUT_MS } from '../config/settings.js';
import { withLock, type LockOptions } from '../../../providers/processes.js';
import { currentWorktree, type Worktree } from '../repo/git-info.js';
import { LeaseRegistry } from '../repo/lease-registry.js';
import { tailLines } from '../repo/log-files.js';
import { findMarkedProcesses, isAlive, recordOf, waitForExit } from '../repo/processes.js';
import { ensureStateDir, readEnvInfo, startupErrorFile } from '../repo/state-files.js';
import { EnvInfoSchema, EnvStatusSchema, type EnvInfo, type EnvStatus } from '../types/env-info.js';
import { ENV_MARKER_VAR, envPaths } from '../types/paths.js';
import { reapEnv, type ReapResult } from './reaper.js';

/**
 * The CLI side of the env commands: find the worktree, take its lock, and either talk
 * to its daemon or start one. Everything long-running happens in the daemon, so the
 * CLI can be killed at any moment without orphaning anything.
 */

const UpAnswerSchema = z.object({ env: EnvInfoSchema, alreadyRunning: z.boolean(), problems: z.array(z.string()).default([]) });
const DownAnswerSchema = z.object({ id: z.string(), daemonPid: z.number(), stopped: z.array(z.string()), releasedPorts: z.array(z.number()), keepData: z.boolean() });

async function tryOpen(socket: string): Promise<DaemonConnection | null> {
  if (!existsSync(socket)) return null;
  try {
    return await DaemonConnection.open(socket);
  } catch (error) {
    if (error instanceof DaemonUnavailableError) return null;
    throw error;
  }
}

function lockOptions(worktree: Worktree): LockOptions {
  return {
    timeoutMs: WORKTREE_LOCK_TIMEOUT_MS,
    what: `the env lock of ${worktree.root}`,
    why: 'another harness command is changing this env; commands that change it run one at a time',
  };
}

/** Starts the daemon and connects to it; if it dies first, throws what it left behind. */
async function startDaemon(worktree: Worktree): Promise<DaemonConnection> {
  const paths = envPaths(worktree.root);
  const entry = fileURLToPath(new URL('../../../shell/daemon.js', import.meta.url));
  const logFile = join(paths.logs, 'daemon.log');
  const fd = openSync(logFile, 'a', 0o600);
  const child = spawn(process.execPath, [entry, worktree.root], {
    cwd: worktree.root,
    detached: true,
    stdio: ['ignore', fd, fd],
    env: { ...process.env, [ENV_MARKER_VAR]: worktree.id },
  });
  closeSync(fd);
  let exited: string | null = null;
  child.once('exit', (code, signal) => (exited = signal ? `killed by ${signal}` : `exit code ${code}`));
  child.once('error', (error) => (exited = error.message));
  child.unref();
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const connection = await tryOpen(paths.socket);
    if (connection) return connection;
    if (exited !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const saved = readStartupError(worktree.root);
  if (saved) throw new HarnessError(saved);
  throw new HarnessError({
    what: `the env daemon ${exited ? `stopped (${exited})` : 'did not open its socket within 15 s'}`,
    why: `harness up runs the env under a daemon. Last lines of ${logFile}:\n${tailLines(logFile, 15)}`,
    fix: 'fix what the log says, then rerun `harness up`',
    where: logFile,
  });
}

function readStartupError(worktree: string): { what: string; why: string; fix: string } | null {
  try {
    return z.object({ what: z.string(), why: z.string(), fix: z.string() }).parse(JSON.parse(readFileSync(startupErrorFile(worktree), 'utf8')));
  } catch {
    return null;
  }
}

export interface UpResult {
  env: EnvInfo;
  alreadyRunning: boolean;
  /** Parts of a running env that died meanwhile (a second `up` does not restart them). */
  problems: string[];
  tookMs: number;
  /** What was left by a previous env whose daemon died, and was cleaned first. */
  reaped: ReapResult | null;
}

export async function envUp(options: { cwd?: string; onProgress?: (event: Progress) => void } = {}): Promise<UpResult> {
  const started = Date.now();
  const worktree = currentWorktree(options.cwd);
  const config = await loadProjectConfig(worktree.root);
  parseAppConfig(config.sections.app, config.path);
  parseStackConfig(config.sections.stack, config.path, worktree.root);
  ensureStateDir(worktree.root);
  const paths = envPaths(worktree.root);
  return withLock(paths.lock, lockOptions(worktree), async () => {
    let connection = await tryOpen(paths.socket);
    let reaped: ReapResult | null = null;
    if (!connection) {
      const registry = new LeaseRegistry();
      if (registry.get(worktree.id) || readEnvInfo(worktree.root) || findMarkedProcesses(worktree.id).length > 0) {
        options.onProgress?.({ message: 'cleaning up the previous env of this worktree (its daemon is not running)' });
        reaped = await reapEnv({ id: worktree.id, worktree: worktree.root, keepData: false, registry });
      }
      connection = await startDaemon(worktree);
    }
    try {
      const answer = UpAnswerSchema.parse(await connection.call('env.up', {}, { timeoutMs: 15 * 60_000, ...(options.onProgress ? { onProgress: options.onProgress } : {}) }));
      return { ...answer, tookMs: Date.now() - started, reaped };
    } catch (error) {
      // A failed startup: the daemon cleans up and exits; return once it is gone.
      const info = readEnvInfo(worktree.root);
      if (info) await waitForExit([info.daemon], 5000);
      await waitForExit(findMarkedProcesses(worktree.id), 5000);
      throw error;
    } finally {
      connection.close();
    }
  });
}

export interface DownResult {
  id: string;
  worktree: string;
  /** False when no daemon was running (a dead env was cleaned, or there was nothing). */
  wasRunning: boolean;
  /** Why the daemon was killed instead of asked (`--force`, or it did not answer in time); null when it stopped the env itself. */
  forced: string | null;
  stopped: string[];
  releasedPorts: number[];
  keepData: boolean;
  tookMs: number;
}

export async function envDown(options: { cwd?: string; keepData: boolean; force?: boolean }): Promise<DownResult> {
  const started = Date.now();
  const worktree = currentWorktree(options.cwd);
  const paths = envPaths(worktree.root);
  const result = (fields: Pick<DownResult, 'wasRunning' | 'forced' | 'stopped' | 'releasedPorts'> & { id?: string }): DownResult => ({ id: worktree.id, worktree: worktree.root, keepData: options.keepData, tookMs: Date.now() - started, ...fields });
  if (!existsSync(paths.dir)) return result({ wasRunning: false, forced: null, stopped: [], releasedPorts: [] });
  return withLock(paths.lock, lockOptions(worktree), async () => {
    const connection = options.force ? null : await tryOpen(paths.socket);
    let forced: string | null = options.force ? 'asked with --force' : null;
    if (connection) {
      try {
        const answer = DownAnswerSchema.parse(await connection.call('env.down', { keepData: options.keepData }, { timeoutMs: DOWN_TIMEOUT_MS }));
        await waitForExit([recordOf('daemon', answer.daemonPid)], 5000);
        return result({ id: answer.id, wasRunning: true, forced: null, stopped: answer.stopped, releasedPorts: answer.releasedPorts });
      } catch (error) {
        // A hung daemon (or one that died mid-down) cannot stop the env: kill it and
        // reap what it started, checked by pid and start time like any reap.
        if (!(error instanceof DaemonTimeoutError || error instanceof DaemonUnavailableError)) throw error;
        forced = error instanceof DaemonTimeoutError ? `the daemon did not answer within ${DOWN_TIMEOUT_MS / 1000} s` : 'the daemon closed the connection';
      } finally {
        connection.close();
      }
    }
    const registry = new LeaseRegistry();
    const daemon = readEnvInfo(worktree.root)?.daemon ?? registry.get(worktree.id)?.daemon ?? null;
    const wasRunning = daemon !== null && isAlive(daemon);
    const reaped = await reapEnv({ id: worktree.id, worktree: worktree.root, keepData: options.keepData, registry });
    return result({ wasRunning, forced: wasRunning ? forced : null, stopped: wasRunning ? ['the daemon and its processes (killed)'] : [], releasedPorts: reaped.releasedPorts });
  });
}

/** The env's status, or null when none runs in this worktree. */
export async function envStatus(options: { cwd?: string } = {}): Promise<{ worktree: Worktree; status: EnvStatus | null; stale: boolean }> {
  const worktree = currentWorktree(options.cwd);
  const connection = await tryOpen(envPaths(worktree.root).socket);
  if (!connection) {
    const stale = new LeaseRegistry().get(worktree.id) !== null || readEnvInfo(worktree.root) !== null;
    return { worktree, status: null, stale };
  }
  try {
    return { worktree, status: EnvStatusSchema.parse(await connection.call('env.status', {}, { timeoutMs: 10_000 })), stale: false };
  } finally {
    connection.close();
  }
}

export async function envRestart(options: { cwd?: string; part: 'app'; onProgress?: (event: Progress) => void }): Promise<{ id: string; part: string; tookMs: number; pid: number | null }> {
  const worktree = currentWorktree(options.cwd);
  const paths = envPaths(worktree.root);
  return withLock(paths.lock, lockOptions(worktree), async () => {
    const connection = await DaemonConnection.open(paths.socket, worktree.root);
    try {
      const answer = await connection.call('env.restart', { part: options.part }, { timeoutMs: 10 * 60_000, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
      return z.object({ id: z.string(), part: z.string(), tookMs: z.number(), pid: z.number().nullable() }).parse(answer);
    } finally {
      connection.close();
    }
  });
}
