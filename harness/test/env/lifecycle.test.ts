import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DaemonConnection } from '../../src/providers/daemon-rpc.js';
import { harness, leaseFile, logsql, makeRepo, markedPids, otelApp, promql, removeRepo, waitUntil, type Run } from './helpers.js';

// One env through its whole life: up, telemetry in all three stores, a second up,
// status, restart of the app, down, and nothing left behind.

interface EnvJson {
  id: string;
  worktree: string;
  ports: Record<string, number>;
  urls: { app: string; logs: { base: string }; metrics: { base: string }; traces: { base: string; jaeger: string } };
  traces: { mode: string; reason?: string };
  processes: { role: string; pid: number }[];
}

describe('harness up / down', () => {
  let repo: string;
  let up: Run;
  let env: EnvJson;

  beforeAll(async () => {
    repo = makeRepo({ app: otelApp });
    up = await harness(['up', '--json'], { cwd: repo });
    env = up.json.env as EnvJson;
  });

  afterAll(async () => {
    await harness(['down'], { cwd: repo });
    removeRepo(repo);
  });

  it('boots the stores and the app, and describes them in .harness/', () => {
    expect(up.code, up.stdout + up.stderr).toBe(0);
    expect(up.json.alreadyRunning).toBe(false);
    expect(env.worktree).toBe(repo);
    const envFile = readFileSync(join(repo, '.harness', 'env'), 'utf8');
    for (const name of ['HARNESS_APP_URL', 'VL_INSTANCE_ENTRYPOINT', 'VM_INSTANCE_ENTRYPOINT', 'VT_INSTANCE_ENTRYPOINT', 'VM_LOGS_URL', 'VM_METRICS_URL', 'VM_TRACES_URL']) {
      expect(envFile).toMatch(new RegExp(`^export ${name}='http://127\\.0\\.0\\.1:\\d+`, 'm'));
    }
    expect(envFile).toContain(`VM_TRACES_URL='${env.urls.traces.jaeger}'`);
    // The official mcp-victoriametrics will not start without it.
    expect(envFile).toMatch(/^export VM_INSTANCE_TYPE='single'$/m);
    // Shell-friendly: no trailing slash, so `$HARNESS_APP_URL/api/tasks` is one slash.
    expect(envFile).toContain(`HARNESS_APP_URL='${env.urls.app.replace(/\/$/, '')}'\n`);
    expect(env.urls.traces.jaeger).toMatch(/\/select\/jaeger$/);
    expect(statSync(join(repo, '.harness')).mode & 0o777).toBe(0o700);
    expect(statSync(join(repo, '.harness', 'daemon.sock')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(repo, '.harness', '.gitignore'), 'utf8')).toMatch(/^\*$/m);
    expect(JSON.parse(readFileSync(join(repo, '.harness', 'env.json'), 'utf8')).id).toBe(env.id);
    expect(JSON.parse(readFileSync(leaseFile(env.id), 'utf8')).ports).toEqual(env.ports);
  });

  it('tells the app to bind loopback and caps the stores\' Go heap', () => {
    const environ = (pid: number): string[] => readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
    const app = env.processes.find((p) => p.role === 'app')!;
    expect(environ(app.pid)).toContain('HOST=127.0.0.1');
    const stores = env.processes.filter((p) => p.role !== 'app');
    expect(stores.length).toBeGreaterThanOrEqual(3);
    for (const store of stores) expect(environ(store.pid)).toContain('GOMEMLIMIT=256MiB');
  });

  it('says plainly when traces run in fallback mode', () => {
    if (env.traces.mode === 'fallback') {
      expect(up.json.env).toMatchObject({ traces: { mode: 'fallback' } });
      expect(env.traces.reason).toBeTruthy();
    }
  });

  it("gets the app's log line, metric sample and span into the three stores, tagged with the env", async () => {
    const tag = `t${Date.now()}`;
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${env.urls.app}hello?tag=${tag}`);
      expect(response.status).toBe(200);
    }
    const logs = await waitUntil('the OTel log line in VictoriaLogs', async () => {
      const rows = await logsql(env.urls.logs.base, `"hello tag=${tag}" "harness.env":="${env.id}"`);
      return rows.length >= 3 ? rows : null;
    });
    expect(logs[0]!['service.name']).toBe('fixture');
    expect(logs[0]!['vcs.worktree.path']).toBe(repo);

    const stdout = await waitUntil('the stdout line in VictoriaLogs', async () => {
      const rows = await logsql(env.urls.logs.base, `"stdout hello tag=${tag}" "log.iostream":=stdout`);
      return rows.length >= 3 ? rows : null;
    });
    expect(stdout[0]!['harness.env']).toBe(env.id);

    // The daemon batches stdout for up to 200 ms; env.flushOutput (called by the
    // telemetry tools' readiness barrier) ships what it has read right away.
    const late = `late${Date.now()}`;
    expect((await fetch(`${env.urls.app}hello?tag=${late}`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 20)); // the daemon reads the pipe
    const connection = await DaemonConnection.open(join(repo, '.harness', 'daemon.sock'));
    try {
      expect(await connection.call('env.flushOutput', {})).toEqual({ flushed: true });
    } finally {
      connection.close();
    }
    await fetch(`${env.urls.logs.base}/internal/force_flush`, { method: 'POST' });
    expect(await logsql(env.urls.logs.base, `"stdout hello tag=${late}" "log.iostream":=stdout`)).toHaveLength(1);

    const samples = await waitUntil('the metric sample in VictoriaMetrics', async () => {
      const result = await promql(env.urls.metrics.base, `fixture_hello_total{tag="${tag}"}`);
      return result.length > 0 && Number(result[0]!.value[1]) >= 3 ? result : null;
    });
    expect(Object.values(samples[0]!.metric)).toContain(env.id);

    const spans = await waitUntil('the span in the traces store', async () => {
      const rows = await logsql(env.urls.traces.base, `name:="hello ${tag}"`);
      return rows.length >= 3 ? rows : null;
    });
    expect(spans[0]!['resource_attr:harness.env']).toBe(env.id);
  });

  it('a second up reports the running env and changes nothing', async () => {
    const again = await harness(['up', '--json'], { cwd: repo });
    expect(again.code).toBe(0);
    expect(again.json.alreadyRunning).toBe(true);
    const second = again.json.env as EnvJson;
    expect(second.ports).toEqual(env.ports);
    expect(second.processes.map((p) => p.pid).sort()).toEqual(env.processes.map((p) => p.pid).sort());
    const text = await harness(['up'], { cwd: repo });
    expect(text.stdout).toContain(`env ${env.id} is already running`);
  });

  it('status lists every part healthy with its memory', async () => {
    const status = await harness(['status', '--json'], { cwd: repo });
    expect(status.code).toBe(0);
    expect(status.json.healthy).toBe(true);
    const parts = status.json.parts as { name: string; state: string; rssBytes: number }[];
    expect(parts.map((p) => p.name).sort()).toEqual((env.traces.mode === 'native' ? ['app', 'logs', 'metrics', 'traces'] : ['app', 'logs', 'metrics', 'traces-store']).sort());
    for (const part of parts) {
      expect(part.state).toBe('healthy');
      expect(part.rssBytes).toBeGreaterThan(0);
    }
  });

  it('restart app replaces only the app, and applies an edited app section', async () => {
    const before = (await harness(['status', '--json'], { cwd: repo })).json.parts as { name: string; pid: number }[];
    writeFileSync(join(repo, 'harness.config.ts'), `export default ${JSON.stringify({ app: { ...otelApp, env: { FIXTURE_GREETING: 'hi from {envId}' } } })};\n`);
    // A second up does not apply the edit, but says so and how.
    const drift = await harness(['up', '--json'], { cwd: repo });
    expect(drift.json.alreadyRunning).toBe(true);
    expect((drift.json.problems as string[]).join('\n')).toMatch(/app section of .*harness\.config\.ts changed since the app started; run `harness restart app`/);
    const restarted = await harness(['restart', 'app', '--json'], { cwd: repo });
    expect(restarted.code, restarted.stdout + restarted.stderr).toBe(0);
    expect((await harness(['up', '--json'], { cwd: repo })).json.problems).toEqual([]);
    const after = (await harness(['status', '--json'], { cwd: repo })).json.parts as { name: string; pid: number }[];
    for (const part of after) {
      const old = before.find((p) => p.name === part.name)!;
      if (part.name === 'app') expect(part.pid).not.toBe(old.pid);
      else expect(part.pid).toBe(old.pid);
    }
    const answer = (await (await fetch(`${env.urls.app}hello?tag=after-restart`)).json()) as { greeting: string };
    expect(answer.greeting).toBe(`hi from ${env.id}`);
  });

  it('an app that died is reported by status and by a second up, and restart app brings it back', async () => {
    const parts = (await harness(['status', '--json'], { cwd: repo })).json.parts as { name: string; pid: number }[];
    process.kill(parts.find((p) => p.name === 'app')!.pid, 'SIGKILL');
    await waitUntil('the app to be seen as exited', async () => {
      const status = await harness(['status', '--json'], { cwd: repo });
      return status.code === 1 && (status.json.parts as { name: string; state: string }[]).some((p) => p.name === 'app' && p.state === 'exited');
    });
    const again = await harness(['up', '--json'], { cwd: repo });
    expect(again.json.alreadyRunning).toBe(true);
    expect((again.json.problems as string[]).join('\n')).toMatch(/the app \(fixture\) was killed by SIGKILL .*harness restart app/);
    expect((await harness(['restart', 'app'], { cwd: repo })).code).toBe(0);
    expect((await harness(['status', '--json'], { cwd: repo })).json.healthy).toBe(true);
  });

  it('down leaves no process, no data dir and no lease', async () => {
    const pids = env.processes.map((p) => p.pid);
    expect(markedPids(env.id).length).toBeGreaterThanOrEqual(pids.length);
    const down = await harness(['down', '--json'], { cwd: repo });
    expect(down.code).toBe(0);
    expect(down.json.wasRunning).toBe(true);
    expect(markedPids(env.id)).toEqual([]);
    expect(existsSync(join(repo, '.harness', 'data'))).toBe(false);
    expect(existsSync(join(repo, '.harness', 'daemon.sock'))).toBe(false);
    expect(existsSync(join(repo, '.harness', 'env.json'))).toBe(false);
    expect(existsSync(leaseFile(env.id))).toBe(false);
    const status = await harness(['status'], { cwd: repo });
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('harness up');
  });
});
