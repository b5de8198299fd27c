#!/usr/bin/env node
// Prints the reference app's database schema as markdown, for docs/generated/db-schema.md
// (the docs lint regenerates it and flags drift). It applies every domain's migrations to
// a scratch database, exactly as the app does at startup, then reads the schema back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../dist/providers/database.js';
import { migrate } from '../dist/providers/migrations.js';
import { systemClock } from '../dist/providers/clock.js';
import { TASK_MIGRATIONS } from '../dist/domains/tasks/repo/task-migrations.js';
import { SETTINGS_MIGRATIONS } from '../dist/domains/settings/repo/settings-migrations.js';

const domains = [
  ['tasks', TASK_MIGRATIONS, 'app/src/domains/tasks/repo/task-migrations.ts'],
  ['settings', SETTINGS_MIGRATIONS, 'app/src/domains/settings/repo/settings-migrations.ts'],
];

const dir = mkdtempSync(join(tmpdir(), 'app-schema-'));
try {
  const file = join(dir, 'app.db');
  const db = openDatabase(file);
  for (const [domain, migrations] of domains) migrate(db, systemClock, domain, migrations);
  db.close();
  const sqlite = new BetterSqlite3(file, { readonly: true });
  const out = [];
  out.push('Tables of the reference app\'s SQLite database after every migration, with the');
  out.push('migrations that built them. Each domain owns its migrations; `schema_migrations`');
  out.push('records which ran.', '');
  out.push('## Migrations', '', '| domain | version | name | source |', '| --- | --- | --- | --- |');
  for (const [domain, migrations, source] of domains) {
    for (const m of migrations) out.push(`| ${domain} | ${m.version} | ${m.name} | \`${source}\` |`);
  }
  const tables = sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all();
  for (const table of tables) {
    out.push('', `## ${table.name}`, '', '| column | type | not null | default | primary key |', '| --- | --- | --- | --- | --- |');
    for (const c of sqlite.prepare(`PRAGMA table_info(${JSON.stringify(table.name)})`).all()) {
      out.push(`| ${c.name} | ${c.type || '(any)'} | ${c.notnull ? 'yes' : 'no'} | ${c.dflt_value === null ? '' : `\`${c.dflt_value}\``} | ${c.pk ? c.pk : ''} |`);
    }
    const indexes = sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name").all(table.name);
    if (indexes.length > 0) {
      out.push('', 'Indexes:', '');
      for (const index of indexes) out.push(`- \`${index.sql}\``);
    }
  }
  sqlite.close();
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
