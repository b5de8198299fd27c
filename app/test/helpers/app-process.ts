// Starts the real app (compiled, as `npm run app` does) on an ephemeral port with a temp
// data dir, waits for its "listening on URL" line, and stops it by pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MAIN = fileURLToPath(new URL('../../dist/shell/main.js', import.meta.url));

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningApp {
  url: string;
  pid: number;
  dataDir: string;
  stdout(): string;
  stderr(): string;
  exited: Promise<Exit>;
  /** Sends `signal` (SIGTERM by default) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

const running = new Set<ChildProcess>();

/** Environment without the caller's OTEL_* settings, so tests choose their own. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('OTEL_') && key !== 'PORT' && key !== 'APP_DATA_DIR') env[key] = value;
  }
  return { ...env, ...extra };
}

export function tempDataDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'reference-app-test-')), 'data');
}

export interface StartOptions {
  dataDir?: string;
  env?: Record<string, string>;
  args?: string[];
  /** Give the port (0) and data dir as PORT and APP_DATA_DIR instead of flags. */
  viaEnv?: boolean;
}

export function startApp(options: StartOptions = {}): Promise<RunningApp> {
  const dataDir = options.dataDir ?? tempDataDir();
  const placement = options.viaEnv ? [] : ['--port', '0', '--data-dir', dataDir];
  const env = options.viaEnv ? { PORT: '0', APP_DATA_DIR: dataDir, ...options.env } : options.env;
  const child = spawn(process.execPath, [MAIN, ...placement, ...(options.args ?? [])], {
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Exit>((resolve) => {
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not print its URL within 20 s; stderr: ${stderr}`)), 20_000);
    const check = (): void => {
      const match = /^listening on (http:\/\/\S+)$/m.exec(stdout);
      if (!match?.[1] || child.pid === undefined) return;
      clearTimeout(timer);
      const pid = child.pid;
      resolve({
        url: match[1],
        pid,
        dataDir,
        stdout: () => stdout,
        stderr: () => stderr,
        exited,
        async stop(signal = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) process.kill(pid, signal);
          return exited;
        },
      });
    };
    child.stdout?.on('data', check);
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`the app exited (${exit.code ?? exit.signal}) before listening; stderr: ${stderr}`));
    });
  });
}

/** Runs the app to completion (for options that make it exit at once). */
export function runApp(args: string[], env: Record<string, string> = {}): Promise<Exit & { stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [MAIN, ...args], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000); // it was expected to exit at once
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Kills (by pid) every app process this test file started that is still running. */
export function killAll(): void {
  for (const child of running) {
    if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
  }
  running.clear();
}

/** Removes a data dir made by tempDataDir, with its temp parent. */
export function removeTempDataDir(dataDir: string): void {
  rmSync(join(dataDir, '..'), { recursive: true, force: true });
}

/** The end of a suite that started one app: stop it, kill anything left, delete its data. */
export async function disposeApp(app: RunningApp | undefined): Promise<void> {
  await app?.stop();
  killAll();
  if (app) removeTempDataDir(app.dataDir);
}
