// A child process that runs one Playwright journey against the daemon's Chromium. The
// daemon starts it with the CDP endpoint in its environment (never on a command line),
// kills it at the journey's deadline, and reads one JSON line from its stdout.
import { chromium, type Page } from 'playwright-core';
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

async function main(): Promise<void> {
  const report = (line: Record<string, unknown>): void => {
    process.stdout.write(`${JSON.stringify(line)}\n`);
  };
  let disconnect: (() => Promise<void>) | undefined;
  try {
    const found = await findPage(process.env.HARNESS_TARGET_ID ?? '');
    disconnect = found.disconnect;
    const mod: unknown = await import(pathToFileURL(process.env.HARNESS_JOURNEY_MODULE ?? '').href);
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
