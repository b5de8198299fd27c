// The tasks API against the real app process: valid input, every kind of invalid input
// (with the field it names), unknown ids and wrong methods.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

async function createTask(body: unknown) {
  const reply = await request(app.url, '/api/tasks', { method: 'POST', json: body });
  expect(reply.status).toBe(201);
  return TaskSchema.parse(reply.json);
}

describe('POST /api/tasks', () => {
  it('creates a task with defaults, a trimmed title and a Location header', async () => {
    const reply = await request(app.url, '/api/tasks', { method: 'POST', json: { title: '  Buy milk  ' } });
    expect(reply.status).toBe(201);
    const task = TaskSchema.parse(reply.json);
    expect(task).toMatchObject({ title: 'Buy milk', notes: '', priority: 'normal', done: false, completedAt: null });
    expect(reply.headers.get('location')).toBe(`/api/tasks/${task.id}`);
  });

  it.each([
    [{}, 'title', 'title is required'],
    [{ title: '   ' }, 'title', 'title is required'],
    [{ title: 'x'.repeat(121) }, 'title', 'title must be at most 120 characters'],
    [{ title: 42 }, 'title', 'title must be text'],
    [{ title: '\u0000'.repeat(120) }, 'title', 'title must not contain control characters (such as NUL, tab or a line break)'],
    [{ title: 'two\nlines' }, 'title', 'title must not contain control characters (such as NUL, tab or a line break)'],
    [{ title: 'ok', notes: 'n'.repeat(2001) }, 'notes', 'notes must be at most 2000 characters'],
    [{ title: 'ok', priority: 'urgent' }, 'priority', 'priority must be one of low, normal, high'],
    [{ title: 'ok', done: true }, 'done', 'unknown field "done"'],
    [null, '(root)', undefined],
    [[{ title: 'ok' }], '(root)', undefined],
    ['a string', '(root)', undefined],
  ])('rejects %j with 422 naming %s', async (body, path, message) => {
    const reply = await request(app.url, '/api/tasks', { method: 'POST', json: body });
    expect(reply.status).toBe(422);
    const { error } = ProblemSchema.parse(reply.json);
    expect(error.fields.map((field) => field.path)).toContain(path);
    if (message) expect(error.fields.find((field) => field.path === path)?.message).toBe(message);
    expect(error.fix).toMatch(/error\.fields/);
  });

  it('accepts the limits exactly: a 120-character title and 2000-character notes', async () => {
    const task = await createTask({ title: 't'.repeat(120), notes: 'n'.repeat(2000), priority: 'low' });
    expect(task.title).toHaveLength(120);
    expect(task.notes).toHaveLength(2000);
  });

  it('names every bad field at once', async () => {
    const reply = await request(app.url, '/api/tasks', { method: 'POST', json: { title: '', priority: 'x', extra: 1 } });
    expect(reply.status).toBe(422);
    expect(fieldPaths(reply.json).sort()).toEqual(['extra', 'priority', 'title']);
  });
});

describe('GET /api/tasks', () => {
  it('lists newest first, filters by status and limits the page while counting all', async () => {
    const first = await createTask({ title: 'list one' });
    const second = await createTask({ title: 'list two' });
    await request(app.url, `/api/tasks/${first.id}`, { method: 'PATCH', json: { done: true } });

    const all = TaskListSchema.parse((await request(app.url, '/api/tasks')).json);
    const ids = all.tasks.map((task) => task.id);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
    expect(all.total).toBe(all.tasks.length);

    const done = TaskListSchema.parse((await request(app.url, '/api/tasks?status=done')).json);
    expect(done.tasks.every((task) => task.done)).toBe(true);
    expect(done.tasks.map((task) => task.id)).toContain(first.id);

    const open = TaskListSchema.parse((await request(app.url, '/api/tasks?status=open&limit=1')).json);
    expect(open.tasks).toHaveLength(1);
    expect(open.tasks[0]?.done).toBe(false);
    expect(open.total).toBeGreaterThan(1);
  });

  it('pages on with offset: every task is reachable, each once, and total stays the count of all', async () => {
    for (let i = 0; i < 5; i += 1) await createTask({ title: `paged ${i}` });
    const everything = TaskListSchema.parse((await request(app.url, '/api/tasks?limit=500')).json);
    const seen: number[] = [];
    for (let offset = 0; offset < everything.total; offset += 2) {
      const page = TaskListSchema.parse((await request(app.url, `/api/tasks?limit=2&offset=${offset}`)).json);
      expect(page.total).toBe(everything.total);
      seen.push(...page.tasks.map((task) => task.id));
    }
    expect(seen).toEqual(everything.tasks.map((task) => task.id));
    const past = TaskListSchema.parse((await request(app.url, `/api/tasks?offset=${everything.total}`)).json);
    expect(past).toEqual({ tasks: [], total: everything.total });
  });

  it.each([
    ['offset=-1', 'offset'],
    ['offset=1.5', 'offset'],
    ['offset=', 'offset'],
    ['status=bogus', 'status'],
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=1.5', 'limit'],
    ['limit=', 'limit'],
    ['sort=title', 'sort'],
  ])('rejects ?%s with 422 naming %s', async (query, path) => {
    const reply = await request(app.url, `/api/tasks?${query}`);
    expect(reply.status).toBe(422);
    expect(fieldPaths(reply.json)).toContain(path);
  });
});

describe('/api/tasks/:id', () => {
  it('reads, updates, completes, reopens and deletes one task', async () => {
    const task = await createTask({ title: 'lifecycle', priority: 'high' });
    const path = `/api/tasks/${task.id}`;
    expect(TaskSchema.parse((await request(app.url, path)).json)).toEqual(task);

    const renamed = TaskSchema.parse((await request(app.url, path, { method: 'PATCH', json: { title: 'renamed', notes: 'n' } })).json);
    expect(renamed).toMatchObject({ title: 'renamed', notes: 'n', priority: 'high', done: false });

    const done = TaskSchema.parse((await request(app.url, path, { method: 'PATCH', json: { done: true } })).json);
    expect(done.done).toBe(true);
    expect(done.completedAt).not.toBeNull();

    const reopened = TaskSchema.parse((await request(app.url, path, { method: 'PATCH', json: { done: false } })).json);
    expect(reopened.completedAt).toBeNull();

    expect((await request(app.url, path, { method: 'DELETE' })).status).toBe(204);
    expect((await request(app.url, path)).status).toBe(404);
    expect((await request(app.url, path, { method: 'DELETE' })).status).toBe(404);
    expect((await request(app.url, path, { method: 'PATCH', json: { done: true } })).status).toBe(404);
  });

  it.each(['999999', 'abc', '0', '-1', '1e3', '0x10', '99999999999999999999', '%E0%A4%A'])('answers 404 for id %s', async (id) => {
    const reply = await request(app.url, `/api/tasks/${id}`);
    expect(reply.status).toBe(404);
    expect(ProblemSchema.parse(reply.json).error.fix).toMatch(/GET \/api\/tasks/);
  });

  it.each([
    [{}, '(root)'],
    [{ done: 'yes' }, 'done'],
    [{ title: '' }, 'title'],
    [{ priority: 'urgent' }, 'priority'],
    [{ id: 5 }, 'id'],
  ])('rejects the change %j with 422 naming %s', async (body, path) => {
    const task = await createTask({ title: 'patch target' });
    const reply = await request(app.url, `/api/tasks/${task.id}`, { method: 'PATCH', json: body });
    expect(reply.status).toBe(422);
    expect(fieldPaths(reply.json)).toContain(path);
  });
});

describe('routing', () => {
  it.each([
    ['PUT', '/api/tasks', 'GET, POST'],
    ['DELETE', '/api/tasks', 'GET, POST'],
    ['POST', '/api/tasks/1', 'GET, PATCH, DELETE'],
    ['DELETE', '/api/settings', 'GET, PUT'],
    ['POST', '/healthz', 'GET'],
  ])('answers %s %s with 405 and Allow: %s', async (method, path, allow) => {
    const reply = await request(app.url, path, { method, json: {} });
    expect(reply.status).toBe(405);
    expect(reply.headers.get('allow')).toBe(allow);
    expect(ProblemSchema.parse(reply.json).error.what).toContain(method);
  });

  it.each(['/api/nothing', '/api/tasks/1/extra', '/favicon.ico', '/assets/missing.js'])('answers 404 JSON for %s', async (path) => {
    const reply = await request(app.url, path);
    expect(reply.status).toBe(404);
    expect(ProblemSchema.safeParse(reply.json).success).toBe(true);
  });

  it('serves /healthz with version and uptime', async () => {
    const reply = await request(app.url, '/healthz');
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ status: 'ok', version: '0.1.0' });
    expect(reply.json).toHaveProperty('uptimeSeconds', expect.any(Number));
  });

  it('continues the trace id of an incoming traceparent and reports it in x-trace-id', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const reply = await request(app.url, '/api/tasks', { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    expect(reply.headers.get('x-trace-id')).toBe(traceId);
  });

  it('serves both pages and their scripts', async () => {
    for (const [path, script] of [['/', '/assets/tasks-page.js'], ['/settings', '/assets/settings-page.js']] as const) {
      const page = await request(app.url, path);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.text).toContain(`src="${script}"`);
      const asset = await request(app.url, script);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toContain('text/javascript');
    }
  });
});
