import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Helpers of the env integration tests: temp repos, the real CLI, /proc, the stores' HTTP APIs. */

export { bin, harness, type Run } from '../support/cli.js';
export const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

export interface AppSection {
  name?: string;
  command: string[];
  ports?: Record<string, string | null>;
  health?: Record<string, unknown>;
  otel?: Record<string, unknown>;
  env?: Record<string, string>;
}

export const otelApp: AppSection = { name: 'fixture', command: ['node', fixture('otel-app.mjs')], ports: { http: 'PORT' }, health: { path: '/healthz', timeout: '20s' } };
export const plainApp: AppSection = { name: 'plain', command: ['node', fixture('plain-app.mjs')], ports: { http: 'PORT' }, health: { path: '/healthz', timeout: '20s' } };

/** A fresh git repo (one commit) in a short temp path, with harness.config.ts holding `config`. */
export function makeRepo(config: string | { app?: AppSection } ): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'hx-')));
  const source = typeof config === 'string' ? config : `export default ${JSON.stringify(config, null, 2)};\n`;
  writeFileSync(join(dir, 'harness.config.ts'), source);
  const git = (...args: string[]): void => void execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', 'harness.config.ts');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'init');
  return dir;
}

/** Pids of live processes carrying AGENT_HARNESS_ENV=<id> (what an orphan of the env would carry). */
export function markedPids(envId: string): number[] {
  const needle = `AGENT_HARNESS_ENV=${envId}\0`;
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
      const state = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.[0];
      if (environ.includes(needle) && state !== 'Z') pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** True when a process with this pid exists and is not a zombie. */
export function pidAlive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

export async function waitUntil<T>(what: string, find: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** LogsQL rows from a VictoriaLogs (or the traces fallback store), after a force flush. */
export async function logsql(base: string, query: string): Promise<Record<string, string>[]> {
  await fetch(`${base}/internal/force_flush`, { method: 'POST' }).catch(() => undefined);
  const response = await fetch(`${base}/select/logsql/query`, { method: 'POST', body: new URLSearchParams({ query, limit: '100' }) });
  const text = await response.text();
  if (!response.ok) throw new Error(`LogsQL ${query} failed: ${response.status} ${text}`);
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, string>);
}

/** PromQL instant query results from a VictoriaMetrics, after a force flush. */
export async function promql(base: string, query: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  await fetch(`${base}/internal/force_flush`).catch(() => undefined);
  const response = await fetch(`${base}/api/v1/query?${new URLSearchParams({ query })}`);
  const body = (await response.json()) as { data?: { result?: { metric: Record<string, string>; value: [number, string] }[] } };
  return body.data?.result ?? [];
}

export function removeRepo(dir: string): void {
  // Retries: a running env's stores may still be writing files under it (ENOTEMPTY), as
  // `rm -rf` of a live worktree meets too.
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
}

/** The lease registry file of an env (tests use the real registry under the user's state dir). */
export function leaseFile(envId: string): string {
  const base = process.env.XDG_STATE_HOME ?? join(process.env.HOME ?? '/root', '.local', 'state');
  return join(base, 'agent-harness', 'envs', `${envId}.json`);
}
