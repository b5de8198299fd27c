import { HarnessError, ExitCode } from '../../../utils/diagnostic.js';
import type { ArtifactStore } from '../repo/artifacts.js';
import { FfmpegEncoder } from '../repo/ffmpeg-encoder.js';
import type { RecordResult } from '../types/results.js';
import type { BrowserSession } from './browser-session.js';
import type { PageSession } from './page-session.js';

const FPS = 10;

/**
 * Video of the tab: CDP screencast frames (sent only when the page repaints) are
 * re-emitted at a steady 10 fps to ffmpeg, so the video's clock is the wall clock and a
 * still page still shows for as long as it stayed still.
 */
export class Recorder {
  readonly #session: BrowserSession;
  readonly #store: ArtifactStore;
  #encoder: FfmpegEncoder | undefined;
  #latest: Buffer | undefined;
  #timer: NodeJS.Timeout | undefined;
  #started = 0;
  #unsubscribe: (() => void)[] = [];
  #page: PageSession | undefined;

  constructor(session: BrowserSession, store: ArtifactStore) {
    this.#session = session;
    this.#store = store;
  }

  get recording(): boolean {
    return this.#encoder !== undefined;
  }

  get path(): string | undefined {
    return this.#encoder?.path;
  }

  async start(page: PageSession, path?: string): Promise<RecordResult> {
    if (this.#encoder) {
      throw new HarnessError({ what: `a recording is already running (${this.#encoder.path})`, why: 'one tab records one video at a time', fix: 'run `harness browser record stop` first' }, ExitCode.failed);
    }
    const encoder = new FfmpegEncoder(path ?? this.#store.newPath('videos', 'video', 'mp4'), FPS);
    this.#encoder = encoder;
    this.#started = Date.now();
    this.#latest = undefined;
    await this.#attach(page);
    this.#unsubscribe.push(this.#session.onNewPage((next) => void this.#attach(next).catch(() => undefined)));
    this.#timer = setInterval(() => {
      if (this.#latest) encoder.write(this.#latest);
    }, 1000 / FPS);
    return { recording: true, path: encoder.path, notes: [] };
  }

  async stop(): Promise<RecordResult> {
    const encoder = this.#encoder;
    if (!encoder) {
      throw new HarnessError({ what: 'no recording is running', why: 'record stop ends a recording that record start began', fix: 'run `harness browser record start` first' }, ExitCode.failed);
    }
    clearInterval(this.#timer);
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    await this.#page?.send('Page.stopScreencast', undefined, 2000).catch(() => undefined);
    this.#page = undefined;
    // A video needs at least one frame: repeat the last one if stop came before the first tick.
    if (encoder.frames === 0 && this.#latest) encoder.write(this.#latest);
    this.#encoder = undefined;
    await encoder.finish(30_000);
    return { recording: false, path: encoder.path, frames: encoder.frames, durationMs: Date.now() - this.#started, notes: [] };
  }

  async #attach(page: PageSession): Promise<void> {
    this.#page = page;
    this.#unsubscribe.push(
      page.onEvent('Page.screencastFrame', (frame) => {
        this.#latest = Buffer.from(frame.data, 'base64');
        void page.send('Page.screencastFrameAck', { sessionId: frame.sessionId }).catch(() => undefined);
      }),
    );
    const { width, height } = this.#session.config.viewport;
    await page.send('Page.startScreencast', { format: 'jpeg', quality: 70, maxWidth: width, maxHeight: height, everyNthFrame: 1 });
    // Headless Chromium sends screencast frames only on repaint, so a still page may send
    // none: seed the video with a screenshot so it always opens on what the page shows.
    if (!this.#latest) {
      const shot = await page.send('Page.captureScreenshot', { format: 'jpeg', quality: 70 }).catch(() => undefined);
      if (shot && !this.#latest) this.#latest = Buffer.from(shot.data, 'base64');
    }
  }
}
