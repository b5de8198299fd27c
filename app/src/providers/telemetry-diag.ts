// The OpenTelemetry SDK reports its own trouble (an export that failed: a store down, a
// wrong endpoint) through its `diag` channel, which is silent unless a logger is set. Here
// warnings and errors become one line on stderr, at most one a minute, so an operator sees
// that telemetry is being dropped without the app's output drowning in retries.
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import * as z from 'zod';
import { messageOf } from '../utils/errors.js';

export const DIAG_QUIET_MS = 60_000;
const MAX_MESSAGE = 200;

/** The SDK's error handler passes an exception flattened to JSON; keep its message. */
const FlattenedErrorSchema = z.object({ message: z.string() });

function describe(args: readonly unknown[]): string {
  const text = args.map(messageOf).join(' ');
  let message = text;
  try {
    const parsed = FlattenedErrorSchema.safeParse(JSON.parse(text));
    if (parsed.success) message = parsed.data.message;
  } catch {
    // not JSON: the text itself
  }
  const line = message.split('\n')[0] ?? '';
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE)}…` : line;
}

/**
 * Registers the SDK's diag logger at WARN. Each line says what happened, why it matters
 * and the fix; later ones within DIAG_QUIET_MS are counted and the count reported with
 * the next line. If OTEL_LOG_LEVEL is set the SDK installs its console logger instead.
 */
export function registerDiagLogger(writeStderr: (line: string) => void, now: () => number = Date.now): void {
  let lastWritten = -Infinity;
  let muted = 0;
  const report = (...args: unknown[]): void => {
    const at = now();
    if (at - lastWritten < DIAG_QUIET_MS) {
      muted += 1;
      return;
    }
    const more = muted > 0 ? ` (${muted} more since the last warning)` : '';
    lastWritten = at;
    muted = 0;
    writeStderr(
      `warning: telemetry: ${describe(args)}${more}; why: that telemetry is dropped; ` +
        `fix: start the stores (npx harness up) or correct OTEL_EXPORTER_OTLP_*ENDPOINT; at most one such line a minute`,
    );
  };
  const ignore = (): void => undefined;
  const logger: DiagLogger = { error: report, warn: report, info: ignore, debug: ignore, verbose: ignore };
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
}
