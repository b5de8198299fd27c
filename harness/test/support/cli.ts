import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The real `harness` CLI, run the way a user runs it (compiled JavaScript, a fresh process). */
export const bin = fileURLToPath(new URL('../../bin/harness.js', import.meta.url));

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (commands run with --json). */
  json: Record<string, unknown>;
}

/** Runs the real CLI. */
export function harness(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; onSpawn?: (pid: number) => void }): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    if (child.pid) options.onSpawn?.(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => {
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(stdout) as Record<string, unknown>;
      } catch {
        // text output
      }
      resolve({ code, stdout, stderr, json });
    });
  });
}

