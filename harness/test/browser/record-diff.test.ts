import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('browser recording', () => {
  it('records the tab as an MP4 that ffprobe reads, with frames and the viewport size', async () => {
    await service.navigate({ url: '/' });
    const started = await service.record({ action: 'start' });
    expect(started.recording).toBe(true);
    expect(service.status().recording).toBe(true);
    await service.fill({ fields: [{ target: { selector: '#title' }, value: 'Recorded task' }] });
    await service.click({ target: { role: 'button', name: 'Add task' }, kind: 'click' });
    await new Promise((r) => setTimeout(r, 800));
    const stopped = await service.record({ action: 'stop' });
    expect(stopped.path).toBe(started.path);
    expect(stopped.frames).toBeGreaterThan(5);
    const probe = JSON.parse(
      execFileSync('/usr/bin/ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height,nb_read_frames', '-of', 'json', stopped.path], { encoding: 'utf8' }),
    ) as { streams: { codec_name: string; width: number; height: number; nb_read_frames: string }[] };
    const stream = probe.streams[0]!;
    expect(stream.codec_name).toBe('h264');
    expect([stream.width, stream.height]).toEqual([1280, 720]);
    expect(Number(stream.nb_read_frames)).toBe(stopped.frames);
  });

  it('records a page that never repaints: the video opens on what the page shows', async () => {
    await service.navigate({ url: '/' });
    // The sequence that once gave a video with no frame: a dialog answered just before start.
    await service.evaluate({ expression: `document.body.insertAdjacentHTML('beforeend', '<button id="rec-alert" onclick="alert(1)">Alert</button>')` });
    await service.click({ target: { selector: '#rec-alert' }, kind: 'click' });
    await service.dialog({ accept: true });
    await service.record({ action: 'start' });
    const stopped = await service.record({ action: 'stop' });
    expect(stopped.frames).toBeGreaterThanOrEqual(1);
    const probe = execFileSync('/usr/bin/ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', stopped.path!], { encoding: 'utf8' });
    expect(probe.trim()).toBe('1280,720');
  });

  it('refuses to stop a recording that is not running, with the fix', async () => {
    await expect(service.record({ action: 'stop' })).rejects.toThrow(/no recording is running/);
  });
});

describe('browser diff', () => {
  it('diffs two screenshots: a diff image of the same size and the ratio of changed pixels', async () => {
    await service.navigate({ url: '/' });
    const before = await service.screenshot({ mode: 'viewport' });
    const same = await service.screenshot({ mode: 'viewport' });
    const unchanged = service.diff({ a: before.images[0]!.path, b: same.images[0]!.path });
    expect(unchanged.changedPixels).toBe(0);
    await service.evaluate({ expression: "document.querySelector('h1').style.background = 'red'" });
    const after = await service.screenshot({ mode: 'viewport' });
    const diff = service.diff({ a: before.images[0]!.path, b: after.images[0]!.path });
    expect(diff.kind).toBe('image');
    expect(diff.changedRatio).toBeGreaterThan(0.005);
    expect(diff.changedRatio).toBeLessThan(0.2);
    const png = PNG.sync.read(readFileSync(diff.diffPath!));
    expect([png.width, png.height]).toEqual([1280, 720]);
  });

  it('diffs two snapshots as text', async () => {
    const before = await service.snapshot({});
    await service.evaluate({ expression: "document.querySelector('#list').insertAdjacentHTML('beforeend', '<li>Fresh item</li>')" });
    const after = await service.snapshot({});
    const diff = service.diff({ a: before.path, b: after.path });
    expect(diff.kind).toBe('text');
    expect(diff.text).toContain('+');
    expect(diff.text).toContain('Fresh item');
    expect(diff.added).toBeGreaterThan(0);
  });

  it('refuses to diff an image with a text file', async () => {
    const shot = await service.screenshot({ mode: 'viewport' });
    const snap = await service.snapshot({});
    expect(() => service.diff({ a: shot.images[0]!.path, b: snap.path })).toThrow(/^cannot diff .*\.png with .*\.txt$/);
  });
});
