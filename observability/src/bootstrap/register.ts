/**
 * The OTel bootstrap, preloaded into an unmodified Node app with
 * `NODE_OPTIONS=--import=<url of this file>` (see path.ts). It hooks ESM imports of
 * node:http/https (CommonJS requires are hooked by the instrumentation itself), starts the
 * SDK, and flushes on SIGUSR2 (the harness's readiness barrier) and on SIGTERM.
 * It never stops the app: a failure here prints one line to stderr and the app runs on.
 */
import { register } from 'node:module';
import { writeFile, rename } from 'node:fs/promises';
import { startTelemetry, type Telemetry } from './telemetry.js';
import { FLUSH_ACK_ENV } from './path.js';

const STARTED = Symbol.for('agent-harness.otel-bootstrap');
const FLUSH_TIMEOUT_MS = 3000;

function withTimeout(work: Promise<void>): Promise<void> {
  return Promise.race([work, new Promise<void>((resolve) => setTimeout(resolve, FLUSH_TIMEOUT_MS).unref())]);
}

// Each acknowledgement differs from the last, even two within one millisecond.
let flushCount = 0;
async function acknowledgeFlush(path: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${process.pid} ${Date.now()} ${(flushCount += 1)}\n`);
  await rename(temp, path);
}

function installSignalHandlers(telemetry: Telemetry): void {
  // Written once at startup so the harness knows this app acknowledges, then per flush.
  const ack = process.env[FLUSH_ACK_ENV];
  if (ack) void acknowledgeFlush(ack).catch(() => undefined);
  process.on('SIGUSR2', () => {
    void withTimeout(telemetry.flush()).then(async () => {
      const ack = process.env[FLUSH_ACK_ENV];
      if (ack) await acknowledgeFlush(ack).catch(() => undefined);
    });
  });
  const onTerm = (): void => {
    // Listening to SIGTERM would keep alive an app that does not listen itself; when no
    // one else does, exit by the signal once the data is out, as the app would have.
    const appHandles = process.listenerCount('SIGTERM') > 1;
    void withTimeout(telemetry.shutdown()).then(() => {
      if (appHandles) return;
      process.off('SIGTERM', onTerm);
      process.kill(process.pid, 'SIGTERM');
    });
  };
  process.on('SIGTERM', onTerm);
  process.once('beforeExit', () => void withTimeout(telemetry.flush()));
}

const registry = globalThis as { [STARTED]?: boolean };
if (!registry[STARTED]) {
  registry[STARTED] = true;
  try {
    register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, { data: { include: ['http', 'https'] } });
    const telemetry = startTelemetry();
    if (telemetry.signals.length > 0) installSignalHandlers(telemetry);
  } catch (error) {
    process.stderr.write(`[harness-otel] telemetry disabled: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
