import type { Protocol } from 'devtools-protocol';
import { HarnessError } from '../../../utils/diagnostic.js';
import type { ConsoleEntry, NetworkEntry } from '../types/results.js';

/**
 * The console and network capture of one page: ring buffers that outlive CLI calls,
 * numbered by one sequence so that a mark (`m42`) splits "before" from "after" for both.
 */
export class EventLog {
  #seq = 0;
  #navigationSeq = 0;
  readonly #console: ConsoleEntry[] = [];
  readonly #network: NetworkEntry[] = [];
  readonly #byRequestId = new Map<string, NetworkEntry>();
  /** CDP monotonic start times, for durations. */
  readonly #startTs = new Map<string, number>();
  readonly #inFlight = new Set<string>();
  #lastNetworkActivity = Date.now();
  readonly #consoleLimit: number;
  readonly #networkLimit: number;

  /** `firstSeq`: numbers continue from the page this one replaces, so a mark never points ahead of a fresh page. */
  constructor(limits: { console: number; network: number }, firstSeq = 0) {
    this.#consoleLimit = limits.console;
    this.#networkLimit = limits.network;
    this.#seq = firstSeq;
    this.#navigationSeq = firstSeq;
  }

  get seq(): number {
    return this.#seq;
  }

  mark(): string {
    return `m${this.#seq}`;
  }

  /** The sequence number a mark stands for; the last navigation when absent. */
  resolveMark(mark: string | undefined): number {
    if (mark === undefined) return this.#navigationSeq;
    const match = /^m?(\d+)$/.exec(mark.trim());
    if (!match) {
      throw new HarnessError({ what: `"${mark}" is not a mark`, why: 'a mark is the m-number an earlier answer ended with (`(mark m42)`), splitting before from after', fix: `pass one like --since m42 (\`harness browser mark\` prints the current one), or leave --since out for everything since the last navigation` });
    }
    const seq = Number(match[1]);
    if (seq > this.#seq) {
      throw new HarnessError({ what: `mark ${mark} is ahead of this page's events (the latest is m${this.#seq})`, why: 'a mark comes from an answer of this env; one from a later event cannot exist yet', fix: `use a mark from a recent answer, or \`harness browser mark\` for the current one (m${this.#seq})` });
    }
    return seq;
  }

  onMainFrameNavigated(): void {
    this.#navigationSeq = this.#seq;
  }

  consoleSince(seq: number): ConsoleEntry[] {
    return this.#console.filter((e) => e.seq > seq);
  }

  networkSince(seq: number): NetworkEntry[] {
    return this.#network.filter((e) => e.seq > seq);
  }

  get counts(): { console: number; network: number } {
    return { console: this.#console.length, network: this.#network.length };
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Milliseconds since a request last started or ended. */
  get quietForMs(): number {
    return this.#inFlight.size > 0 ? 0 : Date.now() - this.#lastNetworkActivity;
  }

  /** Requests started after `seq` that are still in flight. */
  inFlightSince(seq: number): number {
    let count = 0;
    for (const id of this.#inFlight) {
      const entry = this.#byRequestId.get(id);
      if (entry && entry.seq > seq) count++;
    }
    return count;
  }

  addConsole(entry: Omit<ConsoleEntry, 'seq'>): void {
    push(this.#console, { seq: ++this.#seq, ...entry }, this.#consoleLimit);
  }

  onConsoleApi(event: Protocol.Runtime.ConsoleAPICalledEvent): void {
    const frame = event.stackTrace?.callFrames[0];
    this.addConsole({
      time: new Date(event.timestamp).toISOString(),
      level: event.type === 'warning' ? 'warning' : event.type,
      text: event.args.map(formatRemoteObject).join(' ').slice(0, 2000),
      ...(frame ? { source: `${frame.url}:${frame.lineNumber + 1}:${frame.columnNumber + 1}` } : {}),
    });
  }

  onException(event: Protocol.Runtime.ExceptionThrownEvent): void {
    const d = event.exceptionDetails;
    const description = d.exception?.description ?? d.text;
    const frames = d.stackTrace?.callFrames ?? [];
    const top = frames[0];
    const source = top ? `${top.url}:${top.lineNumber + 1}:${top.columnNumber + 1}` : d.url ? `${d.url}:${d.lineNumber + 1}:${d.columnNumber + 1}` : undefined;
    this.addConsole({
      time: new Date(event.timestamp).toISOString(),
      level: 'error',
      text: `Uncaught ${description.split('\n')[0] ?? description}`.slice(0, 2000),
      ...(source ? { source } : {}),
      ...(frames.length > 0 ? { stack: frames.slice(0, 5).map((f) => `${f.functionName || '(anonymous)'} ${f.url}:${f.lineNumber + 1}:${f.columnNumber + 1}`) } : {}),
    });
  }

  onLogEntry(event: Protocol.Log.EntryAddedEvent): void {
    const e = event.entry;
    this.addConsole({
      time: new Date(e.timestamp).toISOString(),
      level: e.level,
      text: e.text.slice(0, 2000),
      ...(e.url ? { source: `${e.url}${e.lineNumber !== undefined ? `:${e.lineNumber + 1}` : ''}` } : {}),
    });
  }

  onRequest(event: Protocol.Network.RequestWillBeSentEvent, traceId: string | undefined): void {
    const existing = this.#byRequestId.get(event.requestId);
    if (existing && event.redirectResponse) {
      existing.status = event.redirectResponse.status;
      existing.durationMs = ms(event.timestamp - (this.#startTs.get(event.requestId) ?? event.timestamp));
      this.#inFlight.delete(event.requestId);
    }
    const entry: NetworkEntry = {
      seq: ++this.#seq,
      id: event.requestId,
      method: event.request.method,
      url: event.request.url,
      ...(event.type ? { type: event.type } : {}),
      startedAt: new Date(event.wallTime * 1000).toISOString(),
      ...(traceId ? { traceId } : {}),
      ...(event.request.postData ? { requestBody: event.request.postData.slice(0, 4000) } : {}),
    };
    this.#byRequestId.set(event.requestId, entry);
    this.#startTs.set(event.requestId, event.timestamp);
    push(this.#network, entry, this.#networkLimit, (dropped) => {
      this.#byRequestId.delete(dropped.id);
      this.#startTs.delete(dropped.id);
    });
    if (!event.request.url.startsWith('data:')) this.#inFlight.add(event.requestId);
    this.#lastNetworkActivity = Date.now();
  }

  /** The trace id can arrive after the request event (the Fetch pause comes first or later). */
  setTraceId(requestId: string, traceId: string): void {
    const entry = this.#byRequestId.get(requestId);
    if (entry) entry.traceId = traceId;
  }

  onResponse(event: Protocol.Network.ResponseReceivedEvent): void {
    const entry = this.#byRequestId.get(event.requestId);
    if (entry) entry.status = event.response.status;
  }

  onFinished(event: Protocol.Network.LoadingFinishedEvent): void {
    this.#settle(event.requestId, event.timestamp);
  }

  onFailed(event: Protocol.Network.LoadingFailedEvent): void {
    const entry = this.#settle(event.requestId, event.timestamp);
    if (entry) entry.failure = event.canceled ? 'canceled' : event.errorText;
  }

  entry(requestId: string): NetworkEntry | undefined {
    return this.#byRequestId.get(requestId);
  }

  #settle(requestId: string, timestamp: number): NetworkEntry | undefined {
    this.#inFlight.delete(requestId);
    this.#lastNetworkActivity = Date.now();
    const entry = this.#byRequestId.get(requestId);
    const start = this.#startTs.get(requestId);
    if (entry && start !== undefined) entry.durationMs = ms(timestamp - start);
    return entry;
  }
}

function ms(seconds: number): number {
  return Math.round(seconds * 10_000) / 10;
}

function push<T>(list: T[], item: T, limit: number, onDrop?: (dropped: T) => void): void {
  list.push(item);
  while (list.length > limit) {
    const dropped = list.shift();
    if (dropped !== undefined) onDrop?.(dropped);
  }
}

function formatRemoteObject(arg: Protocol.Runtime.RemoteObject): string {
  if (arg.type === 'string') return String(arg.value);
  if ('value' in arg && arg.value !== undefined) return JSON.stringify(arg.value);
  if (arg.unserializableValue) return arg.unserializableValue;
  if (arg.preview) {
    const props = arg.preview.properties.map((p) => `${p.name}: ${p.value ?? p.type}`).join(', ');
    return arg.preview.subtype === 'array' ? `[${props}]` : `{${props}}`;
  }
  return arg.description ?? arg.type;
}
