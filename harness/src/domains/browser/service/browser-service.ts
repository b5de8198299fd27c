import type { z } from 'zod';
import type { BrowserConfig } from '../config/settings.js';
import type { ArtifactStore } from '../repo/artifacts.js';
import type { BackendCorrelator } from '../types/backend.js';
import type * as P from '../types/params.js';
import type * as R from '../types/results.js';
import { requestFailed } from '../types/results.js';
import { runAction, type ActionOutcome } from './action-pipeline.js';
import { BrowserSession, type CallScope } from './browser-session.js';
import { diffFiles } from './diff.js';
import { queryDom } from './dom-query.js';
import { EvidenceBundles } from './evidence.js';
import { runJourney } from './journeys.js';
import { Recorder } from './recorder.js';
import { fillField, handleDialog, mouseAction, pressKey, scroll, selectOptions, typeText, upload } from './input.js';
import { gotoUrl, history, resolveUrl, waitFor } from './navigation.js';
import { screenshot } from './screenshot.js';
import { buildSnapshot } from './snapshot.js';
import { resolveTarget } from './targets.js';

export interface BrowserServiceOptions {
  config: BrowserConfig;
  profileDir: string;
  artifacts: ArtifactStore;
  /** The git worktree the env belongs to (journeys are found relative to it). */
  worktreeRoot: string;
  /** The app's base URL (from the env), for paths like `/tasks`. */
  appUrl: () => string | undefined;
  correlator?: BackendCorrelator;
}

type In<S extends z.ZodType> = z.output<S>;

/**
 * The browser tools as functions of their parsed params: what the daemon's methods call.
 * Each returns the answer object the CLI and the MCP server shape for reading.
 */
export class BrowserService {
  readonly session: BrowserSession;
  readonly artifacts: ArtifactStore;
  readonly recorder: Recorder;
  readonly #evidence: EvidenceBundles;
  readonly #options: BrowserServiceOptions;

  constructor(options: BrowserServiceOptions) {
    this.#options = options;
    this.artifacts = options.artifacts;
    this.session = new BrowserSession({ config: options.config, profileDir: options.profileDir });
    this.recorder = new Recorder(this.session, this.artifacts);
    const correlatorOf = (): BackendCorrelator | undefined => this.correlator;
    this.#evidence = new EvidenceBundles({
      session: this.session,
      recorder: this.recorder,
      artifacts: this.artifacts,
      get correlator() {
        return correlatorOf();
      },
    });
  }

  get config(): BrowserConfig {
    return this.#options.config;
  }

  set correlator(correlator: BackendCorrelator | undefined) {
    this.#options.correlator = correlator;
  }

  get correlator(): BackendCorrelator | undefined {
    return this.#options.correlator;
  }

  #deadline(ms: number | undefined): number {
    return ms ?? this.config.deadlineMs;
  }

  /** How an action looks up its backend spans and logs: not at all with `backend: false`. */
  #correlation(backend: boolean | undefined): { correlator?: BackendCorrelator; correlationWaitMs: number } {
    const correlator = backend === false ? undefined : this.correlator;
    return { correlationWaitMs: this.config.correlationWaitMs, ...(correlator ? { correlator } : {}) };
  }

  /** Runs an action (traced, settled, correlated) and adds the page state. */
  async #action(
    what: string,
    params: { deadlineMs?: number | undefined; backend?: boolean | undefined },
    body: (scope: CallScope) => Promise<{ target?: string; run: () => Promise<string | void> }>,
    navigation = false,
  ): Promise<R.ActionResult> {
    const correlation = this.#correlation(params.backend);
    const { value, state } = await this.session.run(what, this.#deadline(params.deadlineMs), async (scope): Promise<ActionOutcome> => {
      const prepared = await body(scope);
      return runAction(scope.page, what, { ...(prepared.target ? { target: prepared.target } : {}), ...correlation, navigation, signal: scope.signal }, prepared.run);
    });
    return { ...state, ...value };
  }

  navigate(p: In<typeof P.NavigateParamsSchema>): Promise<R.ActionResult> {
    const deadline = p.deadlineMs ?? this.config.navigationDeadlineMs;
    if (p.history) return this.#action(p.history, { ...p, deadlineMs: deadline }, async ({ page, signal }) => ({ run: () => history(page, p.history ?? 'reload', signal) }), true);
    const url = resolveUrl(p.url ?? '/', this.#options.appUrl());
    return this.#action('navigate', { ...p, deadlineMs: deadline }, async ({ page, signal }) => ({ target: url, run: () => gotoUrl(page, url, deadline, signal) }), true);
  }

  async wait(p: In<typeof P.WaitParamsSchema>): Promise<R.ActionResult> {
    const what = p.text !== undefined ? `wait for text "${p.text}"${p.gone ? ' to go' : ''}` : p.selector !== undefined ? `wait for ${p.selector}` : p.url !== undefined ? `wait for URL ${p.url}` : 'wait for network idle';
    return this.#action(what, p, async ({ page, signal }) => ({ run: () => waitFor(page, p, signal) }));
  }

  click(p: In<typeof P.ClickParamsSchema>): Promise<R.ActionResult> {
    return this.#action(p.kind, p, async ({ page }) => {
      const target = await resolveTarget(page, p.target);
      return { target: target.label, run: () => mouseAction(page, target, p.kind, p.button, p.modifiers) };
    });
  }

  type(p: In<typeof P.TypeParamsSchema>): Promise<R.ActionResult> {
    return this.#action('type', p, async ({ page }) => {
      const target = p.target ? await resolveTarget(page, p.target) : undefined;
      return { ...(target ? { target: target.label } : {}), run: () => typeText(page, target, p.text, p.submit === true) };
    });
  }

  fill(p: In<typeof P.FillParamsSchema>): Promise<R.ActionResult> {
    return this.#action('fill', p, async ({ page }) => {
      const targets: { target: Awaited<ReturnType<typeof resolveTarget>>; value: string | boolean }[] = [];
      for (const field of p.fields) targets.push({ target: await resolveTarget(page, field.target), value: field.value });
      return {
        run: async () => {
          const done: string[] = [];
          for (const { target, value } of targets) done.push(await fillField(page, target, value));
          return done.join(', ');
        },
      };
    });
  }

  select(p: In<typeof P.SelectParamsSchema>): Promise<R.ActionResult> {
    return this.#action('select', p, async ({ page }) => {
      const target = await resolveTarget(page, p.target);
      return { target: target.label, run: () => selectOptions(page, target, p.values) };
    });
  }

  press(p: In<typeof P.PressParamsSchema>): Promise<R.ActionResult> {
    return this.#action('press', p, async ({ page }) => {
      const target = p.target ? await resolveTarget(page, p.target) : undefined;
      return { ...(target ? { target: target.label } : {}), run: () => pressKey(page, target, p.key) };
    });
  }

  scroll(p: In<typeof P.ScrollParamsSchema>): Promise<R.ActionResult> {
    return this.#action('scroll', p, async ({ page }) => {
      const target = p.target ? await resolveTarget(page, p.target) : undefined;
      return { ...(target ? { target: target.label } : {}), run: () => scroll(page, target, p.dx ?? 0, p.dy ?? (target ? 0 : 600)) };
    });
  }

  upload(p: In<typeof P.UploadParamsSchema>): Promise<R.ActionResult> {
    return this.#action('upload', p, async ({ page }) => {
      const target = await resolveTarget(page, p.target);
      return { target: target.label, run: () => upload(page, target, p.files) };
    });
  }

  async dialog(p: In<typeof P.DialogParamsSchema>): Promise<R.ActionResult> {
    const { value, state } = await this.session.run(
      'answer the dialog',
      this.#deadline(p.deadlineMs),
      ({ page, signal }) =>
        runAction(page, 'dialog', { signal, ...this.#correlation(p.backend) }, () => handleDialog(page, p.accept, p.promptText)),
      { allowDialog: true },
    );
    return { ...state, ...value };
  }

  async snapshot(p: In<typeof P.SnapshotParamsSchema>): Promise<R.SnapshotResult> {
    const started = Date.now();
    const { value, state } = await this.session.run('take a snapshot', this.#deadline(p.deadlineMs), async ({ page }) => {
      const root = p.root ? await resolveTarget(page, p.root) : undefined;
      return buildSnapshot(page, {
        ...(root ? { rootBackendNodeId: root.backendNodeId } : {}),
        ...(p.depth !== undefined ? { depth: p.depth } : {}),
        ...(p.interactiveOnly ? { interactiveOnly: true } : {}),
      });
    });
    const path = this.artifacts.newPath('snapshots', 'snapshot', 'txt');
    this.artifacts.write(path, `${value.text}\n`);
    return { ...state, text: value.text, path, refs: value.refs, bytes: Buffer.byteLength(value.text), durationMs: Date.now() - started };
  }

  async screenshot(p: In<typeof P.ScreenshotParamsSchema>): Promise<R.ScreenshotResult> {
    const started = Date.now();
    const { value, state } = await this.session.run('take a screenshot', this.#deadline(p.deadlineMs), async ({ page }) => {
      const target = p.target ? await resolveTarget(page, p.target) : undefined;
      return screenshot(page, this.artifacts, p.target && p.mode === 'viewport' ? 'element' : p.mode, target, p.maxSide);
    });
    return { ...state, ...value, durationMs: Date.now() - started };
  }

  async dom(p: In<typeof P.DomParamsSchema>): Promise<R.DomResult> {
    const { value, state } = await this.session.run('query the DOM', this.#deadline(p.deadlineMs), ({ page }) =>
      queryDom(page, {
        ...(p.selector !== undefined ? { selector: p.selector } : {}),
        ...(p.text !== undefined ? { text: p.text } : {}),
        ...(p.role !== undefined ? { role: p.role } : {}),
        ...(p.name !== undefined ? { name: p.name } : {}),
        ...(p.ref !== undefined ? { ref: p.ref } : {}),
        limit: p.limit ?? 5,
        maxChars: p.maxChars ?? 2000,
        box: p.box === true,
        ...(p.styles ? { styles: p.styles } : {}),
      }),
    );
    return { ...state, ...value };
  }

  async console(p: In<typeof P.ConsoleParamsSchema>): Promise<R.ConsoleResult> {
    const { value, state } = await this.session.run('read the console', 5000, async ({ page }) => {
      const all = page.events.consoleSince(page.events.resolveMark(p.since)).filter((e) => p.level === 'all' || e.level === p.level || (p.level === 'warning' && e.level === 'error'));
      const limit = p.limit ?? 100;
      return { entries: all.slice(-limit), omitted: Math.max(0, all.length - limit) };
    }, { allowDialog: true });
    return { ...state, ...value };
  }

  async network(p: In<typeof P.NetworkParamsSchema>): Promise<R.NetworkResult> {
    const { value, state } = await this.session.run('read the network log', this.#deadline(undefined), async ({ page }) => {
      const all = page.events
        .networkSince(page.events.resolveMark(p.since))
        .filter((e) => (p.filter === undefined || e.url.includes(p.filter)) && (!p.failedOnly || requestFailed(e)));
      const limit = p.limit ?? 100;
      const entries = all.slice(-limit).map((e) => ({ ...e }));
      if (p.bodies) {
        for (const entry of entries) {
          const body = await page.send('Network.getResponseBody', { requestId: entry.id }, 3000).catch(() => undefined);
          if (body) entry.responseBody = readableBody(body.body, body.base64Encoded);
        }
      } else {
        for (const entry of entries) delete entry.requestBody;
      }
      return { entries, omitted: Math.max(0, all.length - limit) };
    }, { allowDialog: true });
    return { ...state, ...value };
  }

  async evaluate(p: In<typeof P.EvalParamsSchema>): Promise<R.EvalResult> {
    const started = Date.now();
    const { value, state } = await this.session.run('evaluate the expression', this.#deadline(p.deadlineMs), async ({ page }) => {
      const result = await page.evaluate(p.expression);
      const json = JSON.stringify(result) ?? 'undefined';
      const budget = 8000;
      return { value: json.length > budget ? null : (result ?? null), json: json.slice(0, budget), truncated: json.length > budget };
    });
    return { ...state, ...value, durationMs: Date.now() - started };
  }

  async mark(): Promise<R.PageState> {
    return (await this.session.run('mark', 5000, async () => undefined, { allowDialog: true })).state;
  }

  status(): R.StatusResult {
    const page = this.session.currentPage;
    const pid = this.session.pid;
    return {
      running: pid !== undefined,
      ...(pid !== undefined ? { pid } : {}),
      restarts: this.session.restarts,
      recording: this.recorder.recording,
      consoleEntries: page?.events.counts.console ?? 0,
      networkEntries: page?.events.counts.network ?? 0,
    };
  }

  diff(p: In<typeof P.DiffParamsSchema>): R.DiffResult {
    return diffFiles(this.artifacts, p.a, p.b);
  }

  async record(p: In<typeof P.RecordParamsSchema>): Promise<R.RecordResult> {
    if (p.action === 'stop') return this.recorder.stop();
    const { value, state } = await this.session.run('start recording', 10_000, ({ page }) => this.recorder.start(page));
    return { ...value, notes: state.notes };
  }

  journey(p: In<typeof P.JourneyParamsSchema>): Promise<R.JourneyResult> {
    return runJourney(
      { session: this.session, recorder: this.recorder, worktreeRoot: this.#options.worktreeRoot, appUrl: this.#options.appUrl(), correlator: this.correlator },
      this.config.journeys,
      p.name,
      p.record === true,
      p.deadlineMs ?? this.config.journeyDeadlineMs,
      this.config.correlationWaitMs,
    );
  }

  evidence(p: In<typeof P.EvidenceParamsSchema>): Promise<R.EvidenceResult> {
    return p.action === 'start' ? this.#evidence.start(p.name, p.force === true) : this.#evidence.stop(p.name);
  }

  async stop(): Promise<void> {
    if (this.recorder.recording) await this.recorder.stop().catch(() => undefined);
    await this.session.stop();
  }
}

/** A response body as text within a budget; binary bodies are described, not dumped. */
function readableBody(body: string, base64: boolean): string {
  const text = base64 ? Buffer.from(body, 'base64').toString('utf8') : body;
  // eslint-disable-next-line no-control-regex
  if (base64 && /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text)) return `(binary, ${Buffer.from(body, 'base64').length} bytes)`;
  return text.length > 4000 ? `${text.slice(0, 4000)}… (${text.length} chars)` : text;
}
