// The settings table, one versioned step at a time. Never edit a released step: add one.
import type { Migration } from '../../../providers/migrations.js';

export const SETTINGS_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'create settings',
    statements: ['CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL)'],
  },
];
