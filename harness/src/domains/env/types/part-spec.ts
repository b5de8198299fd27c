/** One process an env supervises: a store, the app, or (later) Chromium. Plain data. */
export interface PartSpec {
  /** `logs`, `metrics`, `traces`, `traces-store` or `app`. */
  name: string;
  /** What people call it: "VictoriaLogs", "the app". */
  title: string;
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  port: number;
  /** Answered with 2xx once the part is ready. */
  healthUrl: string;
  healthTimeoutMs: number;
  logFile: string;
  dataDir: string | null;
  /** Leads its own process group (the app may spawn children; all are stopped together). */
  group: boolean;
  /** stdout/stderr go through the daemon (to the log file and to VictoriaLogs), not straight to the file. */
  shipOutput: boolean;
  /** Grace between SIGTERM and SIGKILL when it is stopped and its data is kept. */
  stopTimeoutMs: number;
}

