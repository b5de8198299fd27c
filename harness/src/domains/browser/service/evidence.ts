import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { HarnessError, ExitCode } from '../../../utils/diagnostic.js';
import type { ArtifactStore } from '../repo/artifacts.js';
import type { BackendCorrelator } from '../types/backend.js';
import { insideFolder } from '../types/params.js';
import { requestFailed, type ConsoleEntry, type EvidenceResult, type NetworkEntry } from '../types/results.js';
import type { BrowserSession } from './browser-session.js';
import { correlate, TRACE_CAPS, type Correlation } from './action-pipeline.js';
import { diffFiles } from './diff.js';
import type { PageSession } from './page-session.js';
import type { Recorder } from './recorder.js';
import { screenshot } from './screenshot.js';
import { buildSnapshot } from './snapshot.js';

interface OpenBundle {
  name: string;
  folder: string;
  startedAt: Date;
  startSeq: number;
  page: PageSession;
  video: boolean;
  beforeUrl: string;
}

export interface EvidenceDeps {
  session: BrowserSession;
  recorder: Recorder;
  artifacts: ArtifactStore;
  correlator: BackendCorrelator | undefined;
}

/**
 * Evidence of a fix for a pull request: `start` takes the "before" screenshot and
 * snapshot and starts the video; `stop` takes the "after" ones, stops the video and
 * writes console, network, the backend spans and logs of every traced request, an image
 * diff and a short summary.md, all in `.harness/artifacts/evidence/<name>/`.
 */
export class EvidenceBundles {
  readonly #deps: EvidenceDeps;
  readonly #open = new Map<string, OpenBundle>();

  constructor(deps: EvidenceDeps) {
    this.#deps = deps;
  }

  async start(name: string, force = false): Promise<EvidenceResult> {
    if (!insideFolder(name)) {
      throw new HarnessError({ what: `"${name}" is not a usable evidence name`, why: 'the name is a folder under .harness/artifacts/evidence/; a name starting with "." or containing ".." would point at (and replace) a folder above it', fix: 'use letters, digits, dashes and underscores, e.g. `harness evidence start fix-add-task`' });
    }
    if (this.#open.has(name)) throw new HarnessError({ what: `evidence "${name}" is already being collected`, why: 'a bundle runs from start to stop', fix: `run \`harness evidence stop ${name}\`` }, ExitCode.failed);
    const folder = join(this.#deps.artifacts.dir('evidence'), name);
    if (existsSync(folder)) {
      if (!force) {
        throw new HarnessError({ what: `an evidence bundle named "${name}" exists already (${folder})`, why: 'starting it again would delete the bundle collected before', fix: `pick another name, or replace it with \`harness evidence start ${name} --force\` (MCP: force: true)` });
      }
      rmSync(folder, { recursive: true, force: true });
    }
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const { value } = await this.#deps.session.run(`start evidence ${name}`, 20_000, async ({ page }) => {
      const files = await this.#capture(page, folder, 'before');
      let video = false;
      if (!this.#deps.recorder.recording) {
        await this.#deps.recorder.start(page, join(folder, 'video.mp4'));
        video = true;
      }
      const info = await page.info();
      this.#open.set(name, { name, folder, startedAt: new Date(), startSeq: page.events.seq, page, video, beforeUrl: info.url });
      return video ? [...files, join(folder, 'video.mp4')] : files;
    });
    return { name, state: 'started', folder, files: value };
  }

  async stop(name: string): Promise<EvidenceResult> {
    const bundle = this.#open.get(name);
    if (!bundle) throw new HarnessError({ what: `no evidence named "${name}" is being collected`, why: 'stop ends a bundle that start began', fix: `run \`harness evidence start ${name}\` first${this.#open.size ? ` (open: ${[...this.#open.keys()].join(', ')})` : ''}` }, ExitCode.failed);
    this.#open.delete(name);
    const { value } = await this.#deps.session.run(`stop evidence ${name}`, 60_000, async ({ page }) => {
      const files = await this.#capture(page, bundle.folder, 'after');
      if (bundle.video && this.#deps.recorder.recording) {
        await this.#deps.recorder.stop();
        files.push(join(bundle.folder, 'video.mp4'));
      }
      // The tab may have been replaced meanwhile: read what the bundle's page recorded.
      const console = bundle.page.events.consoleSince(bundle.startSeq);
      const network = bundle.page.events.networkSince(bundle.startSeq);
      const { reports: backend, omitted } = await this.#backend(network, bundle.startedAt);
      const write = (file: string, data: unknown): void => {
        writeFileSync(join(bundle.folder, file), `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
        files.push(join(bundle.folder, file));
      };
      write('console.json', console);
      write('network.json', network);
      write('backend.json', backend);
      let diffLine = '';
      const before = join(bundle.folder, 'before.png');
      const after = join(bundle.folder, 'after.png');
      if (existsSync(before) && existsSync(after)) {
        const diff = diffFiles(this.#deps.artifacts, before, after);
        if (diff.diffPath) {
          copyFileSync(diff.diffPath, join(bundle.folder, 'diff.png'));
          files.push(join(bundle.folder, 'diff.png'));
        }
        diffLine = `${((diff.changedRatio ?? 0) * 100).toFixed(2)}% of pixels changed between before.png and after.png (diff.png)`;
      }
      const info = await page.info();
      const summary = summarize(bundle, info.url, console, network, { reports: backend, omitted }, diffLine, files);
      writeFileSync(join(bundle.folder, 'summary.md'), summary, { mode: 0o600 });
      files.push(join(bundle.folder, 'summary.md'));
      return { files, summary };
    });
    return { name, state: 'stopped', folder: bundle.folder, files: value.files, summary: value.summary };
  }

  async #capture(page: PageSession, folder: string, label: 'before' | 'after'): Promise<string[]> {
    const shot = await screenshot(page, this.#deps.artifacts, 'viewport', undefined);
    const image = shot.images[0];
    const files: string[] = [];
    if (image) {
      copyFileSync(image.path, join(folder, `${label}.png`));
      files.push(join(folder, `${label}.png`));
    }
    const snap = await buildSnapshot(page);
    writeFileSync(join(folder, `${label}-snapshot.txt`), `${snap.text}\n`, { mode: 0o600 });
    files.push(join(folder, `${label}-snapshot.txt`));
    return files;
  }

  async #backend(network: NetworkEntry[], since: Date): Promise<Correlation> {
    const correlator = this.#deps.correlator;
    return correlator ? correlate(correlator, network, 1000, new Date(since.getTime() - 1000), TRACE_CAPS.evidence) : { reports: [], omitted: 0 };
  }
}

function summarize(bundle: OpenBundle, afterUrl: string, console: ConsoleEntry[], network: NetworkEntry[], correlation: Correlation, diffLine: string, files: string[]): string {
  const backend = correlation.reports;
  const errors = console.filter((e) => e.level === 'error');
  const failed = network.filter(requestFailed);
  const spans = backend.flatMap((b) => b.spans);
  const errorSpans = spans.filter((s) => s.status === 'error');
  const lines = [
    `# Evidence: ${bundle.name}`,
    '',
    `- collected ${bundle.startedAt.toISOString()} → ${new Date().toISOString()}`,
    `- page: ${bundle.beforeUrl}${afterUrl !== bundle.beforeUrl ? ` → ${afterUrl}` : ''}`,
    `- console: ${console.length} message(s), ${errors.length} error(s)`,
    `- network: ${network.length} request(s), ${failed.length} failed (4xx/5xx or error)`,
    `- backend: ${spans.length} span(s) (${errorSpans.length} with errors), ${backend.reduce((n, b) => n + b.logs.length, 0)} log line(s) across ${backend.length} trace(s)${correlation.omitted ? `; ${correlation.omitted} more trace(s) not looked up (failed requests' traces come first; network.json has every request's trace id)` : ''}`,
    ...(diffLine ? [`- screens: ${diffLine}`] : []),
    '',
    '| before | after |',
    '| --- | --- |',
    '| ![before](before.png) | ![after](after.png) |',
    '',
  ];
  if (errors.length) lines.push('## Console errors', '', ...errors.slice(-10).map((e) => `- \`${e.text.slice(0, 200)}\`${e.source ? ` (${e.source})` : ''}`), '');
  if (failed.length) {
    // Oldest first: the first failure is usually the cause. Each with its backend span and logs.
    lines.push('## Failed requests', '');
    for (const e of failed.slice(0, 20)) {
      lines.push(`- ${e.method} ${e.url} → ${e.status ?? e.failure}${e.traceId ? ` (trace ${e.traceId})` : ''}`);
      const report = backend.find((b) => b.traceId === e.traceId);
      for (const span of report?.spans ?? []) lines.push(`  - span \`${span.name}\` ${span.attributes['http.response.status_code'] ?? ''} ${span.status ?? ''}`.trimEnd());
      for (const log of report?.logs.slice(0, 5) ?? []) lines.push(`  - log ${log.severity ?? ''} \`${log.message.slice(0, 200)}\``);
    }
    if (failed.length > 20) lines.push(`- … ${failed.length - 20} more in network.json`);
    lines.push('');
  }
  if (errorSpans.length) lines.push('## Backend errors', '', ...errorSpans.slice(-10).map((s) => `- span \`${s.name}\` ${s.attributes.status_message ?? ''}`), '');
  lines.push('## Files', '', ...files.map((f) => `- [${basename(f)}](${basename(f)})`), '- summary.md', '');
  return lines.join('\n');
}
