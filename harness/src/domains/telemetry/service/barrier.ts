import { askAppToFlush, type AppFlushOutcome } from '../repo/app-flush.js';
import { flushAppOutput } from '../repo/app-output.js';
import type { StoreTarget } from '../types/telemetry-env.js';
import type { TelemetryEnv } from '../types/telemetry-env.js';
import { BARRIER_DEADLINE_MS, BARRIER_GRACE_MS } from '../config/limits.js';

/**
 * The readiness barrier run before every answer, so "no result" never means "not
 * flushed yet": (1) the app exports what it has buffered and acknowledges; (2) each
 * store that will be queried makes everything it ingested searchable (force flush).
 * Queries then pass an explicit evaluation time and skip caches (see the stores).
 */

export interface BarrierReport {
  app: AppFlushOutcome;
  /** Stores flushed, by label. */
  stores: string[];
  elapsedMs: number;
}

/** Anything that can make its store's ingested data searchable. */
export interface Flushable {
  readonly target: StoreTarget;
  forceFlush(): Promise<void>;
}

export interface BarrierStores {
  logs?: Flushable;
  metrics?: Flushable;
  traces?: Flushable;
}

export async function readinessBarrier(env: TelemetryEnv, stores: BarrierStores, options: { deadlineMs?: number } = {}): Promise<BarrierReport> {
  const started = performance.now();
  const deadlineMs = options.deadlineMs ?? BARRIER_DEADLINE_MS;
  const app = await askAppToFlush(env.appPid, env.flushAck, { deadlineMs, graceMs: BARRIER_GRACE_MS });
  // The app's stdout/stderr reach VictoriaLogs through the daemon, which batches them.
  if (stores.logs) await flushAppOutput(env.daemonSocket, deadlineMs);
  const targets = [stores.logs, stores.metrics, stores.traces].filter((s): s is Flushable => s !== undefined);
  await Promise.all(targets.map((s) => s.forceFlush()));
  return { app, stores: targets.map((s) => s.target.label), elapsedMs: Math.round(performance.now() - started) };
}
