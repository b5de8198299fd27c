import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserService } from '../../src/domains/browser/service/browser-service.js';
import { APP_MAIN, startReferenceApp, type RunningApp } from './reference-app.js';
import { newBrowserService } from './service-fixture.js';
import { startVariantProxy, type VariantProxy } from './variant-proxy.js';

let app: RunningApp;
let proxy: VariantProxy;
let service: BrowserService;
let cleanup: () => Promise<void>;

/** The ref printed on the line that contains `needle`. */
function refOf(text: string, needle: string): string {
  const ref = /\[(e\d+)\]/.exec(text.split('\n').find((l) => l.includes(needle)) ?? '')?.[1];
  if (!ref) throw new Error(`no ref on a line with ${needle} in:\n${text}`);
  return ref;
}

/**
 * The steps an agent takes to check "adding a task works": snapshot to find the form,
 * fill the title through its ref, click Add through its ref, then read the answer, the
 * console, the network log and a new snapshot.
 */
async function addTaskSteps(title: string) {
  await service.navigate({ url: '/' });
  const before = await service.snapshot({});
  const titleRef = refOf(before.text, 'textbox "Title"');
  const addRef = refOf(before.text, 'button "Add task"');
  await service.fill({ fields: [{ target: { ref: titleRef }, value: title }] });
  const click = await service.click({ target: { ref: addRef }, kind: 'click' });
  const errors = await service.console({ since: before.mark, level: 'error' });
  const failed = await service.network({ since: before.mark, failedOnly: true, bodies: true });
  const after = await service.snapshot({});
  return { titleRef, addRef, click, errors, failed, after };
}

describe.skipIf(!existsSync(APP_MAIN))('a UI bug planted in the reference app', () => {
  beforeAll(async () => {
    app = await startReferenceApp();
    proxy = await startVariantProxy(app.url);
    ({ service, cleanup } = newBrowserService(proxy.url));
  });

  afterAll(async () => {
    await cleanup?.();
    await proxy?.close();
    await app?.stop();
  });

  it('is reproduced through snapshot, click, console and network on the buggy variant', async () => {
    proxy.variant = 'buggy';
    const { click, errors, failed, after, titleRef } = await addTaskSteps('Buy milk');
    const post = click.requests.find((r) => r.method === 'POST' && r.url.endsWith('/api/tasks'));
    expect(post?.status).toBe(422);
    expect(post?.requestBody).toContain('"name":"Buy milk"');
    expect(errors.entries.map((e) => e.text)).toContainEqual(expect.stringMatching(/status of 422/));
    expect(failed.entries[0]?.responseBody).toContain('title is required');
    // The page shows the error next to the field, and no task was added.
    expect(after.text).toContain(`textbox "Title" [${titleRef}] value="Buy milk" invalid`);
    expect(after.text).toContain('"title is required"');
    expect(after.text).not.toMatch(/listitem[\s\S]*Buy milk/);
  });

  it('passes the same steps on the fixed variant', async () => {
    proxy.variant = 'fixed';
    const { click, errors, failed, after } = await addTaskSteps('Buy bread');
    const post = click.requests.find((r) => r.method === 'POST' && r.url.endsWith('/api/tasks'));
    expect(post?.status).toBe(201);
    expect(errors.entries).toEqual([]);
    expect(failed.entries).toEqual([]);
    expect(after.text).toContain('status "Added “Buy bread”."');
    expect(after.text).toContain('listitem "Buy bread normal priority"');
  });
});
