import CDP from 'chrome-remote-interface';
import type { ProtocolMapping } from 'devtools-protocol/types/protocol-mapping.js';
import { HarnessError, ExitCode } from '../../../utils/diagnostic.js';

export type CdpCommand = keyof ProtocolMapping.Commands;
export type CdpParams<M extends CdpCommand> = ProtocolMapping.Commands[M]['paramsType'][0];
export type CdpResult<M extends CdpCommand> = ProtocolMapping.Commands[M]['returnType'];
export type CdpEvent = keyof ProtocolMapping.Events;
export type CdpEventParams<E extends CdpEvent> = ProtocolMapping.Events[E][0];

/**
 * One WebSocket to the browser target, shared by every page session (flattened sessions).
 * Browser-level commands (create/close a tab) are served by the browser process, so they
 * still work when a page's renderer is stuck in a script loop.
 */
export class CdpConnection {
  readonly #client: CDP.Client;
  #closed = false;
  readonly #onClose = new Set<() => void>();
  /** Event handlers by `method` or `method|sessionId`. */
  readonly #handlers = new Map<string, Set<(params: never, sessionId?: string) => void>>();

  private constructor(client: CDP.Client) {
    this.#client = client;
    client.on('event', (message) => {
      const params = (message.params ?? {}) as never;
      const sessionId = message.sessionId;
      for (const key of sessionId ? [message.method, `${message.method}|${sessionId}`] : [message.method]) {
        for (const handler of this.#handlers.get(key) ?? []) handler(params, sessionId);
      }
    });
    client.on('disconnect', () => {
      this.#closed = true;
      for (const listener of this.#onClose) listener();
    });
  }

  static async open(browserWsUrl: string): Promise<CdpConnection> {
    const client = await CDP({ target: browserWsUrl, local: true });
    return new CdpConnection(client);
  }

  get closed(): boolean {
    return this.#closed;
  }

  onClose(listener: () => void): void {
    this.#onClose.add(listener);
  }

  /** Sends a command (to a page when sessionId is set), failing after timeoutMs. */
  async send<M extends CdpCommand>(method: M, params: CdpParams<M> | undefined, sessionId: string | undefined, timeoutMs: number): Promise<CdpResult<M>> {
    if (this.#closed) throw disconnected(method);
    let timer: NodeJS.Timeout | undefined;
    // A command that outlives its deadline: a wedged renderer or a blocking dialog.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new HarnessError(
              {
                what: `the page did not answer ${method} within ${timeoutMs} ms`,
                why: 'the page is busy (a script in a loop, a blocking dialog) or the browser is overloaded',
                fix: 'run `harness browser reload` or navigate elsewhere; a page that stays wedged is replaced by a fresh tab on the next call',
              },
              ExitCode.failed,
            ),
          ),
        timeoutMs,
      );
    });
    // chrome-remote-interface types `send` loosely; the mapping above restores the types.
    const sent = (this.#client.send as (m: string, p?: object, s?: string) => Promise<unknown>)(method, params ?? {}, sessionId);
    try {
      return (await Promise.race([sent, timeout])) as CdpResult<M>;
    } catch (error) {
      if (this.#closed) throw disconnected(method);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Subscribes to an event, optionally of one session only; returns the unsubscribe. */
  on<E extends CdpEvent>(event: E, sessionId: string | undefined, handler: (params: CdpEventParams<E>, sessionId?: string) => void): () => void {
    const key = sessionId ? `${event}|${sessionId}` : event;
    let set = this.#handlers.get(key);
    if (!set) this.#handlers.set(key, (set = new Set()));
    const listener = handler as (params: never, sessionId?: string) => void;
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#client.close().catch(() => undefined);
  }
}

/** The connection to Chromium is gone (it crashed or was killed). */
function disconnected(method: string): HarnessError {
  return new HarnessError({
    what: `Chromium went away during ${method}`,
    why: 'the browser process crashed or was killed',
    fix: 'rerun the command: the next call restarts Chromium (page state, refs and buffers start fresh)',
  });
}
