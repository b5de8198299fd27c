import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { call, harness, makeReferenceRepo, startMcp, textOf, type McpSession } from './helpers.js';

// The browser, journey and evidence tools over MCP against a live env of the reference
// app: the page is driven through refs from a snapshot, a click changes what the next
// snapshot shows, screenshots arrive as decodable images at the size asked for.

function images(result: CallToolResult): PNG[] {
  return result.content.filter((c) => c.type === 'image').map((c) => PNG.sync.read(Buffer.from((c as { data: string }).data, 'base64')));
}

function refOf(snapshot: string, needle: string): string {
  const ref = /\[(e\d+)\]/.exec(snapshot.split('\n').find((l) => l.includes(needle)) ?? '')?.[1];
  if (!ref) throw new Error(`no ref on a line with ${needle} in:\n${snapshot}`);
  return ref;
}

describe('browser tools over MCP on a live env of the reference app', () => {
  let repo: string;
  let mcp: McpSession;

  beforeAll(async () => {
    repo = makeReferenceRepo('hx-mcp-br-');
    mcp = await startMcp({ cwd: repo });
    const up = await call(mcp, 'env_up');
    expect(up.isError, textOf(up)).toBeFalsy();
  }, 300_000);

  afterAll(async () => {
    await mcp?.close();
    if (repo) {
      await harness(['down'], { cwd: repo });
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('lists the browser, journey and evidence tools, every field described', async () => {
    const { tools } = await mcp.client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['browser_navigate', 'browser_snapshot', 'browser_click', 'browser_fill', 'browser_screenshot', 'browser_console', 'browser_network', 'journey_run', 'evidence_start', 'evidence_stop']));
    for (const tool of tools.filter((t) => /^(browser|journey|evidence)_/.test(t.name))) {
      for (const [field, schema] of Object.entries(tool.inputSchema.properties ?? {})) expect((schema as { description?: string }).description, `${tool.name}.${field}`).toBeTruthy();
    }
  });

  it('navigates, snapshots with refs, and a click on those refs changes the page', async () => {
    const nav = await call(mcp, 'browser_navigate', { url: '/' });
    expect(nav.isError, textOf(nav)).toBeFalsy();
    expect(textOf(nav)).toContain('Tasks · Reference app');
    const before = textOf(await call(mcp, 'browser_snapshot'));
    expect(before).not.toContain('Task from MCP');
    const fill = await call(mcp, 'browser_fill', { fields: [{ target: { ref: refOf(before, 'textbox "Title"') }, value: 'Task from MCP' }] });
    expect(fill.isError, textOf(fill)).toBeFalsy();
    const click = await call(mcp, 'browser_click', { target: { ref: refOf(before, 'button "Add task"') } });
    expect(click.isError, textOf(click)).toBeFalsy();
    expect(textOf(click)).toMatch(/POST \/api\/tasks → 201/);
    const after = textOf(await call(mcp, 'browser_snapshot'));
    expect(after).toContain('Task from MCP');
    const network = await call(mcp, 'browser_network', { filter: '/api/tasks' });
    expect(textOf(network)).toMatch(/POST \/api\/tasks → 201/);
    const console = await call(mcp, 'browser_console', { level: 'error' });
    expect(console.isError).toBeFalsy();
    // Errors only: "none", or each message listed is an error.
    const messages = textOf(console).split('\n').filter((l) => /^\[\w+\] /.test(l));
    if (messages.length === 0) expect(textOf(console)).toContain('(no console messages)');
    for (const line of messages) expect(line).toMatch(/^\[error\] /);
  });

  it('returns a screenshot as an image that decodes, at the viewport size or downscaled to maxSide', async () => {
    const full = await call(mcp, 'browser_screenshot');
    expect(full.isError, textOf(full)).toBeFalsy();
    const [image] = images(full);
    expect([image?.width, image?.height]).toEqual([1280, 720]);
    const small = images(await call(mcp, 'browser_screenshot', { maxSide: 640 }));
    expect([small[0]?.width, small[0]?.height]).toEqual([640, 360]);
  });

  it('diffs two screenshots and attaches the diff image', async () => {
    const path = (result: CallToolResult): string => /(\S+\.png)\s+\d+×\d+/.exec(textOf(result))?.[1] ?? '';
    const a = path(await call(mcp, 'browser_screenshot'));
    const snap = textOf(await call(mcp, 'browser_snapshot'));
    await call(mcp, 'browser_fill', { fields: [{ target: { ref: refOf(snap, 'textbox "Title"') }, value: 'Second task' }] });
    await call(mcp, 'browser_click', { target: { ref: refOf(snap, 'button "Add task"') } });
    const b = path(await call(mcp, 'browser_screenshot'));
    const diff = await call(mcp, 'browser_diff', { a, b });
    expect(textOf(diff)).toMatch(/% of pixels changed/);
    expect(images(diff)).toHaveLength(1);
  });

  it('runs a journey and bundles evidence from start to stop', async () => {
    const start = await call(mcp, 'evidence_start', { name: 'mcp-evidence' });
    expect(start.isError, textOf(start)).toBeFalsy();
    const journey = await call(mcp, 'journey_run', { name: 'add-task' });
    expect(journey.isError, textOf(journey)).toBeFalsy();
    expect(textOf(journey)).toContain('journey add-task passed');
    const stop = await call(mcp, 'evidence_stop', { name: 'mcp-evidence' });
    expect(stop.isError, textOf(stop)).toBeFalsy();
    const folder = join(repo, '.harness', 'artifacts', 'evidence', 'mcp-evidence');
    expect(textOf(stop)).toContain(folder);
    expect(readFileSync(join(folder, 'summary.md'), 'utf8').length).toBeGreaterThan(0);
    expect(existsSync(join(folder, 'video.mp4'))).toBe(true);
  }, 180_000);

  it('every other browser tool does what it says on the live page', async () => {
    const ok = async (name: string, args: Record<string, unknown> = {}): Promise<string> => {
      const result = await call(mcp, name, args);
      expect(result.isError, `${name}: ${textOf(result)}`).toBeFalsy();
      return textOf(result);
    };
    await ok('browser_navigate', { url: '/' });
    expect(await ok('browser_mark')).toMatch(/\(mark m\d+\)/);
    expect(await ok('browser_type', { target: { role: 'textbox', name: 'Title' }, text: 'Typed task', submit: true })).toMatch(/POST \/api\/tasks → 201/);
    expect(await ok('browser_wait', { text: 'Typed task' })).toContain('wait');
    expect(await ok('browser_select', { target: { role: 'combobox', name: 'Priority' }, values: ['High'] })).toContain('High');
    const focused = "'focus=' + (document.activeElement === document.body ? 'body' : document.activeElement.outerHTML.slice(0, 120))";
    const focusBefore = await ok('browser_eval', { expression: focused });
    await ok('browser_press', { key: 'Tab' });
    expect((await ok('browser_eval', { expression: focused })).split('\n')[0]).not.toBe(focusBefore.split('\n')[0]);
    // A page taller than the viewport, so there is somewhere to scroll to.
    await ok('browser_eval', { expression: `document.body.insertAdjacentHTML('beforeend', '<div style="height: 3000px"></div>')` });
    await ok('browser_scroll', { dy: 200 });
    expect(await ok('browser_eval', { expression: "'scrollY=' + window.scrollY" })).toMatch(/scrollY=[1-9]/);
    expect(await ok('browser_dom', { selector: 'h1' })).toContain('<h1');
    expect(await ok('browser_eval', { expression: 'document.title' })).toContain('Tasks · Reference app');
    // The reference app has no file input or dialog: the page gets them for this test.
    await ok('browser_eval', { expression: `document.body.insertAdjacentHTML('beforeend', '<input type="file" id="mcp-file"><button id="mcp-alert" onclick="alert(\\'from the page\\')">Alert</button>')` });
    const file = join(repo, 'upload.txt');
    writeFileSync(file, 'hello');
    await ok('browser_upload', { target: { selector: '#mcp-file' }, files: [file] });
    expect(await ok('browser_eval', { expression: "document.getElementById('mcp-file').files[0].name" })).toContain('upload.txt');
    expect(await ok('browser_click', { target: { selector: '#mcp-alert' } })).toContain('dialog open: alert "from the page"');
    expect(await ok('browser_dialog', { accept: true })).not.toContain('dialog open');
    const recording = await ok('browser_record', { action: 'start' });
    expect(recording).toContain('recording to');
    expect(recording).not.toContain('dialog open');
    await ok('browser_scroll', { dy: -200 });
    const video = /video saved: (\S+\.mp4)/.exec(await ok('browser_record', { action: 'stop' }))?.[1];
    expect(video && existsSync(video)).toBe(true);
    // The pid of the Chromium this env runs: a live process.
    const pid = Number(/^Chromium pid (\d+)/.exec(await ok('browser_status'))?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(process.kill(pid, 0)).toBe(true);
  }, 120_000);

  it('a browser tool answers with the fix once the env is down', async () => {
    await call(mcp, 'env_down');
    const snap = await call(mcp, 'browser_snapshot');
    expect(snap.isError).toBe(true);
    expect(textOf(snap)).toContain('fix: call env_up');
    expect(mcp.protocolErrors).toEqual([]);
  }, 120_000);
});
