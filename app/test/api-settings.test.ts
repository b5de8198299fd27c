// The settings API against the real app process: defaults, partial updates, and each
// invalid field named in the 422 reply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettingsSchema } from '../src/domains/settings/types/settings.js';
import { TaskListSchema, TaskSchema } from '../src/domains/tasks/types/task.js';
import { ProblemSchema } from '../src/utils/problem.js';
import { disposeApp, startApp, type RunningApp } from './helpers/app-process.js';
import { fieldPaths, request } from './helpers/http.js';

let app: RunningApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await disposeApp(app);
});

describe('/api/settings', () => {
  it('starts with the defaults', async () => {
    const reply = await request(app.url, '/api/settings');
    expect(reply.status).toBe(200);
    expect(SettingsSchema.parse(reply.json)).toEqual({
      displayName: 'You',
      theme: 'light',
      pageSize: 20,
      flags: { doneLast: false, showNotes: true },
    });
  });

  it('changes only the fields a PUT names, flags one by one', async () => {
    const reply = await request(app.url, '/api/settings', { method: 'PUT', json: { theme: 'dark', flags: { showNotes: false } } });
    expect(reply.status).toBe(200);
    expect(SettingsSchema.parse(reply.json)).toMatchObject({ displayName: 'You', theme: 'dark', pageSize: 20, flags: { doneLast: false, showNotes: false } });
    const again = SettingsSchema.parse((await request(app.url, '/api/settings')).json);
    expect(again.theme).toBe('dark');
    expect(again.flags.showNotes).toBe(false);
  });

  it('accepts the page size limits 5 and 100', async () => {
    for (const pageSize of [5, 100]) {
      const reply = await request(app.url, '/api/settings', { method: 'PUT', json: { pageSize } });
      expect(SettingsSchema.parse(reply.json).pageSize).toBe(pageSize);
    }
  });

  it.each([
    [{ pageSize: 4 }, 'pageSize', 'pageSize must be at least 5'],
    [{ pageSize: 101 }, 'pageSize', 'pageSize must be at most 100'],
    [{ pageSize: 5.5 }, 'pageSize', 'pageSize must be a whole number'],
    [{ pageSize: '20' }, 'pageSize', 'pageSize must be a number'],
    [{ theme: 'blue' }, 'theme', 'theme must be light or dark'],
    [{ displayName: '' }, 'displayName', 'displayName is required'],
    [{ displayName: 'n'.repeat(61) }, 'displayName', 'displayName must be at most 60 characters'],
    [{ displayName: 'Ada\u001b[31m' }, 'displayName', 'displayName must not contain control characters (such as NUL, tab or a line break)'],
    [{ flags: { doneLast: 'yes' } }, 'flags.doneLast', 'a feature flag must be true or false'],
    [{ flags: { darkMagic: true } }, 'flags.darkMagic', 'unknown field "darkMagic"'],
    [{ language: 'fr' }, 'language', 'unknown field "language"'],
    [[], '(root)', undefined],
  ])('rejects %j with 422 naming %s and changes nothing', async (body, path, message) => {
    const before = (await request(app.url, '/api/settings')).json;
    const reply = await request(app.url, '/api/settings', { method: 'PUT', json: body });
    expect(reply.status).toBe(422);
    expect(fieldPaths(reply.json)).toContain(path);
    if (message) expect(ProblemSchema.parse(reply.json).error.fields).toContainEqual({ path, message });
    expect((await request(app.url, '/api/settings')).json).toEqual(before);
  });

  it('applies the doneLast flag to the task list order at once', async () => {
    await request(app.url, '/api/tasks', { method: 'POST', json: { title: 'older, open' } });
    const newer = await request(app.url, '/api/tasks', { method: 'POST', json: { title: 'newer, done' } });
    const newerId = TaskSchema.parse(newer.json).id;
    await request(app.url, `/api/tasks/${newerId}`, { method: 'PATCH', json: { done: true } });
    const order = async (): Promise<boolean[]> =>
      TaskListSchema.parse((await request(app.url, '/api/tasks')).json).tasks.map((task) => task.done);

    await request(app.url, '/api/settings', { method: 'PUT', json: { flags: { doneLast: false } } });
    expect(await order()).toEqual([true, false]); // newest first
    await request(app.url, '/api/settings', { method: 'PUT', json: { flags: { doneLast: true } } });
    expect(await order()).toEqual([false, true]); // open first
  });
});
