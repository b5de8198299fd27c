import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, harness, leaseFile, logsql, makeRepo, markedPids, pidAlive, plainApp, removeRepo, waitUntil, type AppSection } from './helpers.js';

// The edges of an env's life: up and down racing in one worktree, data kept across a
// down, an app with children of its own, and the app's stderr.

const parentApp: AppSection = { name: 'parent', command: ['node', fixture('parent-app.mjs')], ports: { http: 'PORT' }, health: { path: '/healthz', timeout: '20s' } };

interface EnvJson {
  id: string;
  daemon: { pid: number };
  processes: { pid: number }[];
  urls: { app: string; logs: { base: string } };
}

const repos: string[] = [];
afterAll(async () => {
  for (const repo of repos) {
    if (existsSync(repo)) await harness(['down', '--force'], { cwd: repo });
    removeRepo(repo);
  }
});

async function upIn(repo: string): Promise<EnvJson> {
  const up = await harness(['up', '--json'], { cwd: repo });
  expect(up.code, up.stdout + up.stderr).toBe(0);
  return up.json.env as EnvJson;
}

describe('env edges', () => {
  it('up and down at once in one worktree: they run one after the other and leave a consistent state', async () => {
    const repo = makeRepo({ app: plainApp });
    repos.push(repo);
    const up = harness(['up', '--json'], { cwd: repo });
    await waitUntil('up to create .harness', () => existsSync(join(repo, '.harness')), 10_000);
    const down = await harness(['down', '--json'], { cwd: repo });
    const upRun = await up;
    expect(upRun.code, upRun.stdout + upRun.stderr).toBe(0);
    expect(down.code, down.stdout + down.stderr).toBe(0);
    const env = upRun.json.env as EnvJson;
    if (down.json.wasRunning === true) {
      // down waited for up's lock, then stopped the env up had booted.
      expect(markedPids(env.id)).toEqual([]);
      expect(existsSync(leaseFile(env.id))).toBe(false);
    } else {
      // down got the lock first (nothing to stop), then up booted: exactly its processes run.
      expect(markedPids(env.id).sort()).toEqual([env.daemon.pid, ...env.processes.map((p) => p.pid)].sort());
      expect((await harness(['down'], { cwd: repo })).code).toBe(0);
      expect(markedPids(env.id)).toEqual([]);
    }
  });

  it('down --keep-data keeps the stores\' data and the next up serves it again', async () => {
    const repo = makeRepo({ app: plainApp });
    repos.push(repo);
    const first = await upIn(repo);
    const tag = `kept${Date.now()}`;
    expect((await fetch(`${first.urls.app}hello?tag=${tag}`)).status).toBe(200);
    await waitUntil('the line in VictoriaLogs', async () => (await logsql(first.urls.logs.base, `"hello request tag=${tag}"`)).length > 0);
    const down = await harness(['down', '--keep-data', '--json'], { cwd: repo });
    expect(down.code).toBe(0);
    expect(existsSync(join(repo, '.harness', 'data', 'logs'))).toBe(true);
    expect(markedPids(first.id)).toEqual([]);
    const second = await upIn(repo);
    expect(await logsql(second.urls.logs.base, `"hello request tag=${tag}"`)).toHaveLength(1);
    await harness(['down'], { cwd: repo });
  });

  it("ships the app's stderr to VictoriaLogs and reaps the app's own children on down", async () => {
    const repo = makeRepo({ app: parentApp });
    repos.push(repo);
    const env = await upIn(repo);
    const tag = `warn${Date.now()}`;
    expect((await fetch(`${env.urls.app}warn?tag=${tag}`)).status).toBe(200);
    const rows = await waitUntil('the stderr line in VictoriaLogs', async () => {
      const found = await logsql(env.urls.logs.base, `"warning tag=${tag}" "log.iostream":=stderr`);
      return found.length > 0 ? found : null;
    });
    expect(rows[0]!['harness.env']).toBe(env.id);
    const child = ((await (await fetch(`${env.urls.app}child`)).json()) as { pid: number }).pid;
    expect(pidAlive(child)).toBe(true);
    // Memory counts every process of the env, the app's worker too.
    const status = await harness(['status', '--json'], { cwd: repo });
    const rssOf = (pid: number): number => Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    const all = markedPids(env.id).reduce((sum, pid) => sum + rssOf(pid), 0);
    expect(Math.abs((status.json.rssBytes as number) - all)).toBeLessThan(rssOf(child) / 2);
    expect((await harness(['down'], { cwd: repo })).code).toBe(0);
    expect(pidAlive(child)).toBe(false);
    expect(markedPids(env.id)).toEqual([]);
  });

  it("reaps the app's own children after the daemon was SIGKILLed", async () => {
    const repo = makeRepo({ app: parentApp });
    repos.push(repo);
    const env = await upIn(repo);
    const child = ((await (await fetch(`${env.urls.app}child`)).json()) as { pid: number }).pid;
    process.kill(env.daemon.pid, 'SIGKILL');
    await waitUntil('the daemon to die', () => !pidAlive(env.daemon.pid));
    // `down` reaps a dead env of this worktree (gc would too; its tests are in crash.test.ts,
    // one file, so machine-wide gc runs never race each other's dead envs).
    const down = await harness(['down', '--json'], { cwd: repo });
    expect(down.code, down.stdout + down.stderr).toBe(0);
    expect(pidAlive(child)).toBe(false);
    expect(markedPids(env.id)).toEqual([]);
  });
});
