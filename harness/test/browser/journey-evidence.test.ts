import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from './fixture-site.js';
import { cleanUp, newBrowserService } from './service-fixture.js';
import type { BrowserService } from '../../src/domains/browser/service/browser-service.js';
import { callBrowserTool } from '../../src/domains/browser/ui/daemon-call.js';
import { HarnessError } from '../../src/utils/diagnostic.js';

let site: FixtureSite;
let failing: FixtureSite;
let service: BrowserService;
let cleanup: () => Promise<void>;
let dir: string;

const ADD_TASK = `import type { JourneyContext } from 'agent-harness/journey';

export default async function addTask({ page, appUrl, step, check }: JourneyContext): Promise<void> {
  step('open the tasks page');
  await page.goto(appUrl + '/');
  step('add a task');
  await page.fill('#title', 'From a journey');
  await page.click('#add');
  step('see it listed');
  await page.waitForSelector('#list li', { timeout: 5000 });
  check((await page.textContent('#list li')) === 'From a journey', 'the new task is listed');
  await page.evaluate(() => fetch('/other', { headers: { baggage: 'tenant=blue,harness.journey=stale' } }));
}
`;

const BROKEN = `export default async ({ page, appUrl, step, check }) => {
  step('open');
  await page.goto(appUrl + '/');
  step('look for a heading that is not there');
  check(await page.isVisible('h2.missing'), 'the missing heading is visible');
};
`;

beforeAll(async () => {
  site = await startFixtureSite();
  failing = await startFixtureSite({ failCreate: true });
  const created = newBrowserService(site.url, { journeys: 'journeys' });
  ({ service, cleanup, dir } = created);
  // The service was made with the worktree root = cwd; journeys live in the temp dir instead.
  const worktree = dir;
  mkdirSync(join(worktree, 'journeys'), { recursive: true });
  writeFileSync(join(worktree, 'journeys', 'add-task.ts'), ADD_TASK);
  writeFileSync(join(worktree, 'journeys', 'broken.mjs'), BROKEN);
});

// Every step runs even if an earlier one fails, so nothing is left running.
afterAll(() => cleanUp(() => cleanup(), () => site.close(), () => failing.close()));

function frames(video: string): number {
  const out = execFileSync('/usr/bin/ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', video], { encoding: 'utf8' });
  return Number(out.trim());
}

describe('journeys', () => {
  it('runs a TypeScript Playwright journey on the env tab, under one trace id, and records it', async () => {
    const result = await service.journey({ name: 'add-task', record: true });
    expect(result.error).toBeUndefined();
    expect(result.passed).toBe(true);
    expect(result.steps).toEqual(['open the tasks page', 'add a task', 'see it listed']);
    expect(result.video && existsSync(result.video)).toBe(true);
    expect(frames(result.video!)).toBeGreaterThan(0);
    // It drove the harness's own tab: the tools see what the journey left.
    const list = await service.dom({ selector: '#list li' });
    expect(list.matches[0]?.html).toBe('<li>From a journey</li>');
    const post = site.requests.filter((r) => r.path === '/api/tasks').at(-1);
    expect(post?.headers.traceparent).toContain(result.traceId);
    // Every request of the journey names it as W3C baggage; the page's own members are kept.
    expect(post?.headers.baggage).toBe('harness.journey=add-task');
    expect(site.requests.filter((r) => r.path === '/').at(-1)?.headers.baggage).toBe('harness.journey=add-task');
    expect(site.requests.filter((r) => r.path === '/other').at(-1)?.headers.baggage).toBe('tenant=blue,harness.journey=add-task');
    // An action outside a journey sends none.
    await service.click({ target: { selector: '#add' }, kind: 'click' });
    expect(site.requests.filter((r) => r.path === '/api/tasks').at(-1)?.headers.baggage).toBeUndefined();
  });

  it('reports a failing journey with the step it reached and the failed check', async () => {
    const result = await service.journey({ name: 'broken' });
    expect(result.passed).toBe(false);
    expect(result.steps).toEqual(['open', 'look for a heading that is not there']);
    expect(result.error).toContain('check failed: the missing heading is visible');
  });

  it('refuses a journey name that leaves the journeys folder', async () => {
    writeFileSync(join(dir, 'outside.mjs'), BROKEN);
    for (const name of ['../outside', 'a/../../outside', '.hidden']) {
      const error = await service.journey({ name }).catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(HarnessError);
      expect((error as HarnessError).exitCode, name).toBe(2);
      expect((error as HarnessError).diagnostic.what).toContain('not a usable journey name');
    }
  });

  it('names the journeys there are when the name is wrong', async () => {
    await expect(service.journey({ name: 'nope' })).rejects.toThrow(/no journey named "nope" in journeys\//);
  });
});

describe('evidence', () => {
  it('bundles before/after screenshots, video, console, network and a summary in one folder', async () => {
    await service.navigate({ url: `${failing.url}/` });
    const started = await service.evidence({ action: 'start', name: 'add-task-fix' });
    expect(started.state).toBe('started');
    await service.fill({ fields: [{ target: { selector: '#title' }, value: 'Broken add' }] });
    await service.click({ target: { role: 'button', name: 'Add task' }, kind: 'click' });
    await service.navigate({ url: `${site.url}/` });
    await service.fill({ fields: [{ target: { selector: '#title' }, value: 'Fixed add' }] });
    await service.click({ target: { role: 'button', name: 'Add task' }, kind: 'click' });
    const stopped = await service.evidence({ action: 'stop', name: 'add-task-fix' });
    const folder = stopped.folder;
    expect(folder).toBe(join(dir, 'artifacts', 'evidence', 'add-task-fix'));
    for (const file of ['before.png', 'after.png', 'diff.png', 'video.mp4', 'console.json', 'network.json', 'backend.json', 'summary.md', 'before-snapshot.txt', 'after-snapshot.txt']) {
      expect(existsSync(join(folder, file)), file).toBe(true);
    }
    expect(frames(join(folder, 'video.mp4'))).toBeGreaterThan(0);
    const network = JSON.parse(readFileSync(join(folder, 'network.json'), 'utf8')) as { url: string; status?: number }[];
    expect(network.some((r) => r.url === `${failing.url}/api/tasks` && r.status === 500)).toBe(true);
    expect(network.some((r) => r.url === `${site.url}/api/tasks` && r.status === 201)).toBe(true);
    const summary = readFileSync(join(folder, 'summary.md'), 'utf8');
    expect(summary).toContain('# Evidence: add-task-fix');
    expect(summary).toMatch(/POST .*\/api\/tasks → 500/);
    expect(summary).toContain('![before](before.png)');
    expect(stopped.summary).toBe(summary);
  });

  it('refuses names that point above its folder, and deletes nothing', async () => {
    const kept = join(dir, 'artifacts', 'screenshots', 'kept.png');
    mkdirSync(join(dir, 'artifacts', 'screenshots'), { recursive: true });
    writeFileSync(kept, 'an earlier screenshot');
    for (const name of ['..', '.', '.hidden', 'a..b']) {
      const error = await service.evidence({ action: 'start', name }).catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(HarnessError);
      expect((error as HarnessError).exitCode, name).toBe(2);
      // The CLI and MCP check the name before calling the daemon, naming the field and argument.
      const client = await callBrowserTool('evidence', { action: 'start', name }, dir).catch((e: unknown) => e);
      expect((client as HarnessError).exitCode, name).toBe(2);
      expect((client as HarnessError).diagnostic.what, name).toContain('evidence: name is invalid');
      expect((client as HarnessError).diagnostic.fix, name).toContain('the NAME argument');
    }
    expect(existsSync(kept)).toBe(true);
    expect(existsSync(join(dir, 'artifacts', 'evidence', 'add-task-fix', 'summary.md'))).toBe(true);
  });

  it('refuses to overwrite an existing bundle unless forced', async () => {
    const summary = join(dir, 'artifacts', 'evidence', 'add-task-fix', 'summary.md');
    const error = await service.evidence({ action: 'start', name: 'add-task-fix' }).catch((e: unknown) => e);
    expect((error as HarnessError).exitCode).toBe(2);
    expect((error as HarnessError).diagnostic.fix).toContain('--force');
    expect(existsSync(summary)).toBe(true);
    const started = await service.evidence({ action: 'start', name: 'add-task-fix', force: true });
    expect(started.state).toBe('started');
    expect(existsSync(summary)).toBe(false);
    await service.evidence({ action: 'stop', name: 'add-task-fix' });
    expect(existsSync(summary)).toBe(true);
  });

  it('refuses to stop evidence that was never started', async () => {
    await expect(service.evidence({ action: 'stop', name: 'never' })).rejects.toThrow(/no evidence named "never"/);
  });
});
