import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { DEFAULT_RELEASES_BASE_URL, STACK, type StorePin } from '../stack/versions.js';
import { probeVersion } from './binary-version.js';
import { cachedBinaryPath, defaultCacheDir, ensureCacheDir, installIntoCache, lockPathFor, removeQuietly, tempPathNear } from './cache.js';
import { PROVISIONING_DOC, ProvisionError, formatAttempts } from './errors.js';
import { withLock } from '../support/file-lock.js';
import { goBuild } from './go-build.js';
import { fetchReleaseBinary } from './tarball.js';
import type { AttemptFailure, ResolveOptions, ResolvedBinary, StoreBinary } from './types.js';
import { messageOf } from '../support/errors.js';

/** HARNESS_VICTORIA_LOGS_BIN, HARNESS_VICTORIA_METRICS_BIN, HARNESS_VICTORIA_TRACES_BIN. */
export function explicitPathEnvVar(name: StoreBinary): string {
  return `HARNESS_${name.replace(/-/g, '_').toUpperCase()}_BIN`;
}

/**
 * Finds or provisions the pinned binary of a store, trying in order: an explicit path
 * (option or env var), PATH (only a binary whose `-version` matches the pin), the cache,
 * the release tarball (SHA-256 verified), a build from the committed Go module. Throws a
 * ProvisionError listing each way tried, why it failed and its remedy.
 */
export async function resolveBinary(name: StoreBinary, options: ResolveOptions = {}): Promise<ResolvedBinary> {
  const pin = STACK[name];
  const env = options.env ?? process.env;
  const progress = options.onProgress ?? (() => undefined);
  const attempts: AttemptFailure[] = [];

  const explicit = options.explicitPath ?? env[explicitPathEnvVar(name)];
  if (explicit) return useExplicit(pin, explicit, options);
  attempts.push({ way: 'explicit', why: `not set (${explicitPathEnvVar(name)})`, remedy: `set ${explicitPathEnvVar(name)}=/path/to/${name}` });

  if (options.searchPath !== false) {
    const onPath = await findOnPath(pin, env, options.signal);
    if (onPath.found !== null) {
      progress({ name, kind: 'done', source: 'path', path: onPath.found });
      return { name, path: onPath.found, version: pin.version, source: 'path' };
    }
    attempts.push({ way: 'path', why: onPath.why, remedy: `put ${pin.title} ${pin.version} on PATH as ${name}` });
  }

  const cacheDir = options.cacheDir ?? defaultCacheDir(env);
  const target = cachedBinaryPath(cacheDir, pin);
  const cached = await checkCached(pin, target, options.signal);
  if (cached.ok) {
    progress({ name, kind: 'done', source: 'cache', path: target });
    return { name, path: target, version: pin.version, source: 'cache' };
  }

  attempts.push({ way: 'cache', why: cached.why, remedy: `place ${pin.title} ${pin.version} at ${target}` });
  if (options.allowDownload === false && options.allowGoBuild === false) {
    // Nothing left to try: fail now instead of queueing behind another provisioner.
    attempts.push(DOWNLOAD_DISABLED, GO_BUILD_DISABLED);
    throw noWayLeft(pin, attempts);
  }
  try {
    await ensureCacheDir(cacheDir);
  } catch (error) {
    throw new ProvisionError({
      what: `cannot create the binary cache ${cacheDir}: ${messageOf(error)}`,
      why: 'provisioned binaries are kept there so later runs start at once',
      fix: 'make it writable, or set XDG_CACHE_HOME to a writable directory',
      doc: PROVISIONING_DOC,
    });
  }
  return withLock<ResolvedBinary>(
    lockPathFor(cacheDir, pin),
    {
      what: `the provisioning lock of ${name}`,
      why: 'one process at a time downloads or builds a binary into the cache',
      timeoutMs: 15 * 60_000,
      ...(options.signal ? { signal: options.signal } : {}),
      onWait: (pid) => progress({ name, kind: 'step', message: `waiting for process ${pid}, which is provisioning ${name}` }),
    },
    async () => {
      // Another process may have provisioned it while this one waited for the lock.
      const again = await checkCached(pin, target, options.signal);
      if (again.ok) {
        progress({ name, kind: 'done', source: 'cache', path: target });
        return { name, path: target, version: pin.version, source: 'cache' };
      }
      const provisioned = await provision(pin, target, options, env, attempts);
      if (provisioned) return provisioned;
      throw noWayLeft(pin, attempts);
    },
  ).catch((error: unknown) => {
    if (error instanceof ProvisionError || options.signal?.aborted) throw error;
    throw new ProvisionError({
      what: `provisioning ${name} failed: ${messageOf(error)}`,
      why: `the binary could not be put into the cache ${cacheDir}`,
      fix: `check that ${cacheDir} is writable and has space; remove a stale ${lockPathFor(cacheDir, pin)} if no harness process runs`,
      doc: PROVISIONING_DOC,
    });
  });
}

const DOWNLOAD_DISABLED: AttemptFailure = { way: 'tarball', why: 'downloads disabled', remedy: 'allow downloads (drop --no-download)' };
const GO_BUILD_DISABLED: AttemptFailure = { way: 'go-build', why: 'Go builds disabled', remedy: 'allow the Go build (drop --no-go-build)' };

/** Tarball, then Go build; each result is verified with `-version` before it is cached. */
async function provision(
  pin: StorePin,
  target: string,
  options: ResolveOptions,
  env: NodeJS.ProcessEnv,
  attempts: AttemptFailure[],
): Promise<ResolvedBinary | null> {
  const progress = options.onProgress ?? (() => undefined);
  if (options.allowDownload !== false) {
    const temp = await tempPathNear(target);
    const baseUrl = options.releasesBaseUrl ?? env.HARNESS_RELEASES_BASE_URL ?? DEFAULT_RELEASES_BASE_URL;
    progress({ name: pin.name, kind: 'step', message: `downloading the ${pin.title} ${pin.version} release tarball from ${baseUrl}` });
    const fetched = await fetchReleaseBinary({ pin, baseUrl, expectedSha256: options.tarballSha256, outPath: temp, onProgress: options.onProgress, signal: options.signal });
    const installed = fetched.ok ? await verifyAndInstall(pin, temp, target, 'tarball', { url: fetched.url, sha256: fetched.sha256 }, options) : fetched;
    if (installed.ok) return { name: pin.name, path: target, version: pin.version, source: 'tarball' };
    await removeQuietly(temp);
    attempts.push({ way: 'tarball', why: installed.why, remedy: installed.remedy });
  } else {
    attempts.push(DOWNLOAD_DISABLED);
  }

  if (options.allowGoBuild !== false) {
    const temp = await tempPathNear(target);
    const built = await goBuild({ pin, outPath: temp, onProgress: options.onProgress, signal: options.signal, env });
    const installed = built.ok ? await verifyAndInstall(pin, temp, target, 'go-build', { module: `${pin.goModule}@${pin.version}` }, options) : built;
    if (installed.ok) return { name: pin.name, path: target, version: pin.version, source: 'go-build' };
    await removeQuietly(temp);
    attempts.push({ way: 'go-build', why: installed.why, remedy: installed.remedy });
  } else {
    attempts.push(GO_BUILD_DISABLED);
  }
  return null;
}

type Installed = { ok: true } | { ok: false; why: string; remedy: string };

async function verifyAndInstall(
  pin: StorePin,
  temp: string,
  target: string,
  source: 'tarball' | 'go-build',
  detail: Record<string, string>,
  options: ResolveOptions,
): Promise<Installed> {
  const probe = await probeVersion(temp, options.signal);
  if (!probe.ok) return { ok: false, why: `the ${source} result does not run: ${probe.why}`, remedy: 'report it with the output above' };
  if (probe.version !== pin.version) {
    return { ok: false, why: `the ${source} result is ${probe.version}, not the pinned ${pin.version}`, remedy: 'report it: the pin and its source disagree' };
  }
  await installIntoCache(temp, target, source, detail);
  options.onProgress?.({ name: pin.name, kind: 'done', source, path: target });
  return { ok: true };
}

async function useExplicit(pin: StorePin, path: string, options: ResolveOptions): Promise<ResolvedBinary> {
  const absolute = isAbsolute(path) ? path : resolvePath(path);
  const probe = await probeVersion(absolute, options.signal);
  const envVar = explicitPathEnvVar(pin.name);
  if (!probe.ok) {
    throw new ProvisionError({
      what: `the explicit ${pin.name} binary is not usable: ${probe.why}`,
      why: `an explicit path (the option or ${envVar}) is used as given, never silently replaced`,
      fix: `point ${envVar} at a ${pin.title} executable, or unset it to let the harness provision ${pin.version}`,
      doc: PROVISIONING_DOC,
    });
  }
  if (probe.version !== pin.version) {
    options.onProgress?.({
      name: pin.name,
      kind: 'warning',
      message: `${absolute} is ${pin.title} ${probe.version}, not the pinned ${pin.version}; using it because it was given explicitly`,
    });
  }
  options.onProgress?.({ name: pin.name, kind: 'done', source: 'explicit', path: absolute });
  return { name: pin.name, path: absolute, version: probe.version, source: 'explicit' };
}

/** Looks for `<name>` and the release's `<name>-prod` on PATH; only the pinned version counts. */
async function findOnPath(pin: StorePin, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<{ found: string } | { found: null; why: string }> {
  const rejected: string[] = [];
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const file of [pin.name, pin.tarballBinary]) {
      const candidate = join(dir, file);
      if (!(await isExecutable(candidate))) continue;
      const probe = await probeVersion(candidate, signal);
      if (probe.ok && probe.version === pin.version) return { found: candidate };
      rejected.push(probe.ok ? `${candidate} is ${probe.version}, not ${pin.version}` : probe.why);
    }
  }
  return { found: null, why: rejected.length ? `${rejected.join('; ')} (only the pinned version is taken from PATH)` : `no ${pin.name} on PATH` };
}

async function checkCached(pin: StorePin, target: string, signal?: AbortSignal): Promise<{ ok: true } | { ok: false; why: string }> {
  if (!(await isExecutable(target))) return { ok: false, why: `${target} not there yet` };
  const probe = await probeVersion(target, signal);
  if (!probe.ok) return { ok: false, why: `${target} is broken: ${probe.why}` };
  if (probe.version !== pin.version) return { ok: false, why: `${target} is ${probe.version}, not ${pin.version}` };
  return { ok: true };
}

async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

function noWayLeft(pin: StorePin, attempts: readonly AttemptFailure[]): ProvisionError {
  return new ProvisionError(
    {
      what: `no ${pin.title} ${pin.version} binary (${pin.name}): every way to get it failed`,
      why: `the harness needs ${pin.name} to run the stack; tried in order:${formatAttempts(attempts, 'why')}`,
      fix: `any one of:${formatAttempts(attempts, 'remedy')}`,
      doc: PROVISIONING_DOC,
    },
    attempts,
  );
}
