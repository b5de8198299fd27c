import { linkSync, mkdirSync, readFileSync, rmdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { currentProcess, isProcessAlive, type ProcessIdentity } from './processes.js';

/**
 * A lock file owned by a process, shared by everything in the harness that must run one
 * at a time across processes (provisioning a binary, changing an env, the port leases).
 * `<path>` holds the owner's pid and kernel start time and is created atomically (a link
 * of a complete temp file, so it is never seen half-written). A lock whose owner died is
 * broken at once, because the owner's identity is checked, not an mtime: a SIGKILLed
 * command must not block the next one, and a reused pid must not keep a dead lock alive.
 * That is why this is hand-rolled rather than proper-lockfile.
 *
 * Breaking is itself serialized by a `<path>.break` directory, so two processes that
 * both find the same dead owner cannot both break it and then both hold the lock.
 */

interface Owner extends ProcessIdentity {
  acquiredAt: string;
}

export interface HeldLock {
  path: string;
  release(): void;
}

/** Thrown when the lock stays held past the deadline; carries a diagnostic for the CLI. */
export class LockTimeoutError extends Error {
  readonly diagnostic: { what: string; why: string; fix: string; where: string };
  constructor(diagnostic: { what: string; why: string; fix: string; where: string }) {
    super(diagnostic.what);
    this.name = 'LockTimeoutError';
    this.diagnostic = diagnostic;
  }
}

export interface LockOptions {
  timeoutMs: number;
  /** Names the lock in the error, e.g. "the env lock of /src/app". */
  what: string;
  /** Why waiting happens, for the error: "another harness command is changing this env". */
  why?: string;
  /** Called once when the lock is found held by a live owner. */
  onWait?: (ownerPid: number) => void;
  signal?: AbortSignal;
}

function parseOwner(text: string): Owner | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const pid = 'pid' in value ? value.pid : undefined;
  const startTime = 'startTime' in value ? value.startTime : undefined;
  const acquiredAt = 'acquiredAt' in value ? value.acquiredAt : undefined;
  if (typeof pid !== 'number' || !Number.isInteger(pid) || typeof acquiredAt !== 'string') return null;
  if (startTime !== null && typeof startTime !== 'number') return null;
  return { pid, startTime, acquiredAt };
}

function readOwner(path: string): Owner | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'ENOENT' ? 'missing' : 'unreadable';
  }
  return parseOwner(text) ?? 'unreadable';
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function tryCreate(path: string): boolean {
  const owner: Owner = { ...currentProcess(), acquiredAt: new Date().toISOString() };
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(temp, JSON.stringify(owner), { mode: 0o600 });
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

/** Removes the lock if its owner is dead; true when it did (or the lock vanished). */
function breakIfStale(path: string): boolean {
  const owner = readOwner(path);
  if (owner === 'missing') return true;
  const stale = owner === 'unreadable' ? ageMs(path) > 2000 : !isProcessAlive(owner);
  if (!stale) return false;
  const breaker = `${path}.break`;
  try {
    mkdirSync(breaker, { mode: 0o700 });
  } catch {
    // Another process is breaking it; a breaker that died mid-way is cleared after 2 s.
    if (ageMs(breaker) > 2000) rmSync(breaker, { recursive: true, force: true });
    return false;
  }
  try {
    const again = readOwner(path);
    const same = again === owner || (typeof again === 'object' && typeof owner === 'object' && again.pid === owner.pid && again.startTime === owner.startTime);
    if (same) unlinkSync(path);
    return same;
  } catch {
    return false;
  } finally {
    rmdirSync(breaker);
  }
}

/** Takes the lock at `path`, waiting up to `timeoutMs` for a live owner to release it. */
export async function acquireLock(path: string, options: LockOptions): Promise<HeldLock> {
  const deadline = Date.now() + options.timeoutMs;
  let delay = 5;
  let announced = false;
  for (;;) {
    options.signal?.throwIfAborted();
    if (tryCreate(path)) {
      let released = false;
      return {
        path,
        release() {
          if (released) return;
          released = true;
          const owner = readOwner(path);
          if (typeof owner === 'object' && owner.pid === process.pid) unlinkSync(path);
        },
      };
    }
    if (breakIfStale(path)) continue;
    const owner = readOwner(path);
    if (Date.now() >= deadline) {
      const holder = typeof owner === 'object' ? `process ${owner.pid} (since ${owner.acquiredAt})` : 'another process';
      throw new LockTimeoutError({
        what: `${options.what} is held by ${holder}`,
        why: options.why ?? 'the work it guards runs one process at a time',
        fix: `wait for it to finish and rerun; if that process is stuck, stop it (kill ${typeof owner === 'object' ? owner.pid : '<pid>'})`,
        where: path,
      });
    }
    if (!announced && typeof owner === 'object') {
      options.onWait?.(owner.pid);
      announced = true;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 50);
  }
}

/** Runs `body` holding the lock at `path`, and releases it whatever happens. */
export async function withLock<T>(path: string, options: LockOptions, body: () => Promise<T>): Promise<T> {
  const lock = await acquireLock(path, options);
  try {
    return await body();
  } finally {
    lock.release();
  }
}
