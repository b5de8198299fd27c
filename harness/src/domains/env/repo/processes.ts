import { readdirSync, readFileSync } from 'node:fs';
import type { ProcessRecord } from '../types/env-info.js';
import { ENV_MARKER_VAR } from '../types/paths.js';
import { isProcessAlive, processStartTime, readProcStat } from '../../../providers/processes.js';

/**
 * What the harness knows about processes, from /proc (Linux). A pid alone is not an
 * identity, pids get reused, so every record carries the kernel's start time too and
 * nothing is signalled unless both match.
 */

/** A record for a process this process just started (or itself). */
export function recordOf(role: string, pid: number, group = false): ProcessRecord {
  return { role, pid, startTime: processStartTime(pid), group };
}

/** True when the recorded process still runs: same pid, same start time, not a zombie. */
export function isAlive(record: ProcessRecord): boolean {
  return isProcessAlive(record);
}

/** Resident memory of `pid` in bytes (VmRSS), or null when it is gone. */
export function residentBytes(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Every live process that carries `AGENT_HARNESS_ENV=<envId>` in its environment:
 * the daemon, its children and whatever they spawned, even after the daemon died.
 * Never this process nor its ancestors (a command run from inside the app's shell).
 */
export function findMarkedProcesses(envId: string): ProcessRecord[] {
  return scanMarked(envId).map((p) => p.record);
}

/** A process marked with an env's id, as found in /proc. */
export interface MarkedProcess {
  envId: string;
  record: ProcessRecord;
  /** It runs the env daemon (`.../shell/daemon.js`): the env is alive, whatever its lease says. */
  isDaemon: boolean;
}

/** Every live marked process on this machine, of any env (for `harness gc`). */
export function findAllMarkedProcesses(): MarkedProcess[] {
  return scanMarked(null);
}

const MARKER = Buffer.from(`${ENV_MARKER_VAR}=`);
/** How the daemon's command line ends (launcher.ts starts `node <dist>/shell/daemon.js <worktree>`). */
const DAEMON_ENTRY = '/shell/daemon.js';

/** The value of the marker in a /proc/<pid>/environ buffer, or null. */
function markerOf(environ: Buffer): string | null {
  let at = environ.indexOf(MARKER);
  while (at > 0 && environ[at - 1] !== 0) at = environ.indexOf(MARKER, at + 1);
  if (at < 0) return null;
  const end = environ.indexOf(0, at);
  return environ.subarray(at + MARKER.length, end < 0 ? undefined : end).toString('utf8');
}

function runsDaemon(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').some((arg) => arg.endsWith(DAEMON_ENTRY));
  } catch {
    return false;
  }
}

function scanMarked(envId: string | null): MarkedProcess[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const spared = ancestors(process.pid);
  const found: MarkedProcess[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (spared.has(pid)) continue;
    let environ: Buffer;
    try {
      environ = readFileSync(`/proc/${pid}/environ`);
    } catch {
      continue;
    }
    const marker = markerOf(environ);
    if (marker === null || (envId !== null && marker !== envId)) continue;
    const stat = readProcStat(pid);
    if (!stat || stat.state === 'Z') continue;
    found.push({ envId: marker, record: { role: 'marked', pid, startTime: stat.startTime, group: false }, isDaemon: envId === null && runsDaemon(pid) });
  }
  return found;
}

function ancestors(pid: number): Set<number> {
  const seen = new Set<number>([pid]);
  let current = pid;
  for (let i = 0; i < 64; i++) {
    const ppid = readProcStat(current)?.ppid;
    if (!ppid || seen.has(ppid)) break;
    seen.add(ppid);
    current = ppid;
  }
  return seen;
}

/** Sends `signal` to the recorded process (its whole group when it leads one), if it is still the same process. */
function signalRecord(record: ProcessRecord, signal: NodeJS.Signals): boolean {
  if (!isAlive(record)) return false;
  try {
    process.kill(record.group ? -record.pid : record.pid, signal);
    return true;
  } catch {
    if (!record.group) return false;
    try {
      process.kill(record.pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

/** Resolves once none of `records` is alive, or after `timeoutMs`; returns those still alive. */
export async function waitForExit(records: ProcessRecord[], timeoutMs: number): Promise<ProcessRecord[]> {
  const deadline = Date.now() + timeoutMs;
  let alive = records.filter(isAlive);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    alive = alive.filter(isAlive);
  }
  return alive;
}

/**
 * Stops processes: SIGTERM, up to `graceMs` to exit, then SIGKILL. With `graceMs` 0
 * it kills at once (data that is about to be deleted needs no flush).
 */
export async function terminate(records: ProcessRecord[], graceMs: number): Promise<void> {
  const live = records.filter(isAlive);
  if (live.length === 0) return;
  if (graceMs > 0) {
    for (const record of live) signalRecord(record, 'SIGTERM');
    const stubborn = await waitForExit(live, graceMs);
    for (const record of stubborn) signalRecord(record, 'SIGKILL');
    await waitForExit(stubborn, 2000);
  } else {
    for (const record of live) signalRecord(record, 'SIGKILL');
    await waitForExit(live, 2000);
  }
}
