import { z } from 'zod';

/**
 * The shapes an environment is described by: what `.harness/env.json` holds, what the
 * machine-wide lease registry records, and what `harness status --json` prints. Other
 * domains (telemetry, browser, mcp) import these to find the env's URLs.
 */

/** A process the harness started, identified by pid plus its start time (pids get reused). */
export const ProcessRecordSchema = z.object({
  /** The part it belongs to: `logs`, `metrics`, `traces`, `traces-store`, `app`, `daemon`, … */
  role: z.string(),
  pid: z.number().int().positive(),
  /** Kernel start time (clock ticks since boot, /proc/<pid>/stat field 22); null where unknown. */
  startTime: z.number().int().nonnegative().nullable(),
  /** Set when the process leads its own process group (the app): the whole group is killed. */
  group: z.boolean().default(false),
});
export type ProcessRecord = z.infer<typeof ProcessRecordSchema>;

/** Where one store answers: its OTLP ingestion endpoint, query API and built-in web UI. */
export const StoreUrlsSchema = z.object({
  base: z.string(),
  otlp: z.string(),
  query: z.string(),
  ui: z.string(),
});
export type StoreUrls = z.infer<typeof StoreUrlsSchema>;

export const EnvUrlsSchema = z.object({
  app: z.string(),
  logs: StoreUrlsSchema,
  metrics: StoreUrlsSchema,
  traces: StoreUrlsSchema.extend({
    /** The Jaeger query API root (`…/select/jaeger`), what VM_TRACES_URL points at. */
    jaeger: z.string(),
  }),
});
export type EnvUrls = z.infer<typeof EnvUrlsSchema>;

/** How traces are stored: VictoriaTraces itself, or the fallback (a VictoriaLogs plus the OTLP bridge). */
export const TracesModeSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('native') }),
  z.object({ mode: z.literal('fallback'), reason: z.string() }),
]);
export type TracesMode = z.infer<typeof TracesModeSchema>;

export const EnvPhaseSchema = z.enum(['starting', 'ready', 'failed', 'stopping']);
export type EnvPhase = z.infer<typeof EnvPhaseSchema>;

/** The contents of `<worktree>/.harness/env.json`: written by the daemon, read by everyone. */
export const EnvInfoSchema = z.object({
  /** The env's name: `<worktree folder>-<8 hex of its path hash>`; every answer names it. */
  id: z.string(),
  worktree: z.string(),
  branch: z.string().nullable(),
  phase: EnvPhaseSchema,
  /** ISO timestamps. */
  startedAt: z.string(),
  readyAt: z.string().nullable(),
  daemon: ProcessRecordSchema,
  ports: z.record(z.string(), z.number().int()),
  urls: EnvUrlsSchema,
  traces: TracesModeSchema,
  processes: z.array(ProcessRecordSchema),
  /** The OTel resource attributes every record of this env carries. */
  resourceAttributes: z.record(z.string(), z.string()),
});
export type EnvInfo = z.infer<typeof EnvInfoSchema>;

/** One entry of the machine-wide registry (`<state dir>/agent-harness/envs/<id>.json`). */
export const EnvRecordSchema = z.object({
  id: z.string(),
  worktree: z.string(),
  branch: z.string().nullable(),
  createdAt: z.string(),
  /** Leased ports by role. A port appears in at most one record on the machine. */
  ports: z.record(z.string(), z.number().int()),
  daemon: ProcessRecordSchema.nullable(),
  /** Every child the daemon started, so `gc` can reap them when the worktree is gone. */
  processes: z.array(ProcessRecordSchema),
});
export type EnvRecord = z.infer<typeof EnvRecordSchema>;

/** Health of one part as the daemon sees it right now. */
export const PartStatusSchema = z.object({
  name: z.string(),
  state: z.enum(['starting', 'healthy', 'unhealthy', 'exited', 'stopped']),
  pid: z.number().int().nullable(),
  port: z.number().int().nullable(),
  /** Resident memory in bytes, null when the process is gone. */
  rssBytes: z.number().nullable(),
  uptimeMs: z.number().nullable(),
  restarts: z.number().int(),
  /** Why it is not healthy (exit code, failed check), with the tail of its log. */
  detail: z.string().nullable(),
  logFile: z.string().nullable(),
});
export type PartStatus = z.infer<typeof PartStatusSchema>;

export const EnvStatusSchema = z.object({
  env: EnvInfoSchema,
  healthy: z.boolean(),
  uptimeMs: z.number(),
  /** Resident memory of every process of the env: the daemon, the parts and what they started (the app's children, Chromium). */
  rssBytes: z.number(),
  parts: z.array(PartStatusSchema),
});
export type EnvStatus = z.infer<typeof EnvStatusSchema>;
