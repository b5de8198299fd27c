import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { resolveBinary, storeArgs } from '@agent-harness/observability/provision/index';
import { join } from 'node:path';

/**
 * Real VictoriaLogs / VictoriaMetrics processes for the telemetry tests, started on
 * loopback with a fresh data dir and the dev flags the env uses, from the binaries the
 * provisioning resolves (`npm run setup` fills its cache).
 */

type Binary = 'victoria-logs' | 'victoria-metrics';

/** The pinned binary, found the way `harness up` finds it (explicit path, PATH, cache, download, Go build). */
export async function binaryPath(name: Binary): Promise<string> {
  return (await resolveBinary(name, { allowDownload: false })).path;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningStore {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`store exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`store at ${url} not healthy after ${timeoutMs} ms`);
}

export async function startStore(name: Binary, extraArgs: string[] = []): Promise<RunningStore> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `harness-${name}-`));
  // The env's dev flags (loopback, caps, zero latency offset, Prometheus naming of OTLP metrics).
  const args = [...storeArgs(name, { port, dataDir }), ...extraArgs];
  const child = spawn(await binaryPath(name), args, { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(url, child);
  return {
    url,
    port,
    process: child,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Writes rows through VictoriaLogs' JSON-lines ingestion, then makes them searchable. */
export async function ingestJsonLines(url: string, rows: Array<Record<string, string>>, streamFields: string[]): Promise<void> {
  const body = `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
  const res = await fetch(`${url}/insert/jsonline?_stream_fields=${encodeURIComponent(streamFields.join(','))}`, {
    method: 'POST',
    headers: { 'content-type': 'application/stream+json' },
    body,
  });
  if (!res.ok) throw new Error(`ingest failed: ${res.status} ${await res.text()}`);
  await fetch(`${url}/internal/force_flush`);
}
