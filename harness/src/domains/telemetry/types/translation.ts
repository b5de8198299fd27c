/** What the LogQL translator produces: the LogsQL to run and how to read its answer. */
export interface LogsqlTranslation {
  kind: 'log' | 'metric';
  /** The LogsQL query, exactly as it is sent to VictoriaLogs. */
  logsql: string;
  /** Metric queries: the LogQL range (`[5m]`), applied as `_time:5m` at the evaluation instant. */
  window: { text: string; seconds: number } | null;
  /** Metric queries: the fields of a result row that identify its series. */
  labels: string[];
  /**
   * A last step the harness does on the rows, when LogsQL's own function would answer
   * differently from LogQL: `quantile` interpolates like Loki over the values LogsQL returns.
   */
  finish: { kind: 'quantile'; phi: number } | null;
  /**
   * Metric queries: the log part alone (filters and parsers, with the `_time` window).
   * LogsQL answers an ungrouped `stats` over no lines with one row (count 0); Loki
   * answers no series. The harness counts these lines to tell the two apart.
   */
  linesQuery: string | null;
  /** Assumptions made while translating (label names resolved, parser naming), shown by --explain. */
  notes: string[];
}

/** The field a translated metric query writes its value to. */
export const VALUE_FIELD = 'value';
