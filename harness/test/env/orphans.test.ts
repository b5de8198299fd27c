import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { harness, makeRepo, markedPids, pidAlive, plainApp, removeRepo, waitUntil } from './helpers.js';

// gc finds in /proc what no lease names: processes marked with an env whose daemon is
// gone (its lease lost, or never written). It kills those, and nothing of an env
// whose daemon runs.

const started: number[] = [];
let repo = '';
afterAll(async () => {
  for (const pid of started) if (pidAlive(pid)) process.kill(pid, 'SIGKILL');
  if (repo) {
    await harness(['down'], { cwd: repo });
    removeRepo(repo);
  }
});

describe('gc and unleased processes', () => {
  it('reaps marked processes of an env with no daemon and no lease, and spares a live env', async () => {
    repo = makeRepo({ app: plainApp });
    const up = await harness(['up', '--json'], { cwd: repo });
    expect(up.code, up.stdout + up.stderr).toBe(0);
    const live = up.json.env as { id: string };
    const liveBefore = markedPids(live.id).sort();

    const orphanEnv = `hx-orphan-${process.pid}-${Date.now()}`;
    const orphan = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { env: { ...process.env, AGENT_HARNESS_ENV: orphanEnv }, stdio: 'ignore', detached: true });
    orphan.unref();
    started.push(orphan.pid!);
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
