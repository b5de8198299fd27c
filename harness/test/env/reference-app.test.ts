import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadProjectConfig } from '../../src/providers/project-config.js';
import { harness, logsql, makeRepo, markedPids, promql, removeRepo, waitUntil } from './helpers.js';

// The repository's own `app` section (what `npm start` boots): the reference app under
// `harness up`, its telemetry in the env's stores, tagged with the env.

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

describe('the reference app under harness up', () => {
  let worktree: string;
  afterAll(async () => {
    if (worktree) {
      await harness(['down'], { cwd: worktree });
      removeRepo(worktree);
    }
  });

  it("boots from this repository's harness.config.ts and sends spans, metrics and logs", async () => {
    const { sections } = await loadProjectConfig(repoRoot);
    const app = { ...(sections.app as Record<string, unknown>), cwd: repoRoot };
    worktree = makeRepo({ app: app as never });
    const up = await harness(['up', '--json'], { cwd: worktree });
    expect(up.code, up.stdout + up.stderr).toBe(0);
    const env = up.json.env as { id: string; urls: { app: string; logs: { base: string }; metrics: { base: string }; traces: { base: string } } };

    const title = `env test ${Date.now()}`;
    const created = await fetch(`${env.urls.app}api/tasks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title }) });
    expect(created.status).toBe(201);

    const spans = await waitUntil('the POST /api/tasks span', async () => {
      const rows = await logsql(env.urls.traces.base, `name:="POST /api/tasks" "resource_attr:harness.env":="${env.id}"`);
      return rows.length > 0 ? rows : null;
    });
    expect(spans[0]!['resource_attr:service.name']).toBe('reference-app');
    await waitUntil('a log record of the app', async () => (await logsql(env.urls.logs.base, `"harness.env":="${env.id}" "service.name":="reference-app"`)).length > 0);
    await waitUntil('the HTTP server duration metric', async () => {
      const result = await promql(env.urls.metrics.base, `http_server_request_duration_seconds_count{harness_env="${env.id}", http_route="/api/tasks"}`);
      return result.length > 0 ? result : null;
    });

    const down = await harness(['down'], { cwd: worktree });
    expect(down.code).toBe(0);
    expect(markedPids(env.id)).toEqual([]);
  });
});
