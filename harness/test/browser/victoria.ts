import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real VictoriaLogs for tests: the binary from HARNESS_VICTORIA_LOGS_BIN, PATH, or the
 * harness's binary cache (filled by `npm run setup` / `harness install`).
 */
export function victoriaLogsBinary(): string {
  const fromEnv = process.env.HARNESS_VICTORIA_LOGS_BIN;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, 'victoria-logs'))) return join(dir, 'victoria-logs');
  const cache = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'agent-harness');
  const found = existsSync(cache) ? findFile(cache, /^victoria-logs(-v[\d.]+)?(-prod)?$/) : undefined;
  if (found) return found;
  throw new Error('victoria-logs not found: run `npm run setup` (it provisions the pinned binaries) or set HARNESS_VICTORIA_LOGS_BIN');
}

function findFile(dir: string, pattern: RegExp, depth = 0): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isFile() && pattern.test(entry.name)) return path;
    if (entry.isDirectory() && depth < 4) {
      const inner = findFile(path, pattern, depth + 1);
      if (inner) return inner;
    }
  }
  return undefined;
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
  const child: ChildProcess = spawn(victoriaLogsBinary(), [`-storageDataPath=${dir}`, `-httpListenAddr=127.0.0.1:${port}`, '-retentionPeriod=1d', '-memory.allowedBytes=64MiB'], { stdio: 'ignore' });
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
