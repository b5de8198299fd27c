import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { resolveBinary } from '@agent-harness/observability/provision/index';
import { harness, makeRepo, markedPids, plainApp, removeRepo } from './helpers.js';

// `stack.binaries` in harness.config.ts: the env runs the binaries it names (relative
// to the worktree); a wrong one fails `up` with the reason and starts nothing.

const repos: string[] = [];
afterAll(async () => {
  for (const repo of repos) {
    await harness(['down'], { cwd: repo });
    removeRepo(repo);
  }
});

function repoWith(stack: unknown): string {
  const repo = makeRepo(`export default ${JSON.stringify({ app: plainApp, stack })};\n`);
  repos.push(repo);
  return repo;
}

describe('stack.binaries', () => {
  it('runs the VictoriaLogs binary the config names, by a path relative to the worktree', async () => {
    const real = (await resolveBinary('victoria-logs', { allowDownload: false, allowGoBuild: false })).path;
    const repo = repoWith({ binaries: { logs: 'tools/my-victoria-logs' } });
    mkdirSync(join(repo, 'tools'));
    copyFileSync(real, join(repo, 'tools', 'my-victoria-logs'));
    const up = await harness(['up', '--json'], { cwd: repo });
    expect(up.code, up.stdout + up.stderr).toBe(0);
    const env = up.json.env as { id: string; processes: { role: string; pid: number }[] };
    const logs = env.processes.find((p) => p.role === 'logs')!;
    expect(readlinkSync(`/proc/${logs.pid}/exe`)).toBe(join(repo, 'tools', 'my-victoria-logs'));
    expect((await harness(['down'], { cwd: repo })).code).toBe(0);
    expect(markedPids(env.id)).toEqual([]);
  });

  it('a path that is not a working binary fails up with exit 2 and the reason', async () => {
    const repo = repoWith({ binaries: { metrics: 'no/such/victoria-metrics' } });
    const up = await harness(['up'], { cwd: repo });
    expect(up.code).toBe(2);
    expect(up.stderr).toMatch(/victoria-metrics binary is not usable/);
    expect(up.stderr).toContain(join(repo, 'no/such/victoria-metrics'));
    expect(up.stderr).toContain('fix: correct stack.binaries.metrics in harness.config.ts');
  });

  it('an unknown field is named, before anything starts', async () => {
    const repo = repoWith({ binaries: { vlogs: '/usr/bin/true' } });
    const up = await harness(['up'], { cwd: repo });
    expect(up.code).toBe(2);
    expect(up.stderr).toContain('stack.binaries: unknown field vlogs');
    expect(up.stderr).toContain('fix:');
  });
});
