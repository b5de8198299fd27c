import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { resolveStoreBinary } from '../../src/providers/observability.js';
import { join } from 'node:path';

/** A real VictoriaLogs for tests, found (or provisioned) the way `harness up` finds it. */
export async function victoriaLogsBinary(): Promise<string> {
  return (await resolveStoreBinary('victoria-logs', { fetch: true })).path;
}

async function freePort(): Promise<number> {
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

export interface VictoriaLogs {
  url: string;
  stop(): Promise<void>;
}

export async function startVictoriaLogs(): Promise<VictoriaLogs> {
  const dir = mkdtempSync(join(tmpdir(), 'harness-vl-'));
  const port = await freePort();
  const child: ChildProcess = spawn(await victoriaLogsBinary(), [`-storageDataPath=${dir}`, `-httpListenAddr=127.0.0.1:${port}`, '-retentionPeriod=1d', '-memory.allowedBytes=64MiB'], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes records through VictoriaLogs' JSON lines API. */
export async function ingest(url: string, records: Record<string, string>[], streamFields: string): Promise<void> {
  const response = await fetch(`${url}/insert/jsonline?_stream_fields=${encodeURIComponent(streamFields)}&_time_field=_time&_msg_field=_msg`, {
    method: 'POST',
    body: records.map((r) => JSON.stringify(r)).join('\n'),
  });
  if (!response.ok) throw new Error(`ingest failed: ${response.status}`);
}
