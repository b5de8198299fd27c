import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveBinary } from '@agent-harness/observability/provision/index';

const bin = fileURLToPath(new URL('../bin/harness.js', import.meta.url));
const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

function harness(args: string[], env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env, timeout: 120_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** An environment with its own empty cache and no Victoria binary on PATH. */
function isolatedEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const home = tempDir('harness-install-');
  return { PATH: process.env.PATH, HOME: home, XDG_CACHE_HOME: join(home, 'cache'), HARNESS_RELEASES_BASE_URL: 'http://127.0.0.1:9', ...extra };
}

describe('harness install', () => {
  it('reports each store with path, version and source, and VictoriaTraces via the traces bridge (exit 0)', async () => {
    const dir = tempDir('harness-bins-');
    const vl = join(dir, 'vl');
    const vm = join(dir, 'vm');
    copyFileSync((await resolveBinary('victoria-logs')).path, vl);
    copyFileSync((await resolveBinary('victoria-metrics')).path, vm);
    const run = harness(['install', '--json'], isolatedEnv({ HARNESS_VICTORIA_LOGS_BIN: vl, HARNESS_VICTORIA_METRICS_BIN: vm }));
    expect(run.status).toBe(0);
    const result: unknown = JSON.parse(run.stdout);
    expect(result).toMatchObject({
      ok: true,
      stores: [
        { name: 'victoria-logs', usable: true, path: vl, version: 'v1.43.1', source: 'explicit' },
        { name: 'victoria-metrics', usable: true, path: vm, version: 'v1.150.0', source: 'explicit' },
        { name: 'victoria-traces', usable: true, fallback: 'traces bridge', error: { what: expect.stringContaining('no VictoriaTraces v0.12.0 binary') } },
      ],
    });
  }, 600_000);

  it('exits 2 with a diagnostic per missing store when no way is allowed to get it', () => {
    const run = harness(['install', '--no-download', '--no-go-build'], isolatedEnv());
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('victoria-logs     v1.43.1   not provisioned');
    expect(run.stdout).toContain('error: no VictoriaLogs v1.43.1 binary (victoria-logs): every way to get it failed');
    expect(run.stdout).toContain('- go build: Go builds disabled');
    expect(run.stdout).toContain('fallback: traces bridge');
  });
});
