// The tasks HTTP surface: the JSON API under /api/tasks and the tasks page at /. Every
// input (path id, query, body) is parsed here with a schema before the service sees it.
import * as z from 'zod';
import { INVALID_INPUT_STATUS, invalidInputProblem, problem } from '../../../utils/problem.js';
import type { Route, RouteReply } from '../../../utils/router.js';
import { tasksConfig } from '../config/tasks-config.js';
import type { TaskService } from '../service/task-service.js';
import { NewTaskSchema, StatusFilterSchema, TaskPatchSchema } from '../types/task.js';

const { listDefaultLimit, listMaxLimit } = tasksConfig;
const limitMessage = `limit must be a whole number from 1 to ${listMaxLimit}`;
const offsetMessage = 'offset must be a whole number, 0 or more (how many tasks to skip)';

export const TaskListQuerySchema = z.strictObject({
  status: StatusFilterSchema.default('all'),
  limit: z
    .string()
    .regex(/^\d+$/, { error: limitMessage })
    .transform(Number)
    .pipe(z.number().int().min(1, { error: limitMessage }).max(listMaxLimit, { error: limitMessage }))
    .default(listDefaultLimit),
  /** How many matching tasks to skip: the next page starts at the number already shown. */
  offset: z
    .string()
    .regex(/^\d{1,15}$/, { error: offsetMessage })
    .transform(Number)
    .default(0),
});

/** Positive decimal integers only: "1e3", "0x10" or "-1" name no task. */
const TaskIdSchema = z.string().regex(/^[1-9]\d{0,14}$/).transform(Number);

function noSuchTask(id: string): RouteReply {
  return {
    status: 404,
    json: problem({
      what: `no task with id "${id}"`,
      why: 'it was never created or has been deleted',
      fix: 'list the tasks with GET /api/tasks and use one of their ids (positive integers)',
    }),
  };
}

export interface TaskRoutesDeps {
  service: TaskService;
  /** The built tasks page (ui/tasks.html). */
  tasksPageHtml: string;
}

export function taskRoutes({ service, tasksPageHtml }: TaskRoutesDeps): Route[] {
  const withTask = (rawId: string | undefined, work: (id: number) => RouteReply): RouteReply => {
    const id = TaskIdSchema.safeParse(rawId ?? '');
    return id.success ? work(id.data) : noSuchTask(rawId ?? '');
  };

  return [
    { method: 'GET', path: '/', handler: () => ({ status: 200, html: tasksPageHtml }) },
    {
      method: 'GET',
      path: '/api/tasks',
      handler: ({ query }) => {
        const parsed = TaskListQuerySchema.safeParse(Object.fromEntries(query));
        if (!parsed.success) return { status: INVALID_INPUT_STATUS, json: invalidInputProblem('query', parsed.error.issues) };
        return { status: 200, json: service.list(parsed.data) };
      },
    },
    {
      method: 'POST',
      path: '/api/tasks',
      handler: ({ body }) => {
        const parsed = NewTaskSchema.safeParse(body);
        if (!parsed.success) return { status: INVALID_INPUT_STATUS, json: invalidInputProblem('task', parsed.error.issues) };
        const task = service.create(parsed.data);
        return { status: 201, json: task, headers: { location: `/api/tasks/${task.id}` } };
      },
    },
    {
      method: 'GET',
      path: '/api/tasks/:id',
      handler: ({ params }) =>
        withTask(params.id, (id) => {
          const task = service.get(id);
          return task ? { status: 200, json: task } : noSuchTask(String(id));
        }),
    },
    {
      method: 'PATCH',
      path: '/api/tasks/:id',
      handler: ({ params, body }) =>
        withTask(params.id, (id) => {
          const parsed = TaskPatchSchema.safeParse(body);
          if (!parsed.success) return { status: INVALID_INPUT_STATUS, json: invalidInputProblem('change', parsed.error.issues) };
          const task = service.update(id, parsed.data);
          return task ? { status: 200, json: task } : noSuchTask(String(id));
        }),
    },
    {
      method: 'DELETE',
      path: '/api/tasks/:id',
      handler: ({ params }) => withTask(params.id, (id) => (service.remove(id) ? { status: 204 } : noSuchTask(String(id)))),
    },
  ];
}
