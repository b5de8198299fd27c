import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from './fixture-site.js';
import { cleanUp, newBrowserService } from './service-fixture.js';
import type { BrowserService } from '../../src/domains/browser/service/browser-service.js';

let site: FixtureSite;
let service: BrowserService;
let cleanup: () => Promise<void>;
let dir: string;

beforeAll(async () => {
  site = await startFixtureSite();
  ({ service, cleanup, dir } = newBrowserService(site.url));
});

// Every step runs even if an earlier one fails, so nothing is left running.
afterAll(() => cleanUp(() => cleanup(), () => site.close()));

describe('browser actions', () => {
  it('fills a form, clicks, and reports the request, console and trace id the click caused', async () => {
    await service.navigate({ url: '/' });
    const filled = await service.fill({
      fields: [
        { target: { selector: '#title' }, value: 'Buy milk' },
        { target: { text: 'Urgent' }, value: true },
        { target: { role: 'combobox', name: 'Owner' }, value: 'Bob' },
      ],
    });
    expect(filled.detail).toContain('"Buy milk"');
    const state = await service.evaluate({ expression: "[document.querySelector('#title').value, document.querySelector('#urgent').checked, document.querySelector('#owner').value]" });
    expect(state.value).toEqual(['Buy milk', true, 'bob']);

    const click = await service.click({ target: { role: 'button', name: 'Add task' }, kind: 'click' });
    const post = click.requests.find((r) => r.method === 'POST');
    expect(post?.url).toBe(`${site.url}/api/tasks`);
    expect(post?.status).toBe(201);
    expect(post?.traceId).toBe(click.traceId);
    expect(click.console.map((c) => c.text)).toContain('adding task Buy milk');
    expect(click.console[0]?.source).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/:\d+:\d+$/);
    // The backend received the action's own trace id as a W3C traceparent.
    const received = site.requests.filter((r) => r.path === '/api/tasks').at(-1);
    expect(received?.headers.traceparent).toMatch(new RegExp(`^00-${click.traceId}-[0-9a-f]{16}-01$`));
    const list = await service.dom({ selector: '#list li' });
    expect(list.matches[0]?.html).toBe('<li>Buy milk</li>');
  });

  it('gives each action its own trace id and sends none outside actions', async () => {
    const a = await service.navigate({ history: 'reload' });
    const b = await service.navigate({ history: 'reload' });
    expect(a.traceId).not.toBe(b.traceId);
    const before = site.requests.length;
    await service.evaluate({ expression: "fetch('/api/untraced').then(() => 1)" });
    const untraced = site.requests.slice(before).find((r) => r.path === '/api/untraced');
    expect(untraced?.headers.traceparent).toBeUndefined();
  });

  it('types key by key, presses keys, selects options and scrolls', async () => {
    await service.navigate({ url: '/' });
    await service.type({ target: { selector: '#title' }, text: 'Hi there' });
    await service.press({ key: 'Control+A', target: { selector: '#title' } });
    await service.press({ key: 'Backspace' });
    await service.type({ text: 'Again', submit: false });
    const value = await service.evaluate({ expression: "document.querySelector('#title').value" });
    expect(value.value).toBe('Again');
    const selected = await service.select({ target: { selector: '#owner' }, values: ['Bob'] });
    expect(selected.detail).toBe('selected Bob');
    await expect(service.select({ target: { selector: '#owner' }, values: ['Zed'] })).rejects.toThrow(/has no option/);
    const scrolled = await service.scroll({ dy: 100 });
    expect(scrolled.detail).toMatch(/scrolled to x=0 y=\d+/);
  });

  it('reports a dialog the click opened, refuses other calls until it is answered, then answers it', async () => {
    const click = await service.click({ target: { text: 'Alert me' }, kind: 'click' });
    expect(click.dialog).toEqual({ type: 'alert', message: 'hello from the page' });
    await expect(service.snapshot({})).rejects.toThrow(/alert dialog is open/);
    const answered = await service.dialog({ accept: true });
    expect(answered.detail).toContain('accepted alert');
    const snap = await service.snapshot({});
    expect(snap.text).toContain('button "Alert me"');
  });

  it('captures console errors with source, and network entries with bodies on request, since a mark', async () => {
    const mark = await service.mark();
    await service.evaluate({ expression: "console.error('boom', 42); fetch('/missing', { method: 'POST', body: 'payload' }).then((r) => r.text())" });
    const consoleAnswer = await service.console({ since: mark.mark, level: 'error' });
    expect(consoleAnswer.entries.some((e) => e.text === 'boom 42')).toBe(true);
    const network = await service.network({ since: mark.mark, failedOnly: true, bodies: true });
    const missing = network.entries.find((e) => e.url.endsWith('/missing'));
    expect(missing?.status).toBe(404);
    expect(missing?.requestBody).toBe('payload');
    expect(missing?.responseBody).toBe('not found');
    const later = await service.console({ since: network.mark, level: 'all' });
    expect(later.entries.filter((e) => e.text === 'boom 42')).toHaveLength(0);
  });

  it('reports an uncaught error a click causes, with its source location and stack', async () => {
    await service.navigate({ url: '/' });
    await service.evaluate({ expression: "document.body.insertAdjacentHTML('beforeend', '<button id=\"boom\">Explode</button>'); document.querySelector('#boom').addEventListener('click', function explode() { throw new TypeError('cannot read the task list'); })" });
    const click = await service.click({ target: { text: 'Explode' }, kind: 'click' });
    const error = click.console.find((c) => c.text.includes('cannot read the task list'));
    expect(error?.level).toBe('error');
    expect(error?.text).toBe('Uncaught TypeError: cannot read the task list');
    expect(error?.stack?.[0]).toMatch(/^explode /);
  });

  it('navigates back and forward, waits for text, and uploads files', async () => {
    await service.navigate({ url: '/' });
    await service.navigate({ url: '/other' });
    const back = await service.navigate({ history: 'back' });
    expect(back.url).toBe(`${site.url}/`);
    const forward = await service.navigate({ history: 'forward' });
    expect(forward.title).toBe('Other');
    await service.navigate({ url: '/' });
    await service.evaluate({ expression: "setTimeout(() => document.body.insertAdjacentHTML('beforeend', '<p>Later text</p><input type=file id=f>'), 200)" });
    const waited = await service.wait({ text: 'Later text' });
    expect(waited.detail).toMatch(/condition met/);
    const file = join(dir, 'upload.txt');
    writeFileSync(file, 'hello');
    await service.upload({ target: { selector: '#f' }, files: [file] });
    const name = await service.evaluate({ expression: "document.querySelector('#f').files[0].name" });
    expect(name.value).toBe('upload.txt');
  });

  it('explains a click on an element that something covers', async () => {
    await service.navigate({ url: '/' });
    await service.evaluate({ expression: "document.body.insertAdjacentHTML('beforeend', '<div class=\"overlay\" style=\"position:fixed;inset:0;background:rgba(0,0,0,.3)\"></div>')" });
    await expect(service.click({ target: { role: 'button', name: 'Add task' }, kind: 'click' })).rejects.toThrow(/is covered by <div\.overlay>/);
  });
});
