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

/** Another sign that the flush is done, polled while waiting (the app's marker log line). */
export interface FlushProbe {
  /** True once the flush signalled at `since` (unix ms) is visible. */
  seen(since: number): Promise<boolean>;
  /** The app has shown this sign before, so it is worth waiting the whole deadline for. */
  known: boolean;
}

/**
 * Signals the app, then waits for its acknowledgement: the ack file changing, or the
 * probe seeing the app's marker. When the app is not known to do either (no declared
 * file, no ack or marker seen before) the wait is capped at `graceMs`.
 */
export async function askAppToFlush(
  pid: number | null,
  ack: { path: string; declared: boolean } | null,
  options: { deadlineMs: number; graceMs: number; probe?: FlushProbe | null },
): Promise<AppFlushOutcome> {
  if (pid === null) return 'no app';
  const ackPath = ack?.path ?? null;
  const before = ackPath ? readAck(ackPath) : null;
  const since = Date.now();
  try {
    process.kill(pid, 'SIGUSR2');
  } catch {
    return 'no app';
  }
  const fileKnown = before !== null || ack?.declared === true;
  // The marker is for apps without an ack file; an app that acknowledges needs no probe.
  const probe = fileKnown ? null : (options.probe ?? null);
  const knownToAck = fileKnown || probe?.known === true;
  const limit = Date.now() + (knownToAck ? options.deadlineMs : Math.min(options.graceMs, options.deadlineMs));
  let probing: Promise<boolean> | null = null;
  while (Date.now() < limit) {
    const now = ackPath ? readAck(ackPath) : null;
    if (now !== null && now !== before) return 'confirmed';
    if (probe && probing === null) probing = probe.seen(since).catch(() => false);
    const result = probing ? await Promise.race([probing, sleep(POLL_MS).then(() => null)]) : (await sleep(POLL_MS), null);
    if (result === true) return 'confirmed';
    if (result === false) probing = null;
  }
  return 'unconfirmed';
}
