/**
 * What the telemetry tools need to know about the env they answer for: its name (every
 * answer carries it), the three stores, and the app to ask for a flush.
 */

export interface StoreTarget {
  /** How answers name it: `VictoriaLogs`, `VictoriaMetrics`, `the traces store`. */
  label: string;
  /** Base URL, e.g. http://127.0.0.1:20001 */
  base: string;
  /** The env it belongs to, for messages. */
  envId: string;
}

export interface TelemetryEnv {
  /** The env's name, e.g. `telemetry-3f9a2c1d`. */
  id: string;
  worktree: string | null;
  /** When `harness up` started it (unix ms), for `--since up`; null when unknown. */
  upAt: number | null;
  logs: StoreTarget;
  metrics: StoreTarget;
  traces: StoreTarget;
  /** `native`: VictoriaTraces; `fallback`: a VictoriaLogs fed by the traces bridge. */
  tracesMode: 'native' | 'fallback';
  /** The app's process, signalled (SIGUSR2) to flush its telemetry; null when not running. */
  appPid: number | null;
  /**
   * The file the app rewrites after each flush (HARNESS_OTEL_FLUSH_ACK). `declared`: the
   * env says the app was given it, so the barrier waits for it up to its deadline even
   * before the first acknowledgement; otherwise only briefly.
   */
  flushAck: { path: string; declared: boolean } | null;
  /** The env daemon's socket, asked to ship the app's buffered stdout/stderr lines; null when unknown. */
  daemonSocket: string | null;
}
