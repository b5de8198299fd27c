import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { StorePin } from '../stack/versions.js';
import type { BinarySource } from './types.js';

/**
 * The binary cache: `<cacheDir>/<name>-<version>/<name>`, one directory per pinned
 * release, so a version bump never reuses an old binary. Files appear only by rename of
 * a complete, verified file, so a reader never sees half a binary.
 */

/** `${XDG_CACHE_HOME:-~/.cache}/agent-harness/victoria`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && xdg.startsWith('/') ? xdg : join(env.HOME || homedir(), '.cache');
  return join(base, 'agent-harness', 'victoria');
}

export function cachedBinaryPath(cacheDir: string, pin: StorePin): string {
  return join(cacheDir, `${pin.name}-${pin.version}`, pin.name);
}

export function lockPathFor(cacheDir: string, pin: StorePin): string {
  return join(cacheDir, `${pin.name}-${pin.version}.lock`);
}

/** Creates the cache directory (user-only) if missing. */
export async function ensureCacheDir(cacheDir: string): Promise<void> {
  await mkdir(cacheDir, { recursive: true, mode: 0o700 });
}

/** A fresh temp path next to `target` (same filesystem, so rename is atomic). */
export async function tempPathNear(target: string): Promise<string> {
  await mkdir(dirname(target), { recursive: true, mode: 0o700 });
  return `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/**
 * Moves a complete, verified executable at `tempPath` into the cache, with a small
 * record of where it came from next to it.
 */
export async function installIntoCache(tempPath: string, target: string, source: BinarySource, detail: Record<string, string>): Promise<void> {
  await chmod(tempPath, 0o755);
  await rename(tempPath, target);
  const record = { source, installedAt: new Date().toISOString(), ...detail };
  const recordTemp = await tempPathNear(`${target}.json`);
  await writeFile(recordTemp, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o644 });
  await rename(recordTemp, `${target}.json`);
}

export async function removeQuietly(path: string): Promise<void> {
  await rm(path, { force: true, recursive: true });
}
