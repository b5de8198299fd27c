import { HarnessError, ExitCode } from '../../../utils/diagnostic.js';
import type { BrowserConfig } from '../config/settings.js';
import { launchChromium, type ChromiumProcess } from '../repo/chromium-process.js';
import { CdpConnection } from '../repo/cdp-client.js';
import type { PageState } from '../types/results.js';
import { PageSession } from './page-session.js';

export interface BrowserSessionOptions {
  config: BrowserConfig;
  /** Chromium's profile folder (emptied on every launch). */
  profileDir: string;
}

/** What a tool handler gets: the page and a way to add a note to the answer. */
export interface CallScope {
  page: PageSession;
  notes: string[];
  /** Aborted when the call's deadline passes: loops that poll must stop then. */
  signal: AbortSignal;
}

/**
 * The daemon's Chromium: launched on first use, restarted when it died, its tab replaced
 * when the renderer crashed or stays wedged. Calls run one at a time, each under a
 * deadline, so a stuck page fails one call with a clear error and never the daemon.
 */
export class BrowserSession {
  readonly config: BrowserConfig;
  readonly #options: BrowserSessionOptions;
  #chromium: ChromiumProcess | undefined;
  #cdp: CdpConnection | undefined;
  #page: PageSession | undefined;
  /** The last event number of the pages before this one: a new page counts on from it, so old marks stay valid. */
  #seqFloor = 0;
  #restarts = 0;
  #queue: Promise<unknown> = Promise.resolve();
  /** A launch in progress, so `stop` can wait for it instead of orphaning its Chromium. */
  #launching: Promise<void> | undefined;
  #stopped = false;
  /** Listeners told when the page object is replaced (the recorder follows the new tab). */
  readonly #onNewPage = new Set<(page: PageSession) => void>();

  constructor(options: BrowserSessionOptions) {
    this.#options = options;
    this.config = options.config;
  }

  get restarts(): number {
    return this.#restarts;
  }

  get pid(): number | undefined {
    return this.#chromium && !this.#chromium.hasExited() ? this.#chromium.pid : undefined;
  }

  /** The loopback HTTP endpoint of CDP, for Playwright journeys run by the daemon. */
  get cdpHttpUrl(): string | undefined {
    return this.#chromium?.httpUrl;
  }

  /** The current page without recovery checks (status, recorder). */
  get currentPage(): PageSession | undefined {
    return this.#page;
  }

  onNewPage(listener: (page: PageSession) => void): () => void {
    this.#onNewPage.add(listener);
    return () => this.#onNewPage.delete(listener);
  }

  /**
   * Runs `fn` against a healthy page, after every earlier call, failing with a clear
   * error once `deadlineMs` has passed. Returns the page state for the answer.
   */
  async run<T>(what: string, deadlineMs: number, fn: (scope: CallScope) => Promise<T>, options: { allowDialog?: boolean } = {}): Promise<{ value: T; state: PageState }> {
    const previous = this.#queue;
    let release!: () => void;
    this.#queue = new Promise<void>((r) => (release = r));
    try {
      await previous;
      const notes: string[] = [];
      const page = await this.#ensure(notes);
      const dialog = page.dialog;
      if (dialog && !options.allowDialog) {
        throw new HarnessError(
          {
            what: `a ${dialog.type} dialog is open ("${dialog.message.slice(0, 120)}"), so the page cannot ${what}`,
            why: 'a JavaScript dialog blocks the page until someone answers it',
            fix: 'run `harness browser dialog accept` (or `dialog dismiss`), then retry',
          },
          ExitCode.failed,
        );
      }
      const controller = new AbortController();
      const value = await withDeadline(fn({ page, notes, signal: controller.signal }), deadlineMs, what, () => {
        controller.abort();
        page.suspect = true;
        // Interrupt a script that does not yield, so the tab can be used again.
        void page.send('Runtime.terminateExecution', undefined, 1000).catch(() => undefined);
      });
      return { value, state: await this.pageState(page, notes) };
    } finally {
      release();
    }
  }

  async pageState(page: PageSession, notes: string[]): Promise<PageState> {
    const info = await page.info().catch(() => ({ url: 'unknown (the tab did not answer)', title: '' }));
    return { url: info.url, title: info.title, mark: page.events.mark(), notes };
  }

  /** Stops Chromium for good (the daemon's shutdown): later calls fail instead of relaunching. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#launching?.catch(() => undefined);
    await this.#close();
  }

  async #close(): Promise<void> {
    this.#page?.detach();
    this.#seqFloor = Math.max(this.#seqFloor, this.#page?.events.seq ?? 0);
    await this.#cdp?.close();
    await this.#chromium?.stop();
    this.#page = undefined;
    this.#cdp = undefined;
    this.#chromium = undefined;
  }

  async #ensure(notes: string[]): Promise<PageSession> {
    if (this.#chromium && (this.#chromium.hasExited() || !this.#cdp || this.#cdp.closed)) {
      const how = this.#chromium.hasExited() ? await this.#chromium.exited : 'its DevTools connection closed';
      notes.push(`Chromium had stopped (${how}) and was restarted: the tab is blank, refs and console/network history start fresh`);
      await this.#close();
      this.#restarts++;
    }
    if (this.#stopped) {
      throw new HarnessError({ what: 'the browser is shut down: the env is stopping', why: 'Chromium is stopped with the env on `harness down`', fix: 'run `harness up`, then retry' });
    }
    if (!this.#chromium) {
      const started = Date.now();
      const first = this.#restarts === 0 && notes.length === 0;
      this.#launching = this.#launch();
      try {
        await this.#launching;
      } finally {
        this.#launching = undefined;
      }
      if (this.#stopped) {
        await this.#close();
        throw new HarnessError({ what: 'the browser was shut down while it started: the env is stopping', why: 'Chromium is stopped with the env on `harness down`', fix: 'run `harness up`, then retry' });
      }
      if (first) notes.push(`started Chromium (pid ${this.pid ?? '?'}) for this env in ${Date.now() - started} ms`);
    }
    const page = this.#page;
    if (!page) throw new Error('no page after launch');
    if (page.crashed) {
      notes.push('the tab had crashed and was replaced by a fresh one at about:blank: navigate again');
      return this.#replacePage();
    }
    if (page.suspect) {
      const alive = await page.evaluate('1', 1500).then(
        () => true,
        () => false,
      );
      if (!alive) {
        notes.push('the tab stayed unresponsive after the previous call hit its deadline and was replaced by a fresh one at about:blank: navigate again');
        return this.#replacePage();
      }
      page.suspect = false;
    }
    return page;
  }

  async #launch(): Promise<void> {
    const { config } = this.#options;
    this.#chromium = await launchChromium({
      executable: config.executable,
      profileDir: this.#options.profileDir,
      viewport: config.viewport,
      timeoutMs: config.launchTimeoutMs,
    });
    this.#cdp = await CdpConnection.open(this.#chromium.browserWsUrl);
    const { targetInfos } = await this.#cdp.send('Target.getTargets', undefined, undefined, 5000);
    const existing = targetInfos.find((t) => t.type === 'page');
    const targetId = existing ? existing.targetId : (await this.#cdp.send('Target.createTarget', { url: 'about:blank' }, undefined, 5000)).targetId;
    await this.#attach(targetId);
  }

  async #attach(targetId: string): Promise<PageSession> {
    const cdp = this.#cdp;
    if (!cdp) throw new Error('no CDP connection');
    this.#seqFloor = Math.max(this.#seqFloor, this.#page?.events.seq ?? 0);
    const page = await PageSession.attach(cdp, targetId, {
      viewport: this.config.viewport,
      buffers: { console: this.config.consoleBuffer, network: this.config.networkBuffer },
      firstSeq: this.#seqFloor,
      commandTimeoutMs: this.config.deadlineMs,
    });
    this.#page = page;
    for (const listener of this.#onNewPage) listener(page);
    return page;
  }

  /** Opens a fresh tab and closes the old one (closing works even when its renderer hangs). */
  async #replacePage(): Promise<PageSession> {
    const cdp = this.#cdp;
    const old = this.#page;
    if (!cdp) throw new Error('no CDP connection');
    const { targetId } = await cdp.send('Target.createTarget', { url: 'about:blank' }, undefined, 5000);
    old?.detach();
    if (old) void cdp.send('Target.closeTarget', { targetId: old.targetId }, undefined, 5000).catch(() => undefined);
    return this.#attach(targetId);
  }
}

/** Races `work` against a deadline; on timeout runs `onTimeout` and throws a diagnostic. */
export async function withDeadline<T>(work: Promise<T>, deadlineMs: number, what: string, onTimeout?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(
        new HarnessError(
          {
            what: `${what} did not finish within its ${deadlineMs} ms deadline`,
            why: 'the page is busy (a script that does not yield, a request that never answers) or a condition never came true',
            fix: 'read `harness browser console` for errors; retry with a larger --deadline if the page is just slow; a tab that stays stuck is replaced on the next call',
          },
          ExitCode.failed,
        ),
      );
    }, deadlineMs);
  });
  work.catch(() => undefined);
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
