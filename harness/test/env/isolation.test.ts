import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { harness, logsql, makeRepo, markedPids, otelApp, promql, removeRepo, waitUntil } from './helpers.js';

// Two worktrees of one repository (git worktree add), up at the same time: their own
// ports, and neither sees the other's telemetry.

interface EnvJson {
  id: string;
  ports: Record<string, number>;
  urls: { app: string; logs: { base: string }; metrics: { base: string }; traces: { base: string } };
}

describe('two worktrees up at once', () => {
  const repo = makeRepo({ app: otelApp });
  const second = join(repo, '..', `${repo.split('/').pop()}-wt2`);
  execFileSync('git', ['worktree', 'add', '-q', '-b', 'feature-two', second], { cwd: repo, stdio: 'ignore' });

  afterAll(async () => {
    await Promise.all([harness(['down'], { cwd: repo }), harness(['down'], { cwd: second })]);
    removeRepo(second);
    removeRepo(repo);
  });

  it('get different ports, each names its own env, and neither sees the other telemetry', async () => {
    const [a, b] = await Promise.all([harness(['up', '--json'], { cwd: repo }), harness(['up', '--json'], { cwd: second })]);
    expect(a.code, a.stdout + a.stderr).toBe(0);
    expect(b.code, b.stdout + b.stderr).toBe(0);
    const envA = a.json.env as EnvJson;
    const envB = b.json.env as EnvJson;
    expect(envA.id).not.toBe(envB.id);
    const portsA = Object.values(envA.ports);
    const portsB = Object.values(envB.ports);
    expect(portsA.filter((p) => portsB.includes(p))).toEqual([]);
    expect((b.json.env as { branch: string }).branch).toBe('feature-two');

    const tagA = `a${Date.now()}`;
    const tagB = `b${Date.now()}`;
    expect((await fetch(`${envA.urls.app}hello?tag=${tagA}`)).status).toBe(200);
    expect((await fetch(`${envB.urls.app}hello?tag=${tagB}`)).status).toBe(200);

    // Each store has its own env's records, tagged with its id...
    await waitUntil('A log in A', async () => (await logsql(envA.urls.logs.base, `"hello tag=${tagA}"`)).length > 0);
    await waitUntil('B log in B', async () => (await logsql(envB.urls.logs.base, `"hello tag=${tagB}"`)).length > 0);
    await waitUntil('B metric in B', async () => (await promql(envB.urls.metrics.base, `fixture_hello_total{tag="${tagB}"}`)).length > 0);
    await waitUntil('A span in A', async () => (await logsql(envA.urls.traces.base, `name:="hello ${tagA}"`)).length > 0);
    // ...and none of the other's.
    expect(await logsql(envA.urls.logs.base, `"hello tag=${tagB}"`)).toEqual([]);
    expect(await logsql(envB.urls.logs.base, `"hello tag=${tagA}"`)).toEqual([]);
    expect(await promql(envA.urls.metrics.base, `fixture_hello_total{tag="${tagB}"}`)).toEqual([]);
    expect(await logsql(envB.urls.traces.base, `name:="hello ${tagA}"`)).toEqual([]);
    const rowsA = await logsql(envA.urls.logs.base, '*');
    expect(rowsA.every((row) => row['harness.env'] === envA.id)).toBe(true);

    const ls = await harness(['ls', '--json'], { cwd: repo });
    const listed = (ls.json.envs as { id: string; state: string; rssBytes: number }[]).filter((e) => e.id === envA.id || e.id === envB.id);
    expect(listed.map((e) => e.state)).toEqual(['healthy', 'healthy']);
    expect(listed.every((e) => e.rssBytes > 0)).toBe(true);

    const [downA, downB] = await Promise.all([harness(['down'], { cwd: repo }), harness(['down'], { cwd: second })]);
    expect(downA.code).toBe(0);
    expect(downB.code).toBe(0);
    expect(markedPids(envA.id)).toEqual([]);
    expect(markedPids(envB.id)).toEqual([]);
  });
});
