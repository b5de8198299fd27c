import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ProvisionError, resolveBinary, type ProgressEvent } from '../src/provision/index.js';
import { STACK } from '../src/stack/versions.js';
import { buildReleaseTarball, startReleaseServer, type BuiltTarball, type ReleaseServer } from './helpers/release-server.js';
import { freePort, tempDir } from './helpers/stores.js';

const run = promisify(execFile);
const noPath = { PATH: '', HOME: '/nonexistent' };

// Every step of the chain for real: a real VictoriaLogs binary (from the harness's own
// cache, built from the committed Go module on first use) is copied, put on PATH, packed
// into a release tarball served by a local HTTP server, and fetched back.
describe('resolveBinary: the resolution chain', () => {
  let realBinary: string;
  let tarball: BuiltTarball;
  let server: ReleaseServer;

  beforeAll(async () => {
    realBinary = (await resolveBinary('victoria-logs')).path;
    tarball = await buildReleaseTarball('victoria-logs', realBinary);
    server = await startReleaseServer({ [tarball.urlPath]: tarball.bytes });
  }, 600_000);
  afterAll(async () => {
    await server?.close();
  });

  it('takes an explicit path first (option, then env var), whatever PATH and the cache hold', async () => {
    const dir = await tempDir('explicit');
    const copy = join(dir, 'my-vl');
    await copyFile(realBinary, copy);
    const byOption = await resolveBinary('victoria-logs', { explicitPath: copy, cacheDir: dir, env: noPath });
    expect(byOption).toEqual({ name: 'victoria-logs', path: copy, version: 'v1.43.1', source: 'explicit' });
    const byEnv = await resolveBinary('victoria-logs', { cacheDir: dir, env: { ...noPath, HARNESS_VICTORIA_LOGS_BIN: copy } });
    expect(byEnv.source).toBe('explicit');
    expect(byEnv.path).toBe(copy);
  });

  it('refuses a broken explicit path with a diagnostic naming the env var, instead of falling back', async () => {
    const error = await resolveBinary('victoria-logs', { env: { ...noPath, HARNESS_VICTORIA_LOGS_BIN: '/nonexistent/victoria-logs' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProvisionError);
    const d = (error as ProvisionError).diagnostic;
    expect(d.what).toContain('/nonexistent/victoria-logs does not exist');
    expect(d.fix).toContain('HARNESS_VICTORIA_LOGS_BIN');
  });

  it('takes a binary from PATH only when its -version matches the pin, and says why it skipped one', async () => {
    const good = await tempDir('path-good');
    await copyFile(realBinary, join(good, 'victoria-logs'));
    const found = await resolveBinary('victoria-logs', { cacheDir: await tempDir('cache'), env: { PATH: good } });
    expect(found).toMatchObject({ source: 'path', path: join(good, 'victoria-logs'), version: 'v1.43.1' });

    const old = await tempDir('path-old');
    await writeFile(join(old, 'victoria-logs'), '#!/bin/sh\necho victoria-logs-20240101-000000-tags-v1.0.0-0-gabcdef\n');
    await chmod(join(old, 'victoria-logs'), 0o755);
    const error = await resolveBinary('victoria-logs', {
      cacheDir: await tempDir('cache'),
      env: { PATH: old },
      allowDownload: false,
      allowGoBuild: false,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProvisionError);
    expect((error as ProvisionError).diagnostic.why).toContain(`${join(old, 'victoria-logs')} is v1.0.0, not v1.43.1`);
  });

  it('uses the cache when it holds the pinned version', async () => {
    const cacheDir = await tempDir('cache');
    await mkdir(join(cacheDir, 'victoria-logs-v1.43.1'));
    await copyFile(realBinary, join(cacheDir, 'victoria-logs-v1.43.1', 'victoria-logs'));
    const found = await resolveBinary('victoria-logs', { cacheDir, env: noPath, allowDownload: false, allowGoBuild: false });
    expect(found).toMatchObject({ source: 'cache', path: join(cacheDir, 'victoria-logs-v1.43.1', 'victoria-logs') });
  });

  it('downloads the release tarball, verifies its SHA-256, caches the binary and reports progress', async () => {
    const cacheDir = await tempDir('cache');
    const events: ProgressEvent[] = [];
    const found = await resolveBinary('victoria-logs', {
      cacheDir,
      env: noPath,
      releasesBaseUrl: server.baseUrl,
      tarballSha256: tarball.sha256,
      allowGoBuild: false,
      onProgress: (e) => events.push(e),
    });
    expect(found).toMatchObject({ source: 'tarball', version: 'v1.43.1' });
    const { stdout } = await run(found.path, ['-version']);
    expect(stdout).toContain('v1.43.1');
    expect(sha256(await readFile(found.path))).toBe(sha256(await readFile(realBinary)));
    const last = events.filter((e) => e.kind === 'download').at(-1);
    expect(last).toMatchObject({ kind: 'download', receivedBytes: tarball.bytes.length, totalBytes: tarball.bytes.length });
    expect(JSON.parse(await readFile(`${found.path}.json`, 'utf8'))).toMatchObject({ source: 'tarball', sha256: tarball.sha256 });

    const again = await resolveBinary('victoria-logs', { cacheDir, env: noPath, releasesBaseUrl: server.baseUrl, allowGoBuild: false });
    expect(again.source).toBe('cache');
  });

  it('refuses a tarball whose SHA-256 differs from the pin and caches nothing', async () => {
    const cacheDir = await tempDir('cache');
    const wrong = 'f'.repeat(64);
    const error = await resolveBinary('victoria-logs', {
      cacheDir,
      env: noPath,
      releasesBaseUrl: server.baseUrl,
      tarballSha256: wrong,
      allowGoBuild: false,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProvisionError);
    const why = (error as ProvisionError).diagnostic.why;
    expect(why).toContain(`checksum mismatch for ${server.baseUrl}${tarball.urlPath}`);
    expect(why).toContain(`expected sha256 ${wrong}, got ${tarball.sha256}`);
    expect(await listFiles(cacheDir)).toEqual([]);
  });

  it('checks the pinned checksum by default: a repacked VictoriaMetrics tarball is refused', async () => {
    const vm = await resolveBinary('victoria-metrics');
    const repacked = await buildReleaseTarball('victoria-metrics', vm.path);
    const vmServer = await startReleaseServer({ [repacked.urlPath]: repacked.bytes });
    try {
      const cacheDir = await tempDir('cache');
      const error = await resolveBinary('victoria-metrics', { cacheDir, env: noPath, releasesBaseUrl: vmServer.baseUrl, allowGoBuild: false }).catch(
        (e: unknown) => e,
      );
      expect((error as ProvisionError).diagnostic.why).toContain(`expected sha256 ${STACK['victoria-metrics'].tarballSha256['linux-amd64']}`);
      expect(vmServer.hits.get(repacked.urlPath)).toBe(1);
      expect(await listFiles(cacheDir)).toEqual([]);
    } finally {
      await vmServer.close();
    }
  }, 600_000);

  it('serializes concurrent provisioning across processes: one download, an intact binary for both', async () => {
    const cacheDir = await tempDir('cache');
    const before = server.hits.get(tarball.urlPath) ?? 0;
    const [a, b] = await Promise.all([provisionInChild(cacheDir, server.baseUrl, tarball.sha256), provisionInChild(cacheDir, server.baseUrl, tarball.sha256)]);
    expect([a.source, b.source].sort()).toEqual(['cache', 'tarball']);
    expect(a.path).toBe(b.path);
    expect(server.hits.get(tarball.urlPath)! - before).toBe(1);
    expect(sha256(await readFile(a.path))).toBe(sha256(await readFile(realBinary)));
    expect((await listFiles(cacheDir)).filter((f) => f.includes('.tmp-') || f.endsWith('.lock'))).toEqual([]);
  }, 120_000);

  it('takes over a lock left by a process that died mid-provisioning', async () => {
    const cacheDir = await tempDir('cache');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    await writeFile(join(cacheDir, 'victoria-logs-v1.43.1.lock'), `${dead}\n`);
    const found = await resolveBinary('victoria-logs', { cacheDir, env: noPath, releasesBaseUrl: server.baseUrl, tarballSha256: tarball.sha256, allowGoBuild: false });
    expect(found.source).toBe('tarball');
    expect(await listFiles(cacheDir)).not.toContain(join(cacheDir, 'victoria-logs-v1.43.1.lock'));
  });

  it('lists every way tried, why it failed and its remedy when none works', async () => {
    const closedPort = await freePort();
    const error = await resolveBinary('victoria-traces', {
      cacheDir: await tempDir('cache'),
      env: noPath,
      releasesBaseUrl: `http://127.0.0.1:${closedPort}`,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProvisionError);
    const e = error as ProvisionError;
    expect(e.attempts.map((a) => a.way)).toEqual(['explicit', 'path', 'cache', 'tarball', 'go-build']);
    expect(e.diagnostic.what).toBe('no VictoriaTraces v0.12.0 binary (victoria-traces): every way to get it failed');
    expect(e.diagnostic.why).toContain('explicit path: not set (HARNESS_VICTORIA_TRACES_BIN)');
    expect(e.diagnostic.why).toContain('PATH: no victoria-traces on PATH');
    expect(e.diagnostic.why).toMatch(/release tarball: cannot download http:\/\/127\.0\.0\.1:\d+\/VictoriaMetrics\/VictoriaTraces\/releases\/download\/v0\.12\.0\/victoria-traces-linux-amd64-v0\.12\.0\.tar\.gz/);
    expect(e.diagnostic.why).toContain('go build: no committed Go module for victoria-traces');
    expect(e.diagnostic.fix).toContain('set HARNESS_VICTORIA_TRACES_BIN=/path/to/victoria-traces');
    expect(e.diagnostic.fix).toContain('HARNESS_RELEASES_BASE_URL');
    expect(e.exitCode).toBe(2);
  });
});

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

const provisionIndex = fileURLToPath(new URL('../dist/provision/index.js', import.meta.url));

/** Runs resolveBinary in a separate Node process (the compiled package), as two CLIs would. */
async function provisionInChild(cacheDir: string, baseUrl: string, sha: string): Promise<{ source: string; path: string }> {
  const script = `
    const { resolveBinary } = await import(${JSON.stringify(provisionIndex)});
    const r = await resolveBinary('victoria-logs', { cacheDir: ${JSON.stringify(cacheDir)}, releasesBaseUrl: ${JSON.stringify(baseUrl)},
      tarballSha256: ${JSON.stringify(sha)}, allowGoBuild: false, env: { PATH: '', HOME: '/nonexistent' } });
    process.stdout.write(JSON.stringify(r));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
  const parsed: unknown = JSON.parse(stdout);
  if (typeof parsed !== 'object' || parsed === null || !('source' in parsed) || !('path' in parsed)) throw new Error(`bad output ${stdout}`);
  return { source: String(parsed.source), path: String(parsed.path) };
}
