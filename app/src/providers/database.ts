// The SQLite handle every repo uses (better-sqlite3, synchronous and embedded). Each
// statement runs inside a client span named after its operation and table, with the SQL
// text (placeholders, never values) as db.query.text. Rows coming back are parsed with
// the caller's schema: the file on disk is external input like any other.
import { closeSync, openSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { z } from 'zod';
import { messageOf } from '../utils/errors.js';
import { tracer } from './telemetry.js';

export type SqlValue = string | number | bigint | null;

export interface RunResult {
  changes: number;
  lastInsertRowid: number;
}

export interface Database {
  run(sql: string, params?: readonly SqlValue[]): RunResult;
  get<T>(schema: z.ZodType<T>, sql: string, params?: readonly SqlValue[]): T | undefined;
  all<T>(schema: z.ZodType<T>, sql: string, params?: readonly SqlValue[]): T[];
  /** Runs `work` in one transaction: all of its statements apply, or none. */
  transaction<T>(work: () => T): T;
  close(): void;
}

/** "SELECT", "INSERT", "CREATE TABLE"... and the table it names, for span names and attributes. */
export function describeStatement(sql: string): { operation: string; table: string | undefined } {
  const text = sql.trim().replace(/\s+/g, ' ');
  const ddl = /^(CREATE|DROP|ALTER)\s+(?:UNIQUE\s+|TEMP(?:ORARY)?\s+)?(TABLE|INDEX|VIEW|TRIGGER)\b/i.exec(text);
  const operation = (ddl ? `${ddl[1]} ${ddl[2]}` : (text.split(' ')[0] ?? 'QUERY')).toUpperCase();
  const table = /\b(?:FROM|INTO|UPDATE|TABLE(?: IF NOT EXISTS)?|INDEX(?: IF NOT EXISTS)? \w+ ON)\s+"?(\w+)"?/i.exec(text)?.[1];
  return { operation, table };
}

export function openDatabase(file: string): Database {
  closeSync(openSync(file, 'a', 0o600)); // create it private before SQLite does with the umask
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  const statements = new Map<string, BetterSqlite3.Statement>();

  function traced<T>(sql: string, execute: (statement: BetterSqlite3.Statement) => T): T {
    const { operation, table } = describeStatement(sql);
    const span = tracer().startSpan(table ? `${operation} ${table}` : operation, {
      kind: SpanKind.CLIENT,
      attributes: {
        'db.system.name': 'sqlite',
        'db.operation.name': operation,
        'db.query.text': sql,
        ...(table ? { 'db.collection.name': table } : {}),
      },
    });
    try {
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return execute(statement);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: messageOf(error) });
      throw error;
    } finally {
      span.end();
    }
  }

  return {
    run(sql, params = []) {
      const result = traced(sql, (statement) => statement.run(...params));
      return { changes: result.changes, lastInsertRowid: Number(result.lastInsertRowid) };
    },
    get(schema, sql, params = []) {
      const row: unknown = traced(sql, (statement) => statement.get(...params));
      return row === undefined ? undefined : schema.parse(row);
    },
    all(schema, sql, params = []) {
      const rows: unknown[] = traced(sql, (statement) => statement.all(...params));
      return rows.map((row) => schema.parse(row));
    },
    transaction(work) {
      return sqlite.transaction(work)();
    },
    close() {
      statements.clear();
      if (sqlite.open) sqlite.close();
    },
  };
}
