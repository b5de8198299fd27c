import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { HarnessError } from '../../../utils/diagnostic.js';
import type { BackendCorrelator } from '../types/backend.js';
import { insideFolder } from '../types/params.js';
import { requestFailed, type JourneyResult } from '../types/results.js';
import type { BrowserSession } from './browser-session.js';
import { carriedTraceIds, correlate, TRACE_CAPS } from './action-pipeline.js';
import type { Recorder } from './recorder.js';
import { newActionTrace } from './trace-context.js';

/** The runner's compiled file; tests run this module from src/, the runner always runs from dist/. */
const RUNNER = ((): string => {
  const beside = fileURLToPath(new URL('../repo/journey-runner.js', import.meta.url));
  return existsSync(beside) ? beside : beside.replace(`${sep}src${sep}`, `${sep}dist${sep}`);
})();
const EXTENSIONS = ['.ts', '.mts', '.mjs', '.js'];

const RunnerOutputSchema = z.object({ passed: z.boolean(), error: z.string().optional() });
const StepLineSchema = z.object({ step: z.string() });

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

export interface JourneyDeps {
  session: BrowserSession;
  recorder: Recorder;
  worktreeRoot: string;
  appUrl: string | undefined;
  correlator: BackendCorrelator | undefined;
}

/** The journey file for a name, or an error listing the journeys there are. */
export function findJourney(worktreeRoot: string, folder: string, name: string): string {
  const dir = resolve(worktreeRoot, folder);
  if (!insideFolder(name)) {
    throw new HarnessError({ what: `"${name}" is not a usable journey name`, why: `a journey is a script inside ${folder}/; a name starting with "." or "/" or containing ".." would run a file outside it`, fix: `name a script of ${folder}/ without its extension, e.g. \`harness journey run add-task\`` });
  }
  for (const ext of EXTENSIONS) {
    const file = join(dir, `${name}${ext}`);
    if (existsSync(file)) return file;
  }
  const known = existsSync(dir) ? readdirSync(dir).filter((f) => EXTENSIONS.some((e) => f.endsWith(e))).map((f) => f.replace(/\.[mc]?[jt]s$/, '')) : [];
  throw new HarnessError({
    what: `no journey named "${name}" in ${folder}/`,
    why: 'journeys are Playwright scripts in the folder set by browser.journeys in harness.config.ts',
    fix: known.length ? `use one of: ${known.join(', ')}` : `create ${folder}/${name}.ts exporting \`default async ({ page, appUrl, step, check }) => { … }\``,
  });
}

/**
 * Runs a journey in a child process that drives the daemon's own tab through Playwright
 * (connectOverCDP), under one trace id and the journey's baggage (`harness.journey=NAME`),
 * optionally recorded; then collects the console errors, failed requests and backend
 * spans/logs of that trace.
 */
export async function runJourney(deps: JourneyDeps, folder: string, name: string, record: boolean, deadlineMs: number, correlationWaitMs: number): Promise<JourneyResult> {
  const file = findJourney(deps.worktreeRoot, folder, name);
  const cacheDir = join(deps.worktreeRoot, '.harness', 'cache', 'journeys');
  const { value } = await deps.session.run(`run journey ${name}`, deadlineMs + 30_000, async ({ page }) => {
    const started = Date.now();
    const startSeq = page.events.seq;
    // Every request of the journey names it (W3C baggage), so its traces are found by journey.
    const trace = newActionTrace({ journey: name });
    const video = record ? (await deps.recorder.start(page)).path : undefined;
    page.beginTrace(trace);
    let output: z.infer<typeof RunnerOutputSchema> & { steps: string[] };
    try {
      // Without a trailing slash, so `${appUrl}/settings` is right whichever way the env wrote it.
      output = await spawnRunner({ cdpUrl: deps.session.cdpHttpUrl ?? '', targetId: page.targetId, appUrl: (deps.appUrl ?? '').replace(/\/+$/, ''), cacheDir, source: file }, deadlineMs);
    } finally {
      page.endTrace();
      if (video) await deps.recorder.stop().catch(() => undefined);
    }
    const requests = page.events.networkSince(startSeq);
    const { reports: backend, omitted } = deps.correlator ? await correlate(deps.correlator, requests, correlationWaitMs, new Date(started - 1000), TRACE_CAPS.journey) : { reports: [], omitted: 0 };
    return {
      name,
      file: relative(deps.worktreeRoot, file),
      passed: output.passed,
      durationMs: Date.now() - started,
      ...(output.error ? { error: output.error } : {}),
      steps: output.steps,
      ...(video ? { video } : {}),
      traceId: trace.traceId,
      traceIds: carriedTraceIds(requests).slice(0, 50),
      console: page.events.consoleSince(startSeq).filter((e) => e.level === 'error').slice(-20),
      failedRequests: requests.filter(requestFailed).slice(-20),
      ...(backend.length ? { backend } : {}),
      ...(omitted ? { backendOmitted: omitted } : {}),
    };
  });
  return value;
}

function spawnRunner(env: { cdpUrl: string; targetId: string; appUrl: string; cacheDir: string; source: string }, deadlineMs: number): Promise<z.infer<typeof RunnerOutputSchema> & { steps: string[] }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [RUNNER], {
      env: { ...process.env, HARNESS_CDP_URL: env.cdpUrl, HARNESS_TARGET_ID: env.targetId, HARNESS_APP_URL: env.appUrl, HARNESS_JOURNEY_CACHE: env.cacheDir, HARNESS_JOURNEY_SOURCE: env.source },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-2000)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, deadlineMs);
    child.once('exit', () => {
      clearTimeout(timer);
      const steps: string[] = [];
      let parsed: z.infer<typeof RunnerOutputSchema> | undefined;
      for (const line of stdout.trim().split('\n')) {
        const step = StepLineSchema.safeParse(safeJson(line));
        if (step.success) steps.push(step.data.step);
        const final = RunnerOutputSchema.safeParse(safeJson(line));
        if (final.success) parsed = final.data;
      }
      if (parsed) resolve({ ...parsed, steps });
      else resolve({ steps, passed: false, error: timedOut ? `the journey did not finish within its ${deadlineMs} ms deadline and was stopped` : `the journey runner failed: ${stderr.trim().split('\n').slice(-3).join(' | ') || 'no output'}` });
    });
  });
}
