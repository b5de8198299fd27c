import { setTimeout as sleep } from 'node:timers/promises';
import { HarnessError, ExitCode } from '../../../utils/diagnostic.js';
import type { PageSession } from './page-session.js';

/** An absolute URL, or a path against the app's URL (`/tasks`). */
export function resolveUrl(input: string, appUrl: string | undefined): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(input)) return input;
  if (!appUrl) {
    throw new HarnessError({
      what: `"${input}" is a path, and no app URL is known`,
      why: 'paths are resolved against the app of this worktree\'s env',
      fix: 'run `harness up` first, or pass an absolute URL like http://127.0.0.1:3000/tasks',
    });
  }
  return new URL(input, appUrl.endsWith('/') ? appUrl : `${appUrl}/`).href;
}

/** Loads `url` in the main frame and waits for its load event. */
export async function gotoUrl(page: PageSession, url: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
  const loadsBefore = page.loads;
  const result = await page.send('Page.navigate', { url }, timeoutMs);
  if (result.errorText) {
    throw new HarnessError(
      {
        what: `navigating to ${url} failed: ${result.errorText}`,
        why: result.errorText.includes('CONNECTION_REFUSED') ? 'nothing listens at that address' : 'the browser could not load the page',
        fix: result.errorText.includes('CONNECTION_REFUSED') ? 'check the app is running (`harness status`; `harness restart app`), and the URL\'s port' : 'check the URL, then retry',
      },
      ExitCode.failed,
    );
  }
  // A same-document navigation (only the #hash changed) has no loader and no load event.
  if (result.loaderId) await waitForLoad(page, loadsBefore, signal);
}

/** Goes back or forward in history, or reloads, and waits for the load. */
export async function history(page: PageSession, direction: 'back' | 'forward' | 'reload', signal: AbortSignal): Promise<void> {
  const loadsBefore = page.loads;
  if (direction === 'reload') {
    await page.send('Page.reload', { ignoreCache: false });
    await waitForLoad(page, loadsBefore, signal);
    return;
  }
  const { currentIndex, entries } = await page.send('Page.getNavigationHistory');
  const entry = entries[currentIndex + (direction === 'back' ? -1 : 1)];
  if (!entry) {
    throw new HarnessError(
      { what: `there is no page to go ${direction} to`, why: `the tab's history has ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} and this is the ${direction === 'back' ? 'first' : 'last'}`, fix: 'navigate to a URL instead' },
      ExitCode.failed,
    );
  }
  const sameDocument = entries[currentIndex]?.url.split('#')[0] === entry.url.split('#')[0];
  await page.send('Page.navigateToHistoryEntry', { entryId: entry.id });
  if (!sameDocument) await waitForLoad(page, loadsBefore, signal);
}

async function waitForLoad(page: PageSession, loadsBefore: number, signal: AbortSignal): Promise<void> {
  while (page.loads === loadsBefore && !signal.aborted) await sleep(5);
}

export interface WaitCondition {
  text?: string;
  selector?: string;
  gone?: boolean;
  url?: string;
  networkIdle?: boolean;
}

/** Polls until the condition holds; the caller's deadline ends a wait that never does. */
export async function waitFor(page: PageSession, condition: WaitCondition, signal: AbortSignal): Promise<string> {
  const started = Date.now();
  const checks: string[] = [];
  if (condition.text !== undefined) checks.push(`(document.body?.innerText ?? '').includes(${JSON.stringify(condition.text)})`);
  if (condition.selector !== undefined) checks.push(`[...document.querySelectorAll(${JSON.stringify(condition.selector)})].some((e) => e.getClientRects().length > 0)`);
  let expression = checks.length ? checks.join(' && ') : 'true';
  if (condition.gone) expression = `!(${expression})`;
  while (!signal.aborted) {
    const pageOk = checks.length === 0 || (await page.evaluate(expression, 2000).catch(() => false)) === true;
    const urlOk = condition.url === undefined || (await page.info()).url.includes(condition.url);
    const idleOk = !condition.networkIdle || page.events.quietForMs >= 500;
    if (pageOk && urlOk && idleOk) return `condition met after ${Date.now() - started} ms`;
    await sleep(25);
  }
  return 'stopped at the deadline';
}
