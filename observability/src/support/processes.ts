import { readFileSync } from 'node:fs';

/**
 * Process identity from /proc (Linux). A pid alone is not an identity: pids are reused
 * (pid_max is 32768 on many machines), so a record keeps the kernel's start time too and
 * a process counts as the same only when both match.
 */

export interface ProcStat {
  /** One letter: R, S, D, Z (zombie), X (dead), ... */
  state: string;
  ppid: number;
  pgrp: number;
  /** Clock ticks since boot (field 22). */
  startTime: number;
}

/** A process as recorded by whoever started or locked with it. */
export interface ProcessIdentity {
  pid: number;
  /** Null where /proc is absent: then only the pid is compared. */
  startTime: number | null;
}

/** The parsed /proc/<pid>/stat, or null when the process is gone or /proc is absent. */
export function readProcStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) may hold spaces and parentheses: split after the last ')'.
  // fields[0] is field 3 (state); field N is fields[N - 3].
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const startTime = Number(fields[19]);
  return { state: fields[0] ?? '?', ppid: Number(fields[1]), pgrp: Number(fields[2]), startTime: Number.isFinite(startTime) ? startTime : 0 };
}

/** The kernel start time of `pid`, or null when it is gone or /proc is absent. */
export function processStartTime(pid: number): number | null {
  return readProcStat(pid)?.startTime ?? null;
}

/** This process's identity, for lock files and records. */
export function currentProcess(): ProcessIdentity {
  return { pid: process.pid, startTime: processStartTime(process.pid) };
}

function signalAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

/** True when the recorded process still runs: same pid, same start time, not a zombie. */
export function isProcessAlive(identity: ProcessIdentity): boolean {
  const stat = readProcStat(identity.pid);
  if (stat === null) return identity.startTime === null && signalAlive(identity.pid);
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return identity.startTime === null || stat.startTime === identity.startTime;
}
