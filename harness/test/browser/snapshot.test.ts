import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_MAIN, startReferenceApp } from './reference-app.js';
import { startFixtureSite, type FixtureSite } from './fixture-site.js';
import { cleanUp, newBrowserService } from './service-fixture.js';
import type { BrowserService } from '../../src/domains/browser/service/browser-service.js';

let site: FixtureSite;
let service: BrowserService;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  site = await startFixtureSite();
  ({ service, cleanup } = newBrowserService(site.url));
  await service.navigate({ url: '/' });
});

// Every step runs even if an earlier one fails, so nothing is left running.
afterAll(() => cleanUp(() => cleanup(), () => site.close()));

/** The ref printed on the line that contains `needle`. */
function refOf(text: string, needle: string): string {
  const line = text.split('\n').find((l) => l.includes(needle));
  const ref = line && /\[(e\d+)\]/.exec(line)?.[1];
  if (!ref) throw new Error(`no ref on a line with ${needle} in:\n${text}`);
  return ref;
}

describe('browser snapshot', () => {
  it('gives every interactive element a ref, iframe content included', async () => {
    const snap = await service.snapshot({});
    for (const needle of ['link "Other page"', 'textbox "Title"', 'checkbox "Urgent"', 'combobox "Owner"', 'button "Add task"', 'button "Alert me"', 'iframe "Help frame"', 'button "Inner button"']) {
      expect(refOf(snap.text, needle)).toMatch(/^e\d+$/);
    }
    expect(snap.text).toContain('heading "Tasks" l1');
    expect(snap.text).toContain('"Inside the frame"');
    // Every focusable element of the main document shows up with a ref.
    const focusable = await service.evaluate({ expression: "document.querySelectorAll('a[href],button,input,select,textarea,iframe').length" });
    expect(snap.refs).toBeGreaterThanOrEqual(Number(focusable.value));
    expect(snap.bytes).toBe(Buffer.byteLength(snap.text));
  });

  it('shows a cross-site iframe (localhost inside 127.0.0.1) with refs that can be clicked', async () => {
    const port = new URL(site.url).port;
    await service.evaluate({ expression: `document.body.insertAdjacentHTML('beforeend', '<iframe title="Cross frame" src="http://localhost:${port}/frame"></iframe>')` });
    let snap = await service.snapshot({});
    for (let i = 0; i < 50 && snap.text.split('button "Inner button"').length < 3; i++) {
      await new Promise((r) => setTimeout(r, 100));
      snap = await service.snapshot({});
    }
    const lines = snap.text.split('\n');
    const frameLine = lines.findIndex((l) => l.includes('iframe "Cross frame"'));
    expect(lines[frameLine], snap.text).not.toContain('out-of-process');
    const inner = lines.slice(frameLine).find((l) => l.includes('button "Inner button"'));
    const ref = /\[(e\d+)\]/.exec(inner ?? '')?.[1];
    expect(ref, snap.text).toMatch(/^e\d+$/);
    await service.click({ target: { ref: ref! }, kind: 'click' });
    const after = await service.snapshot({});
    expect(after.text).toMatch(new RegExp(`button "Inner button" \\[${ref}\\] focused`));
    expect(site.requests.some((r) => r.path === '/frame' && r.headers.host === `localhost:${port}`)).toBe(true);
  });

  it('keeps refs stable across snapshots while the elements exist, even when the page changes around them', async () => {
    const first = await service.snapshot({});
    const add = refOf(first.text, 'button "Add task"');
    const title = refOf(first.text, 'textbox "Title"');
    await service.evaluate({ expression: "document.querySelector('main').insertAdjacentHTML('afterbegin', '<button>New first button</button>')" });
    const second = await service.snapshot({});
    expect(refOf(second.text, 'button "Add task"')).toBe(add);
    expect(refOf(second.text, 'textbox "Title"')).toBe(title);
    const added = refOf(second.text, 'button "New first button"');
    expect(first.text).not.toContain(`[${added}]`);
    // The ref still reaches the same element.
    await service.click({ target: { ref: add }, kind: 'hover' });
  });

  it('limits depth, roots at a subtree, and lists only interactive elements on request', async () => {
    const full = await service.snapshot({});
    const shallow = await service.snapshot({ depth: 1 });
    expect(shallow.bytes).toBeLessThan(full.bytes);
    expect(shallow.text).toMatch(/\(\+\d+ below\)/);
    const form = await service.snapshot({ root: { selector: '#new-task' } });
    expect(form.text).toContain('button "Add task"');
    expect(form.text).not.toContain('Other page');
    const interactive = await service.snapshot({ interactiveOnly: true });
    expect(interactive.text).not.toContain('heading');
    expect(interactive.text).toContain('button "Add task"');
    expect(interactive.text.split('\n').every((line) => /\[e\d+\]/.test(line))).toBe(true);
  });

  it('resets refs on navigation and says so when an old ref is used', async () => {
    const before = await service.snapshot({});
    const add = refOf(before.text, 'button "Add task"');
    await service.navigate({ url: '/other' });
    await expect(service.click({ target: { ref: add }, kind: 'click' })).rejects.toThrow(/not known on this page/);
    const after = await service.snapshot({});
    expect(after.text).toContain('heading "Other"');
    await service.navigate({ url: '/' });
  });
});

describe.skipIf(!existsSync(APP_MAIN))('snapshot size on the reference app', () => {
  // Playwright MCP 0.0.83's snapshot of this page is 2623 bytes (bench/browser): the
  // promise is at most half of it. A size, not a time: the same page gives the same bytes.
  it("keeps the tasks page's snapshot under half of Playwright MCP's, every control with a ref", async () => {
    const app = await startReferenceApp();
    const own = newBrowserService(app.url);
    try {
      // The bench's page: the same four tasks.
      for (const title of ['Write the design doc', 'Review the snapshot format', 'Measure click latency', 'Record a video']) {
        await fetch(`${app.url}/api/tasks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title }) });
      }
      await own.service.navigate({ url: '/' });
      await own.service.wait({ networkIdle: true });
      const snap = await own.service.snapshot({});
      expect(snap.bytes, snap.text).toBeLessThanOrEqual(Math.floor(2623 / 2));
      for (const needle of ['textbox "Title"', 'button "Add task"']) expect(refOf(snap.text, needle)).toMatch(/^e\d+$/);
    } finally {
      await cleanUp(() => own.cleanup(), () => app.stop());
    }
  });
});
