import type { SeedSpan } from './span-rows.js';

/**
 * Five traces at known offsets (ms from a base time): two user journeys, a plain request,
 * the app's startup and a job of another service.
 */
export const TRACE_IDS = {
  createTask: 'a1',
  completeTask: 'b2',
  listTasks: 'c3',
  startup: 'd4',
  job: 'e5',
} as const;

export const id32 = (short: string): string => short.padEnd(32, '0');

const journey = (name: string): Record<string, string> => ({ 'harness.journey': name });

export const SPANS: SeedSpan[] = [
  // create task: slow insert (2.5 s) under a 2.6 s request.
  { trace: 'a1', span: 'a01', name: 'POST /api/tasks', kind: 2, startMs: 0, durationMs: 2600, attrs: { 'http.route': '/api/tasks', 'http.request.method': 'POST', 'http.response.status_code': '201', ...journey('create task') } },
  { trace: 'a1', span: 'a02', parent: 'a01', name: 'validate', startMs: 5, durationMs: 10 },
  { trace: 'a1', span: 'a03', parent: 'a01', name: 'db.insert tasks', kind: 3, startMs: 20, durationMs: 2500, attrs: { 'db.system': 'sqlite', 'db.query.text': 'INSERT INTO tasks (title) VALUES (?)' } },
  { trace: 'a1', span: 'a04', parent: 'a03', name: 'sqlite.step', startMs: 30, durationMs: 2470 },
  // complete task: a failing update.
  { trace: 'b2', span: 'b01', name: 'PATCH /api/tasks/:id', kind: 2, startMs: 10_000, durationMs: 120, attrs: { 'http.route': '/api/tasks/:id', 'http.request.method': 'PATCH', 'http.response.status_code': '500', ...journey('complete task') } },
  { trace: 'b2', span: 'b02', parent: 'b01', name: 'db.update tasks', kind: 3, startMs: 10_010, durationMs: 40, error: 'constraint failed', exception: 'SQLITE_CONSTRAINT: NOT NULL constraint failed: tasks.title', attrs: { 'db.system': 'sqlite' } },
  // a plain list request.
  { trace: 'c3', span: 'c01', name: 'GET /api/tasks', kind: 2, startMs: 20_000, durationMs: 30, attrs: { 'http.route': '/api/tasks', 'http.request.method': 'GET', 'http.response.status_code': '200' } },
  { trace: 'c3', span: 'c02', parent: 'c01', name: 'db.select tasks', kind: 3, startMs: 20_005, durationMs: 15, attrs: { 'db.system': 'sqlite' } },
  // startup, a minute earlier.
  { trace: 'd4', span: 'd01', name: 'app.startup', startMs: -60_000, durationMs: 650 },
  // another service.
  { trace: 'e5', span: 'e01', name: 'job.run', service: 'worker', startMs: 30_000, durationMs: 900 },
];
