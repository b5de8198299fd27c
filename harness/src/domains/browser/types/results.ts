import { z } from 'zod';

/**
 * What the browser tools answer. The daemon builds these; the CLI and the MCP server
 * parse them with the same schemas (the daemon's answer is external input to them).
 */

export const ConsoleEntrySchema = z.object({
  seq: z.number().int(),
  time: z.string(),
  level: z.string(),
  text: z.string(),
  /** url:line:column of the call or the throw, when known. */
  source: z.string().optional(),
  /** The first frames of the stack for uncaught errors. */
  stack: z.array(z.string()).optional(),
});
export type ConsoleEntry = z.infer<typeof ConsoleEntrySchema>;

export const NetworkEntrySchema = z.object({
  seq: z.number().int(),
  id: z.string(),
  method: z.string(),
  url: z.string(),
  type: z.string().optional(),
  status: z.number().int().optional(),
  failure: z.string().optional(),
  startedAt: z.string(),
  durationMs: z.number().optional(),
  /** The trace id sent as traceparent with this request, when an action caused it. */
  traceId: z.string().optional(),
  requestBody: z.string().optional(),
  responseBody: z.string().optional(),
});
export type NetworkEntry = z.infer<typeof NetworkEntrySchema>;

/** A request that failed: a network error, or a 4xx/5xx status. */
export function requestFailed(entry: Pick<NetworkEntry, 'failure' | 'status'>): boolean {
  return entry.failure !== undefined || (entry.status ?? 0) >= 400;
}

export const BackendSpanSchema = z.object({
  time: z.string(),
  service: z.string().optional(),
  name: z.string(),
  spanId: z.string().optional(),
  durationMs: z.number().optional(),
  status: z.string().optional(),
  attributes: z.record(z.string(), z.string()),
});
export type BackendSpan = z.infer<typeof BackendSpanSchema>;

export const BackendLogSchema = z.object({
  time: z.string(),
  severity: z.string().optional(),
  message: z.string(),
  service: z.string().optional(),
});
export type BackendLog = z.infer<typeof BackendLogSchema>;

/** The backend side of one action: its spans and logs, found by the action's trace id. */
export const BackendReportSchema = z.object({
  traceId: z.string(),
  spans: z.array(BackendSpanSchema),
  logs: z.array(BackendLogSchema),
  /** Why the lists may be incomplete (no telemetry configured, barrier timed out). */
  note: z.string().optional(),
});
export type BackendReport = z.infer<typeof BackendReportSchema>;

/** Facts every answer carries: which page, and what the harness had to do first. */
export const PageStateSchema = z.object({
  url: z.string(),
  title: z.string(),
  /** The mark to pass to `console --since` / `network --since` to see what came after this answer. */
  mark: z.string(),
  /** Recoveries done before this call (Chromium restarted, a wedged tab replaced). */
  notes: z.array(z.string()),
});
export type PageState = z.infer<typeof PageStateSchema>;

export const ActionResultSchema = PageStateSchema.extend({
  action: z.string(),
  target: z.string().optional(),
  /** The action's own trace id: sent with every request that did not carry the page's own traceparent. */
  traceId: z.string(),
  /** The trace ids the action's requests actually carried (the page's own where it sent one): the ids to look up. */
  traceIds: z.array(z.string()),
  /** The action itself: input, then settling of what it started. */
  durationMs: z.number(),
  /** Then the wait for the backend's spans and logs to be queryable (the readiness barrier). */
  backendWaitMs: z.number().optional(),
  navigated: z.boolean(),
  requests: z.array(NetworkEntrySchema),
  console: z.array(ConsoleEntrySchema),
  /** One report per trace the action's requests carried (usually one). */
  backend: z.array(BackendReportSchema).optional(),
  /** Traces the requests carried that were not looked up (failed requests' traces come first). */
  backendOmitted: z.number().int().optional(),
  dialog: z.object({ type: z.string(), message: z.string() }).optional(),
  /** Extra, action-specific facts (e.g. the value after typing). */
  detail: z.string().optional(),
});
export type ActionResult = z.infer<typeof ActionResultSchema>;

export const SnapshotResultSchema = PageStateSchema.extend({
  text: z.string(),
  /** The snapshot as a file, for `harness browser diff`. */
  path: z.string(),
  refs: z.number().int(),
  bytes: z.number().int(),
  durationMs: z.number(),
});
export type SnapshotResult = z.infer<typeof SnapshotResultSchema>;

export const ImageFileSchema = z.object({ path: z.string(), width: z.number().int(), height: z.number().int() });
export type ImageFile = z.infer<typeof ImageFileSchema>;

export const ScreenshotResultSchema = PageStateSchema.extend({
  mode: z.string(),
  images: z.array(ImageFileSchema),
  /** The page area captured, in CSS px, and the scale applied to fit maxSide. */
  area: z.object({ width: z.number(), height: z.number() }),
  scale: z.number(),
  /** A full page cut short (more tiles than are taken): what is missing and how to see it. */
  note: z.string().optional(),
  durationMs: z.number(),
});
export type ScreenshotResult = z.infer<typeof ScreenshotResultSchema>;

export const DomMatchSchema = z.object({
  ref: z.string().optional(),
  tag: z.string(),
  html: z.string(),
  truncated: z.boolean(),
  box: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }).optional(),
  styles: z.record(z.string(), z.string()).optional(),
});
export const DomResultSchema = PageStateSchema.extend({ total: z.number().int(), matches: z.array(DomMatchSchema) });
export type DomResult = z.infer<typeof DomResultSchema>;

export const ConsoleResultSchema = PageStateSchema.extend({ entries: z.array(ConsoleEntrySchema), omitted: z.number().int() });
export type ConsoleResult = z.infer<typeof ConsoleResultSchema>;

export const NetworkResultSchema = PageStateSchema.extend({ entries: z.array(NetworkEntrySchema), omitted: z.number().int() });
export type NetworkResult = z.infer<typeof NetworkResultSchema>;

export const EvalResultSchema = PageStateSchema.extend({ value: z.unknown(), json: z.string(), truncated: z.boolean(), durationMs: z.number() });
export type EvalResult = z.infer<typeof EvalResultSchema>;

export const DiffResultSchema = z.object({
  kind: z.enum(['image', 'text']),
  a: z.string(),
  b: z.string(),
  /** Image diff: the diff PNG, changed pixels and their ratio. */
  diffPath: z.string().optional(),
  changedPixels: z.number().int().optional(),
  changedRatio: z.number().optional(),
  sizeChanged: z.boolean().optional(),
  /** Text diff: a unified diff, trimmed to a budget. */
  text: z.string().optional(),
  added: z.number().int().optional(),
  removed: z.number().int().optional(),
});
export type DiffResult = z.infer<typeof DiffResultSchema>;

export const RecordResultSchema = z.object({
  recording: z.boolean(),
  path: z.string(),
  frames: z.number().int().optional(),
  durationMs: z.number().optional(),
  notes: z.array(z.string()),
});
export type RecordResult = z.infer<typeof RecordResultSchema>;

export const MarkResultSchema = PageStateSchema;

export const StatusResultSchema = z.object({
  running: z.boolean(),
  pid: z.number().int().optional(),
  url: z.string().optional(),
  title: z.string().optional(),
  restarts: z.number().int(),
  recording: z.boolean(),
  consoleEntries: z.number().int(),
  networkEntries: z.number().int(),
});
export type StatusResult = z.infer<typeof StatusResultSchema>;

export const JourneyResultSchema = z.object({
  name: z.string(),
  file: z.string(),
  passed: z.boolean(),
  durationMs: z.number(),
  error: z.string().optional(),
  steps: z.array(z.string()),
  video: z.string().optional(),
  /** The journey's own trace id: sent with every request that did not carry the page's own traceparent. */
  traceId: z.string(),
  /** The trace ids the journey's requests actually carried (at most 50, in order). */
  traceIds: z.array(z.string()),
  console: z.array(ConsoleEntrySchema),
  failedRequests: z.array(NetworkEntrySchema),
  backend: z.array(BackendReportSchema).optional(),
  /** Traces the requests carried that were not looked up (failed requests' traces come first). */
  backendOmitted: z.number().int().optional(),
});
export type JourneyResult = z.infer<typeof JourneyResultSchema>;

export const EvidenceResultSchema = z.object({
  name: z.string(),
  state: z.enum(['started', 'stopped']),
  folder: z.string(),
  files: z.array(z.string()),
  summary: z.string().optional(),
});
export type EvidenceResult = z.infer<typeof EvidenceResultSchema>;
