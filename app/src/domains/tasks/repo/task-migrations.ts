// The tasks table, one versioned step at a time. Never edit a released step: add one.
import type { Migration } from '../../../providers/migrations.js';

export const TASK_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'create tasks',
    statements: [
      `CREATE TABLE tasks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        title TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        priority TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high')),
        done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        completed_at TEXT
      )`,
    ],
  },
  {
    version: 2,
    name: 'index tasks by status',
    statements: ['CREATE INDEX tasks_by_done ON tasks (done, id)'],
  },
];
