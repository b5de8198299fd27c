// Tasks in SQLite. Rows are parsed with a schema on the way out and mapped to the API's
// shape here, so nothing above this layer knows a column name.
import * as z from 'zod';
import type { Clock } from '../../../providers/clock.js';
import type { Database, SqlValue } from '../../../providers/database.js';
import { migrate } from '../../../providers/migrations.js';
import { PrioritySchema, type NewTask, type StatusFilter, type Task } from '../types/task.js';
import { TASK_MIGRATIONS } from './task-migrations.js';

const TaskRowSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  notes: z.string(),
  priority: PrioritySchema,
  done: z.union([z.literal(0), z.literal(1)]),
  created_at: z.string(),
  updated_at: z.string(),
  completed_at: z.string().nullable(),
});
type TaskRow = z.infer<typeof TaskRowSchema>;

const CountRowSchema = z.object({ count: z.number().int() });

const COLUMNS = 'id, title, notes, priority, done, created_at, updated_at, completed_at';

function toTask(row: TaskRow): Task {
  return {
    id: row.id,
    title: row.title,
    notes: row.notes,
    priority: row.priority,
    done: row.done === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
  };
}

const STATUS_WHERE: Record<StatusFilter, string> = {
  all: '',
  open: 'WHERE done = 0',
  done: 'WHERE done = 1',
};

/** Columns a change may set, with their new values. */
export interface TaskChanges {
  title?: string;
  notes?: string;
  priority?: Task['priority'];
  done?: boolean;
  completedAt?: string | null;
  updatedAt: string;
}

export interface TaskRepo {
  insert(task: NewTask, now: string): Task;
  find(id: number): Task | undefined;
  list(query: { status: StatusFilter; limit: number; offset: number; openFirst: boolean }): Task[];
  count(status: StatusFilter): number;
  update(id: number, changes: TaskChanges): Task | undefined;
  remove(id: number): boolean;
}

/** Opens the repo, bringing the tasks table up to the latest migration first. */
export function createTaskRepo(db: Database, clock: Clock): TaskRepo {
  migrate(db, clock, 'tasks', TASK_MIGRATIONS);

  const find = (id: number): Task | undefined => {
    const row = db.get(TaskRowSchema, `SELECT ${COLUMNS} FROM tasks WHERE id = ?`, [id]);
    return row ? toTask(row) : undefined;
  };

  return {
    insert(task, now) {
      const { lastInsertRowid } = db.run(
        'INSERT INTO tasks (title, notes, priority, done, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?)',
        [task.title, task.notes, task.priority, now, now],
      );
      const created = find(lastInsertRowid);
      if (!created) throw new Error(`task ${lastInsertRowid} vanished right after its insert`);
      return created;
    },
    find,
    list({ status, limit, offset, openFirst }) {
      const order = openFirst ? 'ORDER BY done ASC, id DESC' : 'ORDER BY id DESC';
      const rows = db.all(TaskRowSchema, `SELECT ${COLUMNS} FROM tasks ${STATUS_WHERE[status]} ${order} LIMIT ? OFFSET ?`, [limit, offset]);
      return rows.map(toTask);
    },
    count(status) {
      return db.get(CountRowSchema, `SELECT COUNT(*) AS count FROM tasks ${STATUS_WHERE[status]}`)?.count ?? 0;
    },
    update(id, changes) {
      const assignments: string[] = [];
      const values: SqlValue[] = [];
      const set = (column: string, value: SqlValue): void => {
        assignments.push(`${column} = ?`);
        values.push(value);
      };
      set('updated_at', changes.updatedAt);
      if (changes.title !== undefined) set('title', changes.title);
      if (changes.notes !== undefined) set('notes', changes.notes);
      if (changes.priority !== undefined) set('priority', changes.priority);
      if (changes.done !== undefined) set('done', changes.done ? 1 : 0);
      if (changes.completedAt !== undefined) set('completed_at', changes.completedAt);
      const { changes: count } = db.run(`UPDATE tasks SET ${assignments.join(', ')} WHERE id = ?`, [...values, id]);
      return count === 0 ? undefined : find(id);
    },
    remove(id) {
      return db.run('DELETE FROM tasks WHERE id = ?', [id]).changes > 0;
    },
  };
}
