import { z } from 'zod';
import { forceFlushStore, storeRequest, storeStream, StoreHttpError, type StoreTarget } from './http-client.js';
import { logsqlError, safeJson, unexpectedAnswer } from './store-errors.js';

/**
 * A LogsQL client: VictoriaLogs for logs, and the traces store (VictoriaTraces, or the
 * fallback VictoriaLogs fed by the traces bridge), which answer the same API.
 */

/** One row as VictoriaLogs returns it: every field a string. */
export type LogRow = Record<string, string>;

const RowSchema = z.record(z.string(), z.unknown());
const FieldNamesSchema = z.object({ values: z.array(z.object({ value: z.string(), hits: z.number().optional() })) });

export interface WindowParams {
  /** Unix milliseconds. */
  start?: number;
  end?: number;
  /** The instant relative `_time:5m` filters count back from. */
  time?: number;
}

function windowParams(w: WindowParams): Record<string, string | undefined> {
  const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());
  return { start: iso(w.start), end: iso(w.end), time: iso(w.time) };
}

function toRow(value: unknown): LogRow {
  const parsed = RowSchema.parse(value);
  const row: LogRow = {};
  for (const [key, v] of Object.entries(parsed)) row[key] = typeof v === 'string' ? v : JSON.stringify(v);
  return row;
}

export class LogsStore {
  readonly target: StoreTarget;

  constructor(target: StoreTarget) {
    this.target = target;
  }

  /**
   * Runs a LogsQL query. With `limit`, VictoriaLogs returns the newest `limit` rows.
   * `shownQuery` is what the user typed (a LogQL query), for error messages.
   */
  async query(logsql: string, options: WindowParams & { limit?: number; shownQuery?: string; timeoutMs?: number } = {}): Promise<LogRow[]> {
    const answer = await storeRequest(this.target, '/select/logsql/query', {
      method: 'POST',
      params: { query: logsql, limit: options.limit, ...windowParams(options) },
      timeoutMs: options.timeoutMs,
    });
    if (answer.status === 400) throw logsqlError(logsql, answer.body, options.shownQuery);
    if (answer.status !== 200) throw unexpectedAnswer(this.target, 'a query', `HTTP ${answer.status} ${answer.body}`);
    const rows: LogRow[] = [];
    for (const line of answer.body.split('\n')) {
      if (!line.trim()) continue;
      const value = safeJson(line);
      if (value === undefined) throw unexpectedAnswer(this.target, 'a query', line);
      rows.push(toRow(value));
    }
    return rows;
  }

  /** How many rows a query matches in the window. */
  async count(logsql: string, options: WindowParams & { shownQuery?: string } = {}): Promise<number> {
    const rows = await this.query(`${logsql} | stats count() as harness_count`, options);
    return Number(rows[0]?.harness_count ?? 0);
  }

  /** Field names present in the rows a query matches (`*` for all). */
  async fieldNames(logsql = '*', options: WindowParams = {}): Promise<string[]> {
    const answer = await storeRequest(this.target, '/select/logsql/field_names', { method: 'POST', params: { query: logsql, ...windowParams(options) } });
    if (answer.status === 400) throw logsqlError(logsql, answer.body);
    const parsed = FieldNamesSchema.safeParse(safeJson(answer.body));
    if (!parsed.success) throw unexpectedAnswer(this.target, 'field_names', answer.body);
    return parsed.data.values.map((v) => v.value);
  }

  /** Makes every row ingested so far searchable (VictoriaLogs keeps recent rows in memory). */
  forceFlush(): Promise<void> {
    return forceFlushStore(this.target);
  }

  /**
   * Follows new rows matching a query until the signal aborts. VictoriaLogs holds rows
   * back by `offset` so late ones are not skipped; 1 s keeps the follow close to live.
   */
  async tail(logsql: string, onRow: (row: LogRow) => void, signal: AbortSignal, options: { shownQuery?: string; offsetSeconds?: number } = {}): Promise<void> {
    try {
      await storeStream(
        this.target,
        '/select/logsql/tail',
        { query: logsql, refresh_interval: '200ms', offset: `${options.offsetSeconds ?? 1}s` },
        (line) => {
          const value = safeJson(line);
          if (value !== undefined) onRow(toRow(value));
        },
        signal,
      );
    } catch (error) {
      if (error instanceof StoreHttpError && error.status === 400) throw logsqlError(logsql, error.body, options.shownQuery);
      throw error;
    }
  }
}
