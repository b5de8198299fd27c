// Settings in SQLite, one row per setting with its value as JSON. Each stored value is
// parsed on load; one that no longer fits the schema falls back to its default (and is
// reported) instead of making the whole app unusable.
import * as z from 'zod';
import type { Clock } from '../../../providers/clock.js';
import type { Database } from '../../../providers/database.js';
import { migrate } from '../../../providers/migrations.js';
import { DEFAULT_SETTINGS } from '../config/settings-defaults.js';
import { FeatureFlagsSchema, SettingsSchema, type Settings } from '../types/settings.js';
import { SETTINGS_MIGRATIONS } from './settings-migrations.js';

const SettingRowSchema = z.object({ key: z.string(), value: z.string() });

export interface LoadedSettings {
  settings: Settings;
  /** Stored keys whose values did not parse and were replaced by defaults. */
  invalidKeys: string[];
}

export interface SettingsRepo {
  load(): LoadedSettings;
  save(settings: Settings): void;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

export function createSettingsRepo(db: Database, clock: Clock): SettingsRepo {
  migrate(db, clock, 'settings', SETTINGS_MIGRATIONS);

  return {
    load() {
      const settings: Settings = { ...DEFAULT_SETTINGS, flags: { ...DEFAULT_SETTINGS.flags } };
      const invalidKeys: string[] = [];
      for (const row of db.all(SettingRowSchema, 'SELECT key, value FROM settings')) {
        const json = parseJson(row.value);
        const ok = json.ok && apply(settings, row.key, json.value);
        if (!ok) invalidKeys.push(row.key);
      }
      return { settings, invalidKeys };
    },
    save(settings) {
      const now = clock.now().toISOString();
      db.transaction(() => {
        for (const [key, value] of Object.entries(settings)) {
          db.run(
            'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
            [key, JSON.stringify(value), now],
          );
        }
      });
    },
  };
}

/** Copies one stored value into `settings` if it parses; false if it does not. */
function apply(settings: Settings, key: string, value: unknown): boolean {
  const shape = SettingsSchema.shape;
  switch (key) {
    case 'displayName': {
      const parsed = shape.displayName.safeParse(value);
      if (parsed.success) settings.displayName = parsed.data;
      return parsed.success;
    }
    case 'theme': {
      const parsed = shape.theme.safeParse(value);
      if (parsed.success) settings.theme = parsed.data;
      return parsed.success;
    }
    case 'pageSize': {
      const parsed = shape.pageSize.safeParse(value);
      if (parsed.success) settings.pageSize = parsed.data;
      return parsed.success;
    }
    case 'flags': {
      // flags added since the value was stored keep their defaults; unknown ones are dropped
      const parsed = z.object(FeatureFlagsSchema.shape).partial().safeParse(value);
      if (parsed.success) settings.flags = { ...settings.flags, ...parsed.data };
      return parsed.success;
    }
    default:
      return false;
  }
}
