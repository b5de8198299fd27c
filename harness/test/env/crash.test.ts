import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { harness, leaseFile, makeRepo, markedPids, pidAlive, plainApp, removeRepo, waitUntil } from './helpers.js';

// Kill the CLI mid-`up`, kill the daemon mid-run, delete the worktree, leave marked
// processes no lease names: nothing is orphaned, and the next command or `harness gc`
// cleans up (checked in /proc). Every test that runs the machine-wide `gc` is in this
// file, so two gc runs never race for each other's dead envs.

const repos: string[] = [];
const spawned: number[] = [];
afterAll(async () => {
  for (const pid of spawned) if (pidAlive(pid)) process.kill(pid, 'SIGKILL');
  for (const repo of repos) {
    if (existsSync(repo)) await harness(['down'], { cwd: repo });
    removeRepo(repo);
  }
});

function envIdOf(repo: string): string {
  return `${repo.split('/').pop()!.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-`;
}

describe('crashes', () => {
  for (const delayMs of [30, 150, 400]) {
    it(`SIGKILL of the CLI ${delayMs} ms into up orphans nothing`, async () => {
      const repo = makeRepo({ app: plainApp });
      repos.push(repo);
      let cli = 0;
      const run = harness(['up'], { cwd: repo, onSpawn: (pid) => (cli = pid) });
      await new Promise((r) => setTimeout(r, delayMs));
      process.kill(cli, 'SIGKILL');
      await run;
      // Whatever was started is still owned by the env: `down` reaches all of it.
      const down = await harness(['down', '--json'], { cwd: repo });
      expect(down.code, down.stdout + down.stderr).toBe(0);
      const id = down.json.id as string;
      expect(id.startsWith(envIdOf(repo))).toBe(true);
      expect(markedPids(id)).toEqual([]);
      expect(existsSync(leaseFile(id))).toBe(false);
      // And the worktree can be brought up again at once (the dead CLI's lock is broken).
      const up = await harness(['up', '--json'], { cwd: repo });
      expect(up.code, up.stdout + up.stderr).toBe(0);
      await harness(['down'], { cwd: repo });
      expect(markedPids(id)).toEqual([]);
    });
  }

  it('SIGKILL of the daemon: its children go, status says so, gc reaps processes, data and leases', async () => {
    const repo = makeRepo({ app: plainApp });
    repos.push(repo);
    const up = await harness(['up', '--json'], { cwd: repo });
    expect(up.code, up.stdout + up.stderr).toBe(0);
    const env = up.json.env as { id: string; daemon: { pid: number }; processes: { pid: number }[] };
    process.kill(env.daemon.pid, 'SIGKILL');
    await waitUntil('the daemon to die', () => !pidAlive(env.daemon.pid));
    // The children had the daemon as parent-death target.
    await waitUntil('the children to go', () => env.processes.every((p) => !pidAlive(p.pid)), 5000);

    const status = await harness(['status', '--json'], { cwd: repo });
    expect(status.code).toBe(1);
    expect(status.json.stale).toBe(true);
    const ls = await harness(['ls', '--json'], { cwd: repo });
    const listed = (ls.json.envs as { id: string; state: string; detail: string }[]).find((e) => e.id === env.id);
    expect(listed?.state).toBe('dead');
    expect(listed?.detail).toContain('harness gc');

    const gc = await harness(['gc', '--json'], { cwd: repo });
    expect(gc.code).toBe(0);
    expect((gc.json.reaped as { id: string }[]).map((r) => r.id)).toContain(env.id);
    expect(markedPids(env.id)).toEqual([]);
    expect(existsSync(leaseFile(env.id))).toBe(false);
    expect(existsSync(join(repo, '.harness', 'data'))).toBe(false);
    expect(existsSync(join(repo, '.harness', 'env.json'))).toBe(false);
  });

  it('the next up after a daemon SIGKILL reaps what is left and starts fresh', async () => {
    const repo = makeRepo({ app: plainApp });
    repos.push(repo);
    const first = await harness(['up', '--json'], { cwd: repo });
    const env = first.json.env as { id: string; daemon: { pid: number } };
    process.kill(env.daemon.pid, 'SIGKILL');
    await waitUntil('the daemon to die', () => !pidAlive(env.daemon.pid));
    const again = await harness(['up', '--json'], { cwd: repo });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect((again.json.reaped as { id: string } | null)?.id).toBe(env.id);
    const fresh = again.json.env as { daemon: { pid: number }; processes: { pid: number }[] };
    expect(fresh.daemon.pid).not.toBe(env.daemon.pid);
    expect(markedPids(env.id).sort()).toEqual([fresh.daemon.pid, ...fresh.processes.map((p) => p.pid)].sort());
    expect(JSON.parse(readFileSync(leaseFile(env.id), 'utf8')).daemon.pid).toBe(fresh.daemon.pid);
  });

  it('gc reaps an env whose worktree was deleted while it ran', async () => {
    const repo = makeRepo({ app: plainApp });
    repos.push(repo);
    const up = await harness(['up', '--json'], { cwd: repo });
    expect(up.code, up.stdout + up.stderr).toBe(0);
    const env = up.json.env as { id: string };
    removeRepo(repo);
    const gc = await harness(['gc', '--json'], { cwd: process.cwd() });
    expect(gc.code, gc.stdout + gc.stderr).toBe(0);
    // The daemon notices the deletion and stops itself; gc reaps whatever it left.
    const ls = await harness(['ls', '--json'], { cwd: process.cwd() });
    expect((ls.json.envs as { id: string }[]).map((e) => e.id)).not.toContain(env.id);
    // Nothing recreated the deleted worktree's state (stores flushing as they are killed).
    expect(existsSync(join(repo, '.harness', 'data'))).toBe(false);
    expect(markedPids(env.id)).toEqual([]);
    expect(existsSync(leaseFile(env.id))).toBe(false);
  });

  it('gc reaps marked processes of an env with no daemon and no lease, and spares a live env', async () => {
    const repo = makeRepo({ app: plainApp });
    repos.push(repo);
    const up = await harness(['up', '--json'], { cwd: repo });
    expect(up.code, up.stdout + up.stderr).toBe(0);
    const live = up.json.env as { id: string };
    const liveBefore = markedPids(live.id).sort();

    const orphanEnv = `hx-orphan-${process.pid}-${Date.now()}`;
    const orphan = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { env: { ...process.env, AGENT_HARNESS_ENV: orphanEnv }, stdio: 'ignore', detached: true });
    orphan.unref();
    spawned.push(orphan.pid!);
    await waitUntil('the orphan to carry its mark', () => markedPids(orphanEnv).includes(orphan.pid!));

    const gc = await harness(['gc', '--json'], { cwd: repo });
    expect(gc.code, gc.stdout + gc.stderr).toBe(0);
    const reaped = (gc.json.reaped as { id: string; reason: string; killed: number }[]).find((r) => r.id === orphanEnv);
    expect(reaped).toMatchObject({ reason: 'its processes outlived their daemon', killed: 1 });
    await waitUntil('the orphan to die', () => !pidAlive(orphan.pid!), 5000);
    expect(markedPids(live.id).sort()).toEqual(liveBefore);
    expect((await harness(['status', '--json'], { cwd: repo })).json.healthy).toBe(true);
  });
});
