// The browser UI driven in Debian's Chromium through playwright-core, by role and label the
// way an agent's accessibility snapshot sees it: add a task through the form, see inline
// validation before anything is sent, mark done, filter, delete, and change settings that
// survive a reload.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskListSchema } from '../src/domains/tasks/types/task.js';
import { disposeApp, startApp, type RunningApp } from './helpers/app-process.js';
import { request } from './helpers/http.js';

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let app: RunningApp;
let profileDir: string;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  profileDir = mkdtempSync(join(tmpdir(), 'reference-app-chromium-'));
  // playwright passes the fresh profile as --user-data-dir itself
  context = await chromium.launchPersistentContext(profileDir, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS });
  page = context.pages()[0] ?? (await context.newPage());
});

afterAll(async () => {
  await context?.close();
  await disposeApp(app);
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

async function open(path: string): Promise<void> {
  await page.goto(new URL(path, app.url).href);
  await page.locator('body[data-state="ready"]').waitFor();
}

async function taskCount(): Promise<number> {
  return TaskListSchema.parse((await request(app.url, '/api/tasks')).json).total;
}

describe('tasks page', () => {
  it('shows inline errors for an empty title before sending anything', async () => {
    await open('/');
    await page.getByRole('button', { name: 'Add task' }).click();
    const title = page.getByLabel('Title');
    await expect.poll(() => title.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#task-title-error').textContent()).toBe('title is required');
    expect(await title.evaluate((element) => element.matches(':focus'))).toBe(true);
    await title.fill('x'.repeat(121));
    await page.getByRole('button', { name: 'Add task' }).click();
    await expect.poll(() => page.locator('#task-title-error').textContent()).toBe('title must be at most 120 characters');
    expect(await taskCount()).toBe(0);
  });

  it('adds a task through the form, with a traceparent the backend continues', async () => {
    await open('/');
    const sent = page.waitForRequest((req) => req.method() === 'POST' && req.url().endsWith('/api/tasks'));
    const answered = page.waitForResponse((res) => res.request().method() === 'POST' && res.url().endsWith('/api/tasks'));
    await page.getByLabel('Title').fill('Buy milk');
    await page.getByLabel('Notes').fill('two litres');
    await page.getByLabel('Priority').selectOption('high');
    await page.getByRole('button', { name: 'Add task' }).click();

    const traceparent = (await sent).headers()['traceparent'] ?? '';
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect((await answered).headers()['x-trace-id']).toBe(traceparent.split('-')[1]);

    const list = page.getByRole('list', { name: 'Tasks' });
    await list.getByRole('listitem').filter({ hasText: 'Buy milk' }).waitFor();
    expect(await list.textContent()).toContain('high priority');
    expect(await list.textContent()).toContain('two litres');
    expect(await page.getByRole('status').first().textContent()).toBe('Added “Buy milk”.');
    expect(await page.getByLabel('Title').inputValue()).toBe('');
    expect(await page.locator('#task-list-summary').textContent()).toBe('Showing 1 of 1 task.');
  });

  it('marks a task done, filters by status and deletes it', async () => {
    await open('/');
    await page.getByRole('button', { name: 'Mark done: Buy milk' }).click();
    await page.getByRole('button', { name: 'Reopen: Buy milk' }).waitFor();
    expect(await page.getByRole('listitem').filter({ hasText: 'Buy milk' }).textContent()).toContain('(done)');

    await page.getByRole('radio', { name: 'Open' }).check();
    await expect.poll(() => page.locator('#task-list-summary').textContent()).toBe('No open tasks.');
    expect(new URL(page.url()).searchParams.get('status')).toBe('open');
    await page.reload();
    await page.locator('body[data-state="ready"]').waitFor();
    expect(await page.getByRole('radio', { name: 'Open' }).isChecked()).toBe(true);

    await page.getByRole('radio', { name: 'Done' }).check();
    await page.getByRole('button', { name: 'Delete: Buy milk' }).click();
    await expect.poll(() => page.locator('#task-list-summary').textContent()).toBe('No done tasks.');
    expect(await taskCount()).toBe(0);
  });
});

describe('settings page', () => {
  it('shows an inline error for a page size out of range and saves nothing', async () => {
    await open('/settings');
    await page.getByLabel('Tasks per page').fill('3');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.locator('#settings-pageSize-error').textContent()).toBe('pageSize must be at least 5');
    expect((await request(app.url, '/api/settings')).json).toMatchObject({ pageSize: 20 });
  });

  it('saves settings that survive a reload and apply on the tasks page', async () => {
    await open('/settings');
    await page.getByLabel('Display name').fill('Grace');
    await page.getByRole('radio', { name: 'Dark' }).check();
    await page.getByLabel('Tasks per page').fill('7');
    await page.getByRole('checkbox', { name: 'List open tasks before done ones' }).check();
    await page.getByRole('checkbox', { name: 'Show notes in the task list' }).uncheck();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Settings saved.');
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');

    await page.reload();
    await page.locator('body[data-state="ready"]').waitFor();
    expect(await page.getByLabel('Display name').inputValue()).toBe('Grace');
    expect(await page.getByRole('radio', { name: 'Dark' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Tasks per page').inputValue()).toBe('7');
    expect(await page.getByRole('checkbox', { name: 'List open tasks before done ones' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Show notes in the task list' }).isChecked()).toBe(false);
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');

    for (let i = 1; i <= 9; i += 1) await request(app.url, '/api/tasks', { method: 'POST', json: { title: `task ${i}`, notes: 'hidden note' } });
    await page.getByRole('link', { name: 'Tasks' }).click();
    await page.locator('body[data-state="ready"]').waitFor();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    expect(await page.locator('#greeting').textContent()).toBe('Hello, Grace');
    expect(await page.getByRole('list', { name: 'Tasks' }).getByRole('listitem').count()).toBe(7);
    expect(await page.locator('#task-list-summary').textContent()).toBe('Showing 7 of 9 tasks.');
    expect(await page.getByRole('list', { name: 'Tasks' }).textContent()).not.toContain('hidden note');
  });
});

describe('paging', () => {
  it('reaches every task with "Show more", page by page, and keeps them shown after an edit', async () => {
    expect((await request(app.url, '/api/settings', { method: 'PUT', json: { pageSize: 5 } })).status).toBe(200);
    for (let i = 1; i <= 7; i += 1) await request(app.url, '/api/tasks', { method: 'POST', json: { title: `paged ${i}` } });
    const total = await taskCount();
    expect(total).toBeGreaterThan(10);
    await open('/?status=all');
    const items = page.getByRole('list', { name: 'Tasks' }).getByRole('listitem');
    const more = page.getByRole('button', { name: 'Show more' });
    expect(await page.locator('#task-list-summary').textContent()).toBe(`Showing 5 of ${total} tasks.`);
    for (let shown = 5; shown < total; shown = Math.min(shown + 5, total)) {
      await more.click();
      await expect.poll(() => items.count()).toBe(Math.min(shown + 5, total));
    }
    expect(await page.locator('#task-list-summary').textContent()).toBe(`Showing ${total} of ${total} tasks.`);
    expect(await more.isVisible()).toBe(false);
    const oldest = TaskListSchema.parse((await request(app.url, `/api/tasks?offset=${total - 1}`)).json).tasks[0];
    expect(await items.last().textContent()).toContain(oldest?.title);

    await page.getByRole('button', { name: `Delete: ${oldest?.title}` }).click();
    await expect.poll(() => page.locator('#task-list-summary').textContent()).toBe(`Showing ${total - 1} of ${total - 1} tasks.`);
  });
});
