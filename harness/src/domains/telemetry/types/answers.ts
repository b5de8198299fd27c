import type { LogsqlTranslation } from './translation.js';

/**
 * What each telemetry tool answers: the same object is printed as JSON (`--json`, MCP
 * structured content) and rendered as text. Every answer names its env and says what it
 * left out.
 */

export interface BarrierSummary {
  /** `confirmed`: the app acknowledged its flush; `unconfirmed`; `no app`. */
  app: string;
  stores: string[];
  elapsedMs: number;
}

export interface Omission {
  /** How many results matched, and how many are shown. */
  total: number;
  shown: number;
  /** How to get the rest, as a command. */
  hint: string | null;
}

export interface LogLine {
  /** RFC3339 with nanoseconds as stored. */
  time: string;
  message: string;
  /** The stream (`{app="web"}`) when it differs between lines. */
  stream: string | null;
  /** Other fields, minus those common to every shown line. */
  fields: Record<string, string>;
  /** Characters cut from the message. */
  cut: number;
}

export interface LogSeries {
  labels: Record<string, string>;
  value: number;
}

export interface LogsAnswer {
  tool: 'logs';
  env: string;
  query: string;
  language: 'LogQL' | 'LogsQL';
  /** The LogsQL that ran. */
  logsql: string;
  translation: LogsqlTranslation | null;
  window: { start: string; end: string } | null;
  /** Metric queries: the evaluation instant. */
  at: string | null;
  result:
    | { kind: 'lines'; lines: LogLine[]; common: Record<string, string>; hiddenFields: string[] }
    | { kind: 'series'; series: LogSeries[] }
    | { kind: 'rows'; rows: Array<Record<string, string>> };
  omitted: Omission;
  barrier: BarrierSummary | null;
  notes: string[];
}

export interface ExplainAnswer {
  tool: 'logs-explain';
  env: string | null;
  query: string;
  translation: LogsqlTranslation;
  /** How the LogsQL would be run. */
  api: string;
  notes: string[];
}
