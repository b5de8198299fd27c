// Versioned schema migrations, run at startup. Each domain owns its own sequence
// (versions 1, 2, ...) and the table schema_migrations records which ones ran, so
// running them again is a no-op and domains never renumber each other's changes.
import * as z from 'zod';
import type { Database } from './database.js';
import type { Clock } from './clock.js';

export interface Migration {
  version: number;
  name: string;
  /** One SQL statement per entry, applied in order inside one transaction. */
  statements: readonly string[];
}

const AppliedRowSchema = z.object({ version: z.number().int() });

/** Applies the migrations of `domain` not yet recorded; returns the versions it applied. */
export function migrate(db: Database, clock: Clock, domain: string, migrations: readonly Migration[]): number[] {
  db.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (domain TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (domain, version))',
  );
  const applied = new Set(
    db.all(AppliedRowSchema, 'SELECT version FROM schema_migrations WHERE domain = ?', [domain]).map((row) => row.version),
  );
  const done: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      for (const statement of migration.statements) db.run(statement);
      db.run('INSERT INTO schema_migrations (domain, version, name, applied_at) VALUES (?, ?, ?, ?)', [
        domain,
        migration.version,
        migration.name,
        clock.now().toISOString(),
      ]);
    });
    done.push(migration.version);
  }
  return done;
}
