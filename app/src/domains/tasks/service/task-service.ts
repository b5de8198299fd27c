// The rules of the task list: creating counts toward the tasks.created metric, marking
// done stamps completedAt (and reopening clears it), and the doneLast feature flag
// decides whether open tasks are listed first.
import type { Clock } from '../../../providers/clock.js';
import type { FeatureFlags } from '../../../providers/feature-flags.js';
import { logger } from '../../../providers/logger.js';
import { meter } from '../../../providers/telemetry.js';
import { tasksConfig } from '../config/tasks-config.js';
import type { TaskChanges, TaskRepo } from '../repo/task-repo.js';
import type { NewTask, StatusFilter, Task, TaskList, TaskPatch } from '../types/task.js';

export interface TaskService {
  create(input: NewTask): Task;
  list(query: { status: StatusFilter; limit: number; offset: number }): TaskList;
  get(id: number): Task | undefined;
  /** The updated task, or undefined when no task has this id. */
  update(id: number, patch: TaskPatch): Task | undefined;
  /** False when no task has this id. */
  remove(id: number): boolean;
}

export interface TaskServiceDeps {
  repo: TaskRepo;
  clock: Clock;
  flags: FeatureFlags;
}

export function createTaskService({ repo, clock, flags }: TaskServiceDeps): TaskService {
  const created = meter().createCounter('tasks.created', {
    description: 'Tasks created through the API.',
    unit: '{task}',
  });

  return {
    create(input) {
      const task = repo.insert(input, clock.now().toISOString());
      created.add(1, { 'task.priority': task.priority });
      logger.info('task created', { 'task.id': task.id, 'task.priority': task.priority });
      return task;
    },
    list({ status, limit, offset }) {
      const openFirst = flags.isEnabled(tasksConfig.doneLastFlag);
      return { tasks: repo.list({ status, limit, offset, openFirst }), total: repo.count(status) };
    },
    get: (id) => repo.find(id),
    update(id, patch) {
      const now = clock.now().toISOString();
      const changes: TaskChanges = { ...patch, updatedAt: now };
      if (patch.done !== undefined) {
        const current = repo.find(id);
        if (!current) return undefined;
        if (patch.done !== current.done) changes.completedAt = patch.done ? now : null;
      }
      const task = repo.update(id, changes);
      if (task) logger.info('task updated', { 'task.id': id, 'task.fields': Object.keys(patch).join(',') });
      return task;
    },
    remove(id) {
      const removed = repo.remove(id);
      if (removed) logger.info('task deleted', { 'task.id': id });
      return removed;
    },
  };
}
