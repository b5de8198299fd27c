import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { harness, leaseFile, makeRepo, markedPids, pidAlive, plainApp, removeRepo } from './helpers.js';

// A daemon that no longer answers (stopped by SIGSTOP here; a deadlock looks the same
// from outside) must not leave the worktree stuck: `down --force` kills it, checked by
// pid and start time, and reaps everything it started.

let repo = '';
let daemonPid = 0;
afterAll(async () => {
  if (daemonPid && pidAlive(daemonPid)) process.kill(daemonPid, 'SIGKILL');
  if (repo) {
    await harness(['down', '--force'], { cwd: repo });
    removeRepo(repo);
  }
});

describe('a hung daemon', () => {
  it('down --force kills it and reaps the env: no process, no lease, no data', async () => {
    repo = makeRepo({ app: plainApp });
    const up = await harness(['up', '--json'], { cwd: repo });
    expect(up.code, up.stdout + up.stderr).toBe(0);
    const env = up.json.env as { id: string; daemon: { pid: number }; processes: { pid: number }[] };
    daemonPid = env.daemon.pid;
    process.kill(daemonPid, 'SIGSTOP');

    const down = await harness(['down', '--force', '--json'], { cwd: repo });
    expect(down.code, down.stdout + down.stderr).toBe(0);
    expect(down.json.wasRunning).toBe(true);
    expect(down.json.forced).toBe('asked with --force');
    expect(pidAlive(daemonPid)).toBe(false);
    expect(markedPids(env.id)).toEqual([]);
    expect(existsSync(leaseFile(env.id))).toBe(false);
    expect(existsSync(`${repo}/.harness/data`)).toBe(false);

    // The worktree is usable at once.
    const again = await harness(['up', '--json'], { cwd: repo });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect((await harness(['down'], { cwd: repo })).code).toBe(0);
    expect(markedPids(env.id)).toEqual([]);
  });
});
