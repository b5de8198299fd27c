import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HarnessError } from '../../src/utils/diagnostic.js';
import { startFixtureSite, type FixtureSite } from './fixture-site.js';
import { cleanUp, newBrowserService } from './service-fixture.js';
import type { BrowserService } from '../../src/domains/browser/service/browser-service.js';

let site: FixtureSite;
let service: BrowserService;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  site = await startFixtureSite();
  ({ service, cleanup } = newBrowserService(site.url));
});

// Every step runs even if an earlier one fails, so nothing is left running.
afterAll(() => cleanUp(() => cleanup(), () => site.close()));

async function failure(promise: Promise<unknown>): Promise<HarnessError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HarnessError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('browser deadlines and recovery', () => {
  it('fails a click on a page stuck in a script loop at its deadline with a clear error, then recovers the tab', async () => {
    await service.navigate({ url: '/hang' });
    const started = Date.now();
    const error = await failure(service.click({ target: { text: 'Spin forever' }, kind: 'click', deadlineMs: 1500 }));
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(1400);
    expect(took).toBeLessThan(6000);
    expect(error.diagnostic.what).toBe('click did not finish within its 1500 ms deadline');
    expect(error.diagnostic.fix).toContain('--deadline');
    // The next call works: the loop was interrupted (or the tab replaced), and the answer says what happened if it was.
    const snap = await service.snapshot({});
    expect(snap.text.length).toBeGreaterThan(0);
    const nav = await service.navigate({ url: '/' });
    expect(nav.title).toBe('Fixture tasks');
  });

  it('fails a navigation to a server that never answers at its deadline', async () => {
    const error = await failure(service.navigate({ url: '/never', deadlineMs: 1000 }));
    expect(error.diagnostic.what).toMatch(/^navigate did not finish within its 1000 ms deadline/);
    const nav = await service.navigate({ url: '/' });
    expect(nav.title).toBe('Fixture tasks');
  });

  it('fails a wait for text that never comes at its deadline', async () => {
    const error = await failure(service.wait({ text: 'never shown', deadlineMs: 500 }));
    expect(error.diagnostic.what).toBe('wait for text "never shown" did not finish within its 500 ms deadline');
  });

  it('restarts Chromium when it was killed, and the next answer says so', async () => {
    await service.navigate({ url: '/' });
    const pid = service.session.pid;
    expect(pid).toBeGreaterThan(0);
    process.kill(pid!, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    const nav = await service.navigate({ url: '/' });
    expect(nav.notes.join(' ')).toMatch(/Chromium had stopped \(signal SIGKILL\) and was restarted/);
    expect(nav.title).toBe('Fixture tasks');
    expect(service.session.pid).not.toBe(pid);
    expect(service.status().restarts).toBe(1);
    const again = await service.snapshot({});
    expect(again.notes).toEqual([]);
  });

  it('keeps marks meaningful across a Chromium restart: the new page counts on from the old one', async () => {
    // Enough events on the old page that its marks are far ahead of a fresh page's count.
    await service.evaluate({ expression: 'for (let i = 0; i < 30; i++) console.log("old " + i)' });
    const mark = (await service.mark()).mark;
    process.kill(service.session.pid!, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    await service.navigate({ url: '/' });
    await service.evaluate({ expression: 'console.log("after the restart")' });
    const since = await service.console({ since: mark, level: 'all' });
    expect(since.entries.map((e) => e.text)).toContain('after the restart');
    expect(since.entries.map((e) => e.text)).not.toContain('old 29');
  });

  it('refuses a mark that is not one, or one ahead of every event, with the fix', async () => {
    const bad = await failure(service.console({ since: 'yesterday', level: 'all' }));
    expect(bad.exitCode).toBe(2);
    expect(bad.diagnostic.what).toBe('"yesterday" is not a mark');
    expect(bad.diagnostic.fix).toContain('harness browser mark');
    const ahead = await failure(service.network({ since: 'm999999' }));
    expect(ahead.exitCode).toBe(2);
    expect(ahead.diagnostic.what).toMatch(/^mark m999999 is ahead of this page's events \(the latest is m\d+\)$/);
  });

  it('listens for CDP on 127.0.0.1 only', async () => {
    await service.navigate({ url: '/' });
    const port = Number(new URL(service.session.cdpHttpUrl ?? '').port);
    const listening = readFileSync('/proc/net/tcp', 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((cols) => cols[3] === '0A' && parseInt(cols[1]?.split(':')[1] ?? '', 16) === port)
      .map((cols) => cols[1]?.split(':')[0]);
    expect(listening).toEqual(['0100007F']);
    expect(readFileSync('/proc/net/tcp6', 'utf8')).not.toMatch(new RegExp(`:${port.toString(16).toUpperCase().padStart(4, '0')} [0-9A-F:]+ 0A `));
  });

  it('turns a script error in eval into a diagnostic naming the page error', async () => {
    const error = await failure(service.evaluate({ expression: 'undefinedThing.call()' }));
    expect(error.diagnostic.what).toMatch(/^the page threw: ReferenceError: undefinedThing is not defined/);
  });
});
