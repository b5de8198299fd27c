import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from './fixture-site.js';
import { cleanUp, newBrowserService } from './service-fixture.js';
import type { BrowserService } from '../../src/domains/browser/service/browser-service.js';

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
  });

  it('reports a failing journey with the step it reached and the failed check', async () => {
    const result = await service.journey({ name: 'broken' });
    expect(result.passed).toBe(false);
    expect(result.steps).toEqual(['open', 'look for a heading that is not there']);
    expect(result.error).toContain('check failed: the missing heading is visible');
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

  it('refuses to stop evidence that was never started', async () => {
    await expect(service.evidence({ action: 'stop', name: 'never' })).rejects.toThrow(/no evidence named "never"/);
  });
});
