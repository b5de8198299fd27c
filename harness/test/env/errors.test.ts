import { afterAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { harness, leaseFile, makeRepo, markedPids, plainApp, removeRepo } from './helpers.js';

// Each way `up` can be misused or fail: a clear error (what, why, fix), exit code 2,
// and nothing left running.

const repos: string[] = [];
function repoWith(config: Parameters<typeof makeRepo>[0]): string {
  const repo = makeRepo(config);
  repos.push(repo);
  return repo;
}
afterAll(async () => {
  for (const repo of repos) {
    await harness(['down'], { cwd: repo });
    removeRepo(repo);
  }
});

interface ErrorJson {
  ok: boolean;
  error: { what: string; why: string; fix: string };
}

describe('harness up errors', () => {
  it('a field of the wrong type is named, with the fix', async () => {
    const repo = repoWith('export default { app: { command: "node server.js" } };\n');
    const run = await harness(['up'], { cwd: repo });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/error: .*harness\.config\.ts: app\.command: /);
    expect(run.stderr).toMatch(/fix: set app\.command to the argv/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(repo, '.harness', 'daemon.sock'))).toBe(false);
  });

  it('an unknown field and a bad placeholder are named too (--json)', async () => {
    const typo = await harness(['up', '--json'], { cwd: repoWith({ app: { ...plainApp, helth: { path: '/' } } as never }) });
    expect(typo.code).toBe(2);
    const typoError = (typo.json as unknown as ErrorJson).error;
    expect(typoError.what).toContain('helth');
    expect(typoError.fix).toContain('remove app.helth (did you mean health?)');

    const placeholder = await harness(['up', '--json'], { cwd: repoWith({ app: { ...plainApp, command: ['node', 'x.js', '--port', '{ports.web}'] } }) });
    expect(placeholder.code).toBe(2);
    const error = (placeholder.json as unknown as ErrorJson).error;
    expect(error.what).toContain('app.command.3: unknown placeholder {ports.web}');
    expect(error.fix).toContain('{ports.http}');
  });

  it('a config without an app section says what to add', async () => {
    const run = await harness(['up', '--json'], { cwd: repoWith('export default {};\n') });
    expect(run.code).toBe(2);
    const error = (run.json as unknown as ErrorJson).error;
    expect(error.what).toContain('no `app` section');
    expect(error.fix).toContain("command: ['node'");
  });

  it('all ports taken: a clear error with the fix, and nothing leased or running', async () => {
    const repo = repoWith({ app: plainApp });
    const run = await harness(['up', '--json'], { cwd: repo, env: { HARNESS_PORT_RANGE: '39100-39102' } });
    expect(run.code).toBe(2);
    const error = (run.json as unknown as ErrorJson).error;
    expect(error.what).toMatch(/no free port for .* in 39100-39102/);
    expect(error.fix).toContain('HARNESS_PORT_RANGE');
    expect(error.fix).toContain('harness gc');
    const id = (await harness(['status', '--json'], { cwd: repo })).json.id as string;
    expect(existsSync(leaseFile(id))).toBe(false);
    expect(markedPids(id)).toEqual([]);
  });

  it('a port held by an unrelated program is skipped', async () => {
    // A range of 7 ports nobody uses now (other envs may run on this machine), two of
    // them then held by a plain server: up must lease the other five.
    const base = await freeRange(7);
    const occupied = [base, base + 2];
    const servers: Server[] = [];
    for (const port of occupied) {
      const server = createServer();
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
      servers.push(server);
    }
    try {
      const repo = repoWith({ app: plainApp });
      const run = await harness(['up', '--json'], { cwd: repo, env: { HARNESS_PORT_RANGE: `${base}-${base + 6}` } });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      const ports = Object.values((run.json.env as { ports: Record<string, number> }).ports);
      expect(ports.filter((p) => occupied.includes(p))).toEqual([]);
      expect(ports.every((p) => p >= base && p <= base + 6)).toBe(true);
      await harness(['down'], { cwd: repo });
    } finally {
      for (const server of servers) server.close();
    }
  });

  it('a missing binary with no way to get it: exit 2, each way and its remedy', async () => {
    const repo = repoWith({ app: plainApp });
    const explicit = await harness(['up', '--json'], { cwd: repo, env: { HARNESS_VICTORIA_LOGS_BIN: '/nonexistent/victoria-logs' } });
    expect(explicit.code).toBe(2);
    const error = (explicit.json as unknown as ErrorJson).error;
    expect(error.what).toContain('/nonexistent/victoria-logs');
    expect(error.fix).toContain('HARNESS_VICTORIA_LOGS_BIN');

    // No explicit path, not on PATH, an empty cache, an unreachable release server, no Go.
    const emptyCache = mkdtempSync(join(tmpdir(), 'hx-cache-'));
    const nothing = await harness(['up', '--json'], { cwd: repo, env: { XDG_CACHE_HOME: emptyCache, PATH: '/usr/bin:/bin', HARNESS_RELEASES_BASE_URL: 'http://127.0.0.1:9' } });
    removeRepo(emptyCache);
    expect(nothing.code).toBe(2);
    const none = (nothing.json as unknown as ErrorJson).error;
    expect(none.what).toMatch(/victoria-(logs|metrics).*every way to get it failed/);
    for (const way of ['explicit path', 'PATH', 'cache', 'release tarball', 'go build']) expect(none.fix).toContain(way);
    const id = (await harness(['status', '--json'], { cwd: repo })).json.id as string;
    expect(markedPids(id)).toEqual([]);
    expect(existsSync(leaseFile(id))).toBe(false);
  });

  it('an app that dies at start: names it, shows its log, cleans up', async () => {
    const repo = repoWith({ app: { name: 'broken', command: ['node', '-e', 'console.error("boom: missing DATABASE_URL"); process.exit(3)'], health: { path: '/' } } });
    const run = await harness(['up', '--json'], { cwd: repo });
    expect(run.code).toBe(2);
    const error = (run.json as unknown as ErrorJson).error;
    expect(error.what).toMatch(/the app \(broken\) exited with code 3 before it was healthy/);
    expect(error.why).toContain('boom: missing DATABASE_URL');
    expect(error.fix).toContain('harness.config.ts');
    const id = (await harness(['status', '--json'], { cwd: repo })).json.id as string;
    expect(markedPids(id)).toEqual([]);
    expect(existsSync(leaseFile(id))).toBe(false);
    expect(existsSync(join(repo, '.harness', 'data'))).toBe(false);
  });
});

/** The first port of `size` consecutive ports that all bind on 127.0.0.1 right now. */
async function freeRange(size: number): Promise<number> {
  const bindable = (port: number): Promise<boolean> =>
    new Promise((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
  for (let base = 40_000 + Math.floor(Math.random() * 1000) * 10; base < 60_000; base += size) {
    let all = true;
    for (let port = base; port < base + size && all; port++) all = await bindable(port);
    if (all) return base;
  }
  throw new Error('no free port range found for the test');
}
