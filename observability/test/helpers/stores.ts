import { afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveBinary } from '../../src/provision/index.js';
import { storeArgs, STORE_ENDPOINTS } from '../../src/stack/store-args.js';
import type { StoreBinary } from '../../src/stack/versions.js';

/** A free TCP port on 127.0.0.1 (bound, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const tempDirs: string[] = [];

/** A fresh directory under the system temp dir, removed after the test file's tests. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `harness-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

export interface RunningStore {
  name: StoreBinary;
  url: string;
  port: number;
  pid: number;
  dataDir: string;
  /** Milliseconds from spawn to the first 200 from /health. */
  startupMs: number;
  stop(): Promise<void>;
}

/** Polls `url` until it answers 200, or fails after `timeoutMs`. */
export async function waitForHealthy(url: string, timeoutMs = 15_000, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`${url}: the process exited with code ${child.exitCode}`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Starts a store with the dev flags on a free loopback port, in a fresh data dir. */
export async function startStore(name: StoreBinary, binaryPath?: string): Promise<RunningStore> {
  const path = binaryPath ?? (await resolveBinary(name)).path;
  const port = await freePort();
  const dataDir = await tempDir(name);
  const started = performance.now();
  const child = spawn(path, storeArgs(name, { port, dataDir: join(dataDir, 'data') }), { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealthy(`${url}${STORE_ENDPOINTS[name].health}`, 15_000, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${name} did not start: ${error instanceof Error ? error.message : String(error)}\n${stderr}`, { cause: error });
  }
  const startupMs = performance.now() - started;
  return {
    name,
    url,
    port,
    pid: child.pid ?? -1,
    dataDir,
    startupMs,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
