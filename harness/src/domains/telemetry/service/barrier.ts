import { askAppToFlush, type AppFlushOutcome, type FlushProbe } from '../repo/app-flush.js';
import { LogsStore } from '../repo/logs-store.js';
import { existsSync } from 'node:fs';
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

/**
 * The reference app's own acknowledgement: after its first flush it logs a line carrying
 * `app.flush_trigger`, then flushes again, so once that line is searchable everything
 * emitted before the signal is too. Apps given HARNESS_OTEL_FLUSH_ACK rewrite that file instead.
 */
export const FLUSH_MARKER_FIELD = 'app.flush_trigger';

async function markerProbe(env: TelemetryEnv): Promise<FlushProbe | null> {
  if (env.appPid === null) return null;
  const logs = new LogsStore(env.logs);
  const marker = `${FLUSH_MARKER_FIELD}:*`;
  const now = Date.now();
  const known = (await logs.count(marker, { start: env.upAt ?? now - 86_400_000, end: now + 1000 }).catch(() => 0)) > 0;
  return {
    known,
    async seen(since) {
      await logs.forceFlush();
      return (await logs.count(marker, { start: since - 5, end: Date.now() + 1000 })) > 0;
    },
  };
}

export async function readinessBarrier(env: TelemetryEnv, stores: BarrierStores, options: { deadlineMs?: number } = {}): Promise<BarrierReport> {
  const started = performance.now();
  const deadlineMs = options.deadlineMs ?? BARRIER_DEADLINE_MS;
  const ackKnown = env.flushAck !== null && (env.flushAck.declared || existsSync(env.flushAck.path));
  const probe = ackKnown ? null : await markerProbe(env);
  const app = await askAppToFlush(env.appPid, env.flushAck, { deadlineMs, graceMs: BARRIER_GRACE_MS, probe });
  const targets = [stores.logs, stores.metrics, stores.traces].filter((s): s is Flushable => s !== undefined);
  await Promise.all(targets.map((s) => s.forceFlush()));
  return { app, stores: targets.map((s) => s.target.label), elapsedMs: Math.round(performance.now() - started) };
}
