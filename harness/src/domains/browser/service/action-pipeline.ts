import { setTimeout as sleep } from 'node:timers/promises';
import type { BackendCorrelator } from '../types/backend.js';
import { requestFailed, type ActionResult, type BackendReport, type NetworkEntry, type PageState } from '../types/results.js';
import type { PageSession } from './page-session.js';
import { newActionTrace } from './trace-context.js';

/** What one action did, before the page state is added. */
export type ActionOutcome = Omit<ActionResult, keyof PageState>;

export interface ActionOptions {
  /** Added to the answer: what the action was aimed at. */
  target?: string;
  correlator?: BackendCorrelator;
  correlationWaitMs: number;
  /** The body waited for a load already: skip the page task turn before settling. */
  navigation?: boolean;
  /** The call's deadline: settling stops when it is aborted. */
  signal: AbortSignal;
}

/**
 * Runs one browser action under its own trace id: every loopback request it causes
 * carries `traceparent`, the action waits for those requests (and a navigation it
 * started) to settle, then reports them, the console messages since it began, and the
 * backend spans and logs of its trace. A dialog that opens ends the wait and is reported.
 */
export async function runAction(page: PageSession, name: string, options: ActionOptions, body: () => Promise<string | void>): Promise<ActionOutcome> {
  const started = Date.now();
  const startSeq = page.events.seq;
  const navigationsBefore = page.navigations;
  const trace = newActionTrace();
  let dialog: { type: string; message: string } | undefined;
  const dialogOpened = new Promise<void>((resolve) => {
    const off = page.onDialog((d) => {
      dialog = { type: d.type, message: d.message };
      off();
      resolve();
    });
    setTimeout(() => off(), 600_000).unref();
  });
  page.beginTrace(trace);
  let detail: string | void;
  try {
    detail = await Promise.race([body(), dialogOpened.then(() => undefined)]);
    if (!dialog) await settle(page, startSeq, options.navigation === true, dialogOpened, options.signal);
  } finally {
    page.endTrace();
  }
  const requests = page.events.networkSince(startSeq);
  const console = page.events.consoleSince(startSeq);
  const durationMs = Date.now() - started;
  const { reports: backend, omitted } = options.correlator ? await correlate(options.correlator, requests, options.correlationWaitMs, new Date(started - 1000)) : { reports: [], omitted: 0 };
  return {
    action: name,
    ...(options.target ? { target: options.target } : {}),
    traceId: trace.traceId,
    traceIds: carriedTraceIds(requests),
    durationMs,
    ...(backend.length ? { backendWaitMs: Date.now() - started - durationMs } : {}),
    navigated: page.navigations !== navigationsBefore,
    requests: requests.slice(0, 50),
    console: console.slice(-50),
    ...(backend.length ? { backend } : {}),
    ...(omitted ? { backendOmitted: omitted } : {}),
    ...(dialog ? { dialog } : {}),
    ...(detail ? { detail } : {}),
  };
}

/**
 * Waits until what the action started has finished: a task turn in the page (so a fetch
 * a handler issued is seen), then, while requests the action started are in flight or
 * the main frame loads, waits for them and takes another task turn (so the page has run
 * the code that reads the responses, and any follow-up request is seen). No fixed quiet
 * window: an action that fetches nothing returns after one turn.
 */
async function settle(page: PageSession, startSeq: number, navigation: boolean, dialogOpened: Promise<void>, signal: AbortSignal): Promise<void> {
  let dialogSeen = false;
  void dialogOpened.then(() => (dialogSeen = true));
  const taskTurn = (): Promise<unknown> => Promise.race([page.evaluate('new Promise((r) => setTimeout(r, 0))', 2000).catch(() => undefined), dialogOpened]);
  if (!navigation) await taskTurn();
  // Nothing happened (no request, no console message): done after that one turn.
  if (!navigation && page.events.seq === startSeq && !page.loading) return;
  for (;;) {
    if (dialogSeen || signal.aborted) return;
    if (page.events.inFlightSince(startSeq) > 0 || page.loading) {
      await sleep(2);
      continue;
    }
    const seq = page.events.seq;
    await taskTurn();
    if (page.events.seq === seq && page.events.inFlightSince(startSeq) === 0 && !page.loading) return;
  }
}

/** The distinct trace ids the requests carried, in the order first seen. */
export function carriedTraceIds(requests: NetworkEntry[]): string[] {
  return [...new Set(requests.map((r) => r.traceId).filter((id): id is string => id !== undefined))];
}

/** How many traces an answer looks up; the rest are counted in `omitted`. */
export const TRACE_CAPS = { action: 10, journey: 20, evidence: 100 } as const;

export interface Correlation {
  reports: BackendReport[];
  /** Traces the requests carried that were not looked up (over the cap). */
  omitted: number;
}

/**
 * The backend spans and logs of every trace the requests carried: the action's own trace
 * id, or the page's own where the page sent a traceparent itself. Looked up in parallel,
 * at most `cap` traces: those of failed requests (4xx/5xx, network errors) first, then the
 * latest others; reports come in the order the requests were made.
 */
export async function correlate(correlator: BackendCorrelator, requests: NetworkEntry[], waitMs: number, since: Date, cap: number = TRACE_CAPS.action): Promise<Correlation> {
  const perTrace = new Map<string, { count: number; failed: boolean }>();
  for (const r of requests) {
    if (!r.traceId) continue;
    const entry = perTrace.get(r.traceId) ?? { count: 0, failed: false };
    entry.count++;
    entry.failed ||= requestFailed(r);
    perTrace.set(r.traceId, entry);
  }
  const all = [...perTrace.keys()];
  const failed = all.filter((id) => perTrace.get(id)?.failed);
  const chosen = new Set(failed.slice(0, cap));
  for (const id of all.filter((id) => !chosen.has(id)).reverse()) {
    if (chosen.size >= cap) break;
    chosen.add(id);
  }
  const traces = all.filter((id) => chosen.has(id));
  const reports = await Promise.all(
    traces.map((traceId) =>
      correlator
        .find(traceId, { expectSpans: perTrace.get(traceId)?.count ?? 1, waitMs, since })
        .catch((error: unknown) => ({ traceId, spans: [], logs: [], note: `backend lookup failed: ${error instanceof Error ? error.message : String(error)}` })),
    ),
  );
  return { reports, omitted: all.length - traces.length };
}
