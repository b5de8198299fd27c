import type { Protocol } from 'devtools-protocol';
import { HarnessError, ExitCode } from '../../../utils/diagnostic.js';
import type { CdpCommand, CdpConnection, CdpEvent, CdpEventParams, CdpParams, CdpResult } from '../repo/cdp-client.js';
import { EventLog } from './event-log.js';
import { RefRegistry } from './ref-registry.js';
import { parseTraceparent, wantsTraceHeader, withBaggageMember, type ActionTrace } from './trace-context.js';

export interface PageSessionOptions {
  viewport: { width: number; height: number };
  buffers: { console: number; network: number };
  /** Where this page's event numbers start: after the last of the page it replaces. */
  firstSeq?: number;
  /** Deadline of one CDP command when the caller gives none. */
  commandTimeoutMs: number;
}

/**
 * One page (tab) attached over a flattened CDP session: its event capture, element
 * refs, trace header injection and open dialog. Lives in the daemon across CLI calls.
 */
export class PageSession {
  readonly targetId: string;
  readonly sessionId: string;
  readonly events: EventLog;
  readonly refs = new RefRegistry();
  readonly #cdp: CdpConnection;
  readonly #options: PageSessionOptions;
  #activeTrace: ActionTrace | undefined;
  readonly #traceByRequest = new Map<string, string>();
  #dialog: Protocol.Page.JavascriptDialogOpeningEvent | undefined;
  readonly #dialogListeners = new Set<(d: Protocol.Page.JavascriptDialogOpeningEvent) => void>();
  #crashed = false;
  /** Set when a call timed out: the next call probes the page before trusting it. */
  suspect = false;
  mainFrameId = '';
  /** True between the main frame starting and finishing a load. */
  loading = false;
  #navigations = 0;
  /** Main-frame load events seen, to wait for the next one. */
  loads = 0;
  readonly #unsubscribe: (() => void)[] = [];

  private constructor(cdp: CdpConnection, targetId: string, sessionId: string, options: PageSessionOptions) {
    this.#cdp = cdp;
    this.targetId = targetId;
    this.sessionId = sessionId;
    this.#options = options;
    this.events = new EventLog(options.buffers, options.firstSeq ?? 0);
  }

  /** Attaches to a page target and turns on everything the tools read. */
  static async attach(cdp: CdpConnection, targetId: string, options: PageSessionOptions): Promise<PageSession> {
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true }, undefined, options.commandTimeoutMs);
    const page = new PageSession(cdp, targetId, sessionId, options);
    page.#subscribe();
    await Promise.all([
      page.send('Page.enable'),
      page.send('Runtime.enable'),
      page.send('Network.enable', { maxPostDataSize: 65536 }),
      page.send('Log.enable'),
      page.send('DOM.enable'),
      page.send('Accessibility.enable'),
      page.send('Page.setLifecycleEventsEnabled', { enabled: true }),
      page.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] }),
      page.send('Emulation.setDeviceMetricsOverride', { width: options.viewport.width, height: options.viewport.height, deviceScaleFactor: 1, mobile: false }),
    ]);
    const { frameTree } = await page.send('Page.getFrameTree');
    page.mainFrameId = frameTree.frame.id;
    return page;
  }

  get crashed(): boolean {
    return this.#crashed;
  }

  get navigations(): number {
    return this.#navigations;
  }

  get dialog(): Protocol.Page.JavascriptDialogOpeningEvent | undefined {
    return this.#dialog;
  }

  /** A CDP command on this page, with a deadline. */
  send<M extends CdpCommand>(method: M, params?: CdpParams<M>, timeoutMs = this.#options.commandTimeoutMs): Promise<CdpResult<M>> {
    return this.#cdp.send(method, params, this.sessionId, timeoutMs);
  }

  /** Evaluates an expression in the main frame and returns its JSON value. */
  async evaluate(expression: string, timeoutMs?: number): Promise<unknown> {
    const { result, exceptionDetails } = await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }, timeoutMs);
    if (exceptionDetails) throw pageError(exceptionDetails);
    return result.value;
  }

  /** Calls `fn` with `this` bound to the element of a backend node id, returning JSON. */
  async callOn(backendNodeId: number, fn: string, args: unknown[] = [], timeoutMs?: number): Promise<unknown> {
    const { object } = await this.send('DOM.resolveNode', { backendNodeId }, timeoutMs).catch((error: unknown) => {
      if (error instanceof HarnessError) throw error;
      const ref = this.refs.existing(backendNodeId);
      throw new HarnessError(
        { what: `element ${ref ?? `#${backendNodeId}`} is no longer in the page`, why: 'the page removed or re-rendered it since it was found', fix: 'take a new snapshot and use the new ref' },
        ExitCode.failed,
      );
    });
    if (!object.objectId) throw new Error('element has no JS object');
    try {
      const { result, exceptionDetails } = await this.send(
        'Runtime.callFunctionOn',
        { objectId: object.objectId, functionDeclaration: fn, arguments: args.map((value) => ({ value })), returnByValue: true, awaitPromise: true },
        timeoutMs,
      );
      if (exceptionDetails) throw pageError(exceptionDetails);
      return result.value;
    } finally {
      void this.send('Runtime.releaseObject', { objectId: object.objectId }).catch(() => undefined);
    }
  }

  /** Requests made while `trace` is active carry its traceparent (loopback only). */
  beginTrace(trace: ActionTrace | undefined): void {
    this.#activeTrace = trace;
  }

  endTrace(): void {
    this.#activeTrace = undefined;
  }

  /** Subscribes to a CDP event of this page; returns the unsubscribe. */
  onEvent<E extends CdpEvent>(event: E, handler: (params: CdpEventParams<E>) => void): () => void {
    return this.#cdp.on(event, this.sessionId, handler);
  }

  /** Calls back when a JavaScript dialog opens; returns the unsubscribe. */
  onDialog(listener: (d: Protocol.Page.JavascriptDialogOpeningEvent) => void): () => void {
    this.#dialogListeners.add(listener);
    return () => this.#dialogListeners.delete(listener);
  }

  clearDialog(): void {
    this.#dialog = undefined;
  }

  /** The page's URL and title from the browser process (answers even when the renderer is busy). */
  async info(): Promise<{ url: string; title: string }> {
    const { targetInfo } = await this.#cdp.send('Target.getTargetInfo', { targetId: this.targetId }, undefined, 2000);
    return { url: targetInfo.url, title: targetInfo.title };
  }

  detach(): void {
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe.length = 0;
  }

  #subscribe(): void {
    const on = this.#cdp.on.bind(this.#cdp);
    const s = this.sessionId;
    const ev = this.events;
    this.#unsubscribe.push(
      on('Runtime.consoleAPICalled', s, (e) => ev.onConsoleApi(e)),
      on('Runtime.exceptionThrown', s, (e) => ev.onException(e)),
      on('Log.entryAdded', s, (e) => ev.onLogEntry(e)),
      on('Network.requestWillBeSent', s, (e) => ev.onRequest(e, this.#traceByRequest.get(e.requestId))),
      on('Network.responseReceived', s, (e) => ev.onResponse(e)),
      on('Network.loadingFinished', s, (e) => ev.onFinished(e)),
      on('Network.loadingFailed', s, (e) => ev.onFailed(e)),
      on('Fetch.requestPaused', s, (e) => this.#onRequestPaused(e)),
      on('Page.frameNavigated', s, (e) => {
        if (!e.frame.parentId) {
          this.mainFrameId = e.frame.id;
          this.#navigations++;
          this.refs.forgetAll();
          ev.onMainFrameNavigated();
        }
      }),
      on('Page.loadEventFired', s, () => {
        this.loads++;
      }),
      on('Page.frameStartedLoading', s, (e) => {
        if (e.frameId === this.mainFrameId) this.loading = true;
      }),
      on('Page.frameStoppedLoading', s, (e) => {
        if (e.frameId === this.mainFrameId) this.loading = false;
      }),
      on('Page.javascriptDialogOpening', s, (e) => {
        this.#dialog = e;
        for (const listener of this.#dialogListeners) listener(e);
      }),
      on('Page.javascriptDialogClosed', s, () => {
        this.#dialog = undefined;
      }),
      on('Inspector.targetCrashed', s, () => {
        this.#crashed = true;
      }),
    );
  }

  #onRequestPaused(event: Protocol.Fetch.RequestPausedEvent): void {
    const trace = this.#activeTrace;
    // A request that carries the page's own traceparent keeps it: the harness never breaks
    // the app's tracing, and correlates that trace id instead.
    const own = Object.entries(event.request.headers).find(([name]) => name.toLowerCase() === 'traceparent')?.[1];
    const ownTraceId = own ? parseTraceparent(own) : undefined;
    const inject = trace !== undefined && ownTraceId === undefined && wantsTraceHeader(event.request.url);
    const traceId = ownTraceId ?? (inject ? trace.traceId : undefined);
    if (traceId && event.networkId) {
      this.#traceByRequest.set(event.networkId, traceId);
      this.events.setTraceId(event.networkId, traceId);
      if (this.#traceByRequest.size > 5000) this.#traceByRequest.delete(this.#traceByRequest.keys().next().value ?? '');
    }
    // A journey's baggage goes with every loopback request, next to whichever traceparent it carries.
    const baggage = trace?.baggage && wantsTraceHeader(event.request.url) ? trace.baggage : undefined;
    const headers = inject || baggage ? withTraceHeaders(event.request.headers, inject ? trace.traceparent : undefined, baggage) : undefined;
    void this.send('Fetch.continueRequest', { requestId: event.requestId, ...(headers ? { headers } : {}) }).catch(() => undefined);
  }
}

function withTraceHeaders(headers: Protocol.Network.Headers, traceparent: string | undefined, baggage: ActionTrace['baggage']): Protocol.Fetch.HeaderEntry[] {
  const replaced = new Set([...(traceparent ? ['traceparent', 'tracestate'] : []), ...(baggage ? ['baggage'] : [])]);
  const entries = Object.entries(headers)
    .filter(([name]) => !replaced.has(name.toLowerCase()))
    .map(([name, value]) => ({ name, value }));
  if (traceparent) entries.push({ name: 'traceparent', value: traceparent });
  if (baggage) {
    const existing = Object.entries(headers).find(([name]) => name.toLowerCase() === 'baggage')?.[1];
    entries.push({ name: 'baggage', value: withBaggageMember(existing, baggage) });
  }
  return entries;
}

/** A script error in the page, as a diagnostic (the page's own error, not the harness's). */
export function pageError(details: Protocol.Runtime.ExceptionDetails): HarnessError {
  const message = details.exception?.description?.split('\n')[0] ?? details.text;
  return new HarnessError(
    {
      what: `the page threw: ${message}`,
      why: 'the JavaScript ran in the page and failed there',
      fix: 'check the expression (it runs in the page, with its globals), then rerun',
      ...(details.url ? { where: `${details.url}:${details.lineNumber + 1}` } : {}),
    },
    ExitCode.failed,
  );
}
