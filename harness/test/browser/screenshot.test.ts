import { readFileSync, statSync } from 'node:fs';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from './fixture-site.js';
import { cleanUp, newBrowserService } from './service-fixture.js';
import type { BrowserService } from '../../src/domains/browser/service/browser-service.js';
import { formatScreenshot } from '../../src/domains/browser/ui/format.js';

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

function decode(path: string): PNG {
  return PNG.sync.read(readFileSync(path));
}

describe('browser screenshot', () => {
  it('saves the viewport as a valid PNG of the viewport size under the artifacts folder, private to the user', async () => {
    await service.navigate({ url: '/' });
    const shot = await service.screenshot({ mode: 'viewport' });
    expect(shot.images).toHaveLength(1);
    const image = shot.images[0]!;
    expect(image.path.startsWith(`${dir}/artifacts/screenshots/`)).toBe(true);
    expect(statSync(image.path).mode & 0o777).toBe(0o600);
    const png = decode(image.path);
    expect([png.width, png.height]).toEqual([1280, 720]);
    expect([image.width, image.height]).toEqual([1280, 720]);
    // Not a blank image: the page's text makes dark pixels.
    let dark = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! < 100) dark++;
    expect(dark).toBeGreaterThan(100);
  });

  it('downscales so the longest side fits maxSide', async () => {
    const shot = await service.screenshot({ mode: 'viewport', maxSide: 640 });
    const png = decode(shot.images[0]!.path);
    expect([png.width, png.height]).toEqual([640, 360]);
    expect(shot.scale).toBe(0.5);
  });

  it('tiles a tall full page: every tile within 1568 px, together covering the whole page', async () => {
    await service.navigate({ url: '/tall' });
    const shot = await service.screenshot({ mode: 'full' });
    expect(shot.area.height).toBe(5000);
    expect(shot.images.length).toBe(Math.ceil(5000 / 1568));
    let total = 0;
    for (const image of shot.images) {
      const png = decode(image.path);
      expect(png.width).toBe(1280);
      expect(Math.max(png.width, png.height)).toBeLessThanOrEqual(1568);
      total += png.height;
    }
    expect(total).toBe(5000);
    // The gradient runs white to blue: the last tile is bluer than the first.
    const blueness = (png: PNG): number => png.data[png.data.length - 2]! - png.data[png.data.length - 4]!;
    expect(blueness(decode(shot.images.at(-1)!.path))).toBeGreaterThan(blueness(decode(shot.images[0]!.path)));
  });

  it('says when a very tall page needs more tiles than it takes, and how to see the rest', async () => {
    await service.navigate({ url: '/tall' });
    await service.evaluate({ expression: 'document.body.style.height = "20000px"; document.documentElement.style.height = "20000px"' });
    const cut = await service.screenshot({ mode: 'full', maxSide: 200 });
    expect(cut.area.height).toBe(20000);
    expect(cut.images.length).toBe(12);
    expect(cut.note).toMatch(/^the page is 20000 CSS px tall and needs 16 tiles; these 12 cover the top 15360 px\. /);
    expect(cut.note).toContain('harness browser scroll --dy 15360');
    expect(formatScreenshot(cut)).toMatch(/^cut: the page is 20000 CSS px tall/m);
    // The suggested --max-side does cover the page.
    const maxSide = Number(/--max-side (\d+)/.exec(cut.note ?? '')?.[1]);
    const whole = await service.screenshot({ mode: 'full', maxSide });
    expect(whole.note).toBeUndefined();
    expect(whole.images.reduce((sum, i) => sum + i.height, 0)).toBe(20000);
  });

  it('captures one element at its own size', async () => {
    await service.navigate({ url: '/' });
    const box = await service.dom({ selector: '#frame', box: true });
    const shot = await service.screenshot({ mode: 'element', target: { selector: '#frame' } });
    const png = decode(shot.images[0]!.path);
    expect(png.width).toBe(Math.round(box.matches[0]!.box!.width));
    expect(png.height).toBe(Math.round(box.matches[0]!.box!.height));
  });
});
