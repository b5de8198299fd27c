import type { TelemetryEnv } from '../../../src/domains/telemetry/types/telemetry-env.js';

/** A TelemetryEnv pointing at stores a test started itself (no app to flush). */
export function testEnv(urls: { logs: string; metrics: string; traces?: string }, id = 'test-env'): TelemetryEnv {
  return {
    id,
    worktree: null,
    upAt: Date.now() - 3_600_000,
    logs: { label: 'VictoriaLogs', base: urls.logs, envId: id },
    metrics: { label: 'VictoriaMetrics', base: urls.metrics, envId: id },
    traces: { label: 'traces store', base: urls.traces ?? urls.logs, envId: id },
    tracesMode: 'fallback',
    appPid: null,
    flushAck: null,
    daemonSocket: null,
  };
}
