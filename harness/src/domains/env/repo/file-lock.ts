import { linkSync, mkdirSync, readFileSync, rmdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { HarnessError } from '../../../utils/diagnostic.js';
import { isAlive, processStartTime } from './processes.js';

/**
 * A lock file owned by a process: `<path>` holds the owner's pid and start time, and is
 * created atomically (link of a complete temp file, so it is never seen half-written).
 * A lock whose owner died is broken at once, since the owner's identity is checked, not
 * an mtime. That is why this is hand-rolled rather than proper-lockfile: a SIGKILLed
 * `harness up` must not block the next one for a staleness period.
 *
 * Breaking is itself serialized by a `<path>.break` directory, so two processes that
 * both find the same dead owner cannot both break and then both hold the lock.
 */

const OwnerSchema = z.object({ pid: z.number().int(), startTime: z.number().int().nullable(), acquiredAt: z.string() });
type Owner = z.infer<typeof OwnerSchema>;

export interface HeldLock {
  path: string;
  release(): void;
}

function readOwner(path: string): Owner | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable';
  }
  try {
    return OwnerSchema.parse(JSON.parse(text));
  } catch {
    return 'unreadable';
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function tryCreate(path: string): boolean {
  const owner: Owner = { pid: process.pid, startTime: processStartTime(process.pid), acquiredAt: new Date().toISOString() };
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(temp, JSON.stringify(owner), { mode: 0o600 });
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

/** Removes the lock if its owner is dead; true when it did (or the lock vanished). */
function breakIfStale(path: string): boolean {
  const owner = readOwner(path);
  if (owner === 'missing') return true;
  const stale = owner === 'unreadable' ? ageMs(path) > 2000 : !isAlive({ role: 'lock', pid: owner.pid, startTime: owner.startTime, group: false });
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

/**
 * Takes the lock at `path`, waiting up to `timeoutMs` for a live owner to release it.
 * `what` names the lock in the error (e.g. "the env lock of /src/app").
 */
export async function acquireLock(path: string, options: { timeoutMs: number; what: string }): Promise<HeldLock> {
  const deadline = Date.now() + options.timeoutMs;
  let delay = 5;
  for (;;) {
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
    if (Date.now() >= deadline) {
      const owner = readOwner(path);
      const holder = typeof owner === 'object' ? `process ${owner.pid} (since ${owner.acquiredAt})` : 'another process';
      throw new HarnessError({
        what: `${options.what} is held by ${holder}`,
        why: 'another harness command is changing this env; commands that change it run one at a time',
        fix: `wait for it to finish and rerun; if that process is stuck, stop it (kill ${typeof owner === 'object' ? owner.pid : '<pid>'})`,
        where: path,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 50);
  }
}

export async function withLock<T>(path: string, options: { timeoutMs: number; what: string }, body: () => Promise<T>): Promise<T> {
  const lock = await acquireLock(path, options);
  try {
    return await body();
  } finally {
    lock.release();
  }
}
