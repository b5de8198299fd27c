import { afterAll, describe, expect, it } from 'vitest';
import { harness, logsql, makeRepo, plainApp, removeRepo, waitUntil } from './helpers.js';

// An unmodified Node app (no OpenTelemetry code at all) under `otel.preload`: the
// observability package's bootstrap, preloaded through NODE_OPTIONS, sends its HTTP spans.

describe('otel.preload', () => {
  const repo = makeRepo({ app: { ...plainApp, otel: { preload: true } } });
  afterAll(async () => {
    await harness(['down'], { cwd: repo });
    removeRepo(repo);
  });

  it("an app with no telemetry code gets its HTTP server spans into this env's traces store", async () => {
    const up = await harness(['up', '--json'], { cwd: repo });
    expect(up.code, up.stdout + up.stderr).toBe(0);
    const env = up.json.env as { id: string; urls: { app: string; traces: { base: string } } };
    const tag = `p${Date.now()}`;
    expect((await fetch(`${env.urls.app}hello?tag=${tag}`)).status).toBe(200);
    const spans = await waitUntil('the HTTP span of /hello', async () => {
      const rows = await logsql(env.urls.traces.base, `"resource_attr:harness.env":="${env.id}"`);
      const mine = rows.filter((row) => Object.values(row).some((v) => typeof v === 'string' && v.includes(`/hello?tag=${tag}`) || v === '/hello'));
      return mine.length > 0 ? mine : null;
    }, 20_000);
    expect(spans[0]!['resource_attr:service.name']).toBe('plain');
    expect(spans[0]!['resource_attr:vcs.worktree.path']).toBe(repo);
  });
});
