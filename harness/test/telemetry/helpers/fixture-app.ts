import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { freePort } from '../../support/stores.js';

/**
 * The OTel fixture app (fixtures/otel-app.mjs) started against real stores: its batch
 * delays are ten minutes, so its telemetry reaches the stores only when it is asked to
 * flush (SIGUSR2), which it acknowledges by rewriting `ackFile`.
 */
export interface FixtureApp {
  url: string;
  pid: number;
  ackFile: string;
  process: ChildProcess;
  emit(params: Record<string, string | number>): Promise<{ traceId: string }>;
  stop(): Promise<void>;
}

export async function startFixtureApp(endpoints: { logs: string; metrics: string; traces?: string }, serviceName = 'fixture-app'): Promise<FixtureApp> {
  const dir = mkdtempSync(join(tmpdir(), 'harness-fixture-'));
  const ackFile = join(dir, 'flush-ack');
  const port = await freePort();
  const script = fileURLToPath(new URL('../fixtures/otel-app.mjs', import.meta.url));
  const child = spawn(process.execPath, [script], {
    env: {
      ...process.env,
      PORT: String(port),
      OTEL_SERVICE_NAME: serviceName,
      OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: `${endpoints.logs}/insert/opentelemetry/v1/logs`,
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `${endpoints.metrics}/opentelemetry/v1/metrics`,
      ...(endpoints.traces ? { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: endpoints.traces } : {}),
      HARNESS_OTEL_FLUSH_ACK: ackFile,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`fixture app exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) resolve();
    });
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    pid: child.pid!,
    ackFile,
    process: child,
    async emit(params) {
      const search = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
      const res = await fetch(`${url}/emit?${search}`);
      return z.object({ traceId: z.string() }).parse(await res.json());
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
