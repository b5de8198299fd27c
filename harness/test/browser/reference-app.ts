import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The reference app's compiled entry (built by `npm run setup`). */
export const APP_MAIN = fileURLToPath(new URL('../../../app/dist/shell/main.js', import.meta.url));

export interface RunningApp {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts the reference app on a free loopback port with a fresh data dir. */
export async function startReferenceApp(env: Record<string, string> = {}): Promise<RunningApp> {
  if (!existsSync(APP_MAIN)) throw new Error(`${APP_MAIN} is missing: run npm run setup`);
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'harness-app-'));
  const child = spawn(process.execPath, [APP_MAIN, '--port', String(port), '--data-dir', dataDir], { stdio: 'ignore', env: { ...process.env, ...env } });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
