// A child process that runs one Playwright journey against the daemon's Chromium. The
// daemon starts it with the CDP endpoint in its environment (never on a command line),
// kills it at the journey's deadline, and reads JSON lines from its stdout: one per step,
// then the outcome. TypeScript journeys are transpiled here (esbuild), once per content
// hash into the cache folder, so the daemon itself never keeps an esbuild process.
import { chromium, type Page } from 'playwright-core';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JourneyContext } from '../types/journey.js';

async function findPage(targetId: string): Promise<{ page: Page; disconnect: () => Promise<void> }> {
  const browser = await chromium.connectOverCDP(process.env.HARNESS_CDP_URL ?? '', { timeout: 10_000 });
  for (const context of browser.contexts()) {
    for (const page of context.pages()) {
      const session = await context.newCDPSession(page);
      const { targetInfo } = await session.send('Target.getTargetInfo');
      await session.detach();
      if (targetInfo.targetId === targetId) return { page, disconnect: () => browser.close() };
    }
  }
  throw new Error(`the harness tab ${targetId} was not found over CDP`);
}

/** The module to import: the journey itself, or its transpiled copy for TypeScript. */
async function compile(source: string, cacheDir: string): Promise<string> {
  if (!/\.m?ts$/.test(source)) return source;
  const code = readFileSync(source, 'utf8');
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 12);
  const out = join(cacheDir, `${basename(source).replace(/\.m?ts$/, '')}-${hash}.mjs`);
  if (!existsSync(out)) {
    const { transform } = await import('esbuild');
    let compiled: string;
    try {
      compiled = (await transform(code, { loader: 'ts', format: 'esm', target: 'node20', sourcefile: source, sourcemap: 'inline' })).code;
    } catch (error) {
      throw new Error(`${source} does not compile: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, { cause: error });
    }
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    writeFileSync(out, compiled, { mode: 0o600 });
  }
  return out;
}

async function main(): Promise<void> {
  const report = (line: Record<string, unknown>): void => {
    process.stdout.write(`${JSON.stringify(line)}\n`);
  };
  let disconnect: (() => Promise<void>) | undefined;
  try {
    const found = await findPage(process.env.HARNESS_TARGET_ID ?? '');
    disconnect = found.disconnect;
    const module = await compile(process.env.HARNESS_JOURNEY_SOURCE ?? '', process.env.HARNESS_JOURNEY_CACHE ?? '');
    const mod: unknown = await import(pathToFileURL(module).href);
    const run = typeof mod === 'object' && mod !== null && 'default' in mod ? mod.default : undefined;
    if (typeof run !== 'function') throw new Error('the journey has no default export function: `export default async ({ page, appUrl, step, check }) => { … }`');
    const context: JourneyContext = {
      page: found.page,
      appUrl: process.env.HARNESS_APP_URL ?? '',
      step: (name) => report({ step: name }),
      check(condition, message) {
        if (!condition) throw new Error(`check failed: ${message}`);
      },
    };
    await run(context);
    report({ passed: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n').slice(0, 6).join('\n') : String(error);
    const journeyFile = process.env.HARNESS_JOURNEY_SOURCE ?? '';
    const where = error instanceof Error ? (error.stack ?? '').split('\n').find((l) => l.includes('journeys') || l.includes(journeyFile)) : undefined;
    report({ passed: false, error: where ? `${message}\n  at ${where.trim().replace(/^at /, '')}` : message });
  } finally {
    await disconnect?.().catch(() => undefined);
  }
}

await main();
// Nothing may keep the runner alive once it has answered (the daemon waits for its exit).
process.stdout.write('', () => process.exit(0));
