import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Asks the app to export everything it has buffered: SIGUSR2 makes the OTel bootstrap
 * (and the reference app) force-flush its traces, metrics and logs, then rewrite the
 * acknowledgement file named by HARNESS_OTEL_FLUSH_ACK. The rewrite is the proof that the
 * exports were answered by the stores.
 */

export type AppFlushOutcome =
  /** The app acknowledged: its exports reached the stores. */
  | 'confirmed'
  /** Signalled, but no acknowledgement came before the deadline. */
  | 'unconfirmed'
  /** No app process to ask. */
  | 'no app';

const POLL_MS = 2;

function readAck(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/**
 * Signals the app, then waits for its acknowledgement: the ack file changing. Apps that
 * acknowledge write the file once at startup, so a missing file (and no declaration)
 * means the app does not, and the wait is capped at `graceMs`.
 */
export async function askAppToFlush(
  pid: number | null,
  ack: { path: string; declared: boolean } | null,
  options: { deadlineMs: number; graceMs: number },
): Promise<AppFlushOutcome> {
  if (pid === null) return 'no app';
  const ackPath = ack?.path ?? null;
  const before = ackPath ? readAck(ackPath) : null;
  try {
    process.kill(pid, 'SIGUSR2');
  } catch {
    return 'no app';
  }
  const knownToAck = before !== null || ack?.declared === true;
  const limit = Date.now() + (knownToAck ? options.deadlineMs : Math.min(options.graceMs, options.deadlineMs));
  while (Date.now() < limit) {
    const now = ackPath ? readAck(ackPath) : null;
    if (now !== null && now !== before) return 'confirmed';
    await sleep(POLL_MS);
  }
  return 'unconfirmed';
}
