import { open, readFile, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * An exclusive lock between processes of one machine: a file created with O_EXCL that
 * holds the owner's pid. A lock whose owner is dead is taken over at once, so a
 * `kill -9` mid-download never blocks the next run; a live owner is never robbed, however
 * long its Go build takes. (Why not an mtime-based library lock: see
 * docs/design-docs/stack-provisioning.md#concurrency.)
 */
export async function withFileLock<T>(
  lockPath: string,
  work: () => Promise<T>,
  options: { timeoutMs?: number; pollMs?: number; signal?: AbortSignal; onWait?: (ownerPid: number) => void } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
  let announced = false;
  for (;;) {
    options.signal?.throwIfAborted();
    const acquired = await tryCreate(lockPath);
    if (acquired) break;
    const owner = await readOwner(lockPath);
    if (owner !== null && !isAlive(owner)) {
      // The owner died holding the lock: remove it, then race for it again.
      await rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${lockPath} (held by pid ${owner ?? 'unknown'})`);
    }
    if (!announced && owner !== null) {
      options.onWait?.(owner);
      announced = true;
    }
    await sleep(options.pollMs ?? 200, undefined, { signal: options.signal });
  }
  try {
    return await work();
  } finally {
    await rm(lockPath, { force: true });
  }
}

async function tryCreate(lockPath: string): Promise<boolean> {
  try {
    const handle = await open(lockPath, 'wx', 0o600);
    try {
      await handle.writeFile(`${process.pid}\n`);
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'EEXIST') return false;
    throw error;
  }
}

/** The pid in the lock file; null while the owner is still writing it or it vanished. */
async function readOwner(lockPath: string): Promise<number | null> {
  const text = await readFile(lockPath, 'utf8').catch(() => '');
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}
