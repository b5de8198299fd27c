import { HarnessError, ExitCode } from '../../../utils/diagnostic.js';
import { imageLimits } from '../config/settings.js';
import { pngSize } from '../../../utils/png.js';
import type { ArtifactStore } from '../repo/artifacts.js';
import type { ImageFile } from '../types/results.js';
import type { PageSession } from './page-session.js';
import type { ResolvedTarget } from './targets.js';

export interface ShotOutcome {
  mode: string;
  images: ImageFile[];
  area: { width: number; height: number };
  scale: number;
  /** Set when a full page needed more tiles than are taken: what was left out, how to see it. */
  note?: string;
}

/** A full page is cut into at most this many tiles; the answer says when it stopped. */
const MAX_TILES = 12;

/**
 * PNG screenshots, scaled by Chromium itself (clip.scale) so the longest side of every
 * image is at most `maxSide` (1568 px by default, what model APIs take without resizing).
 * A tall full page becomes several tiles, each within the limit, never one over 8000 px.
 */
export async function screenshot(
  page: PageSession,
  store: ArtifactStore,
  mode: 'viewport' | 'full' | 'element',
  target: ResolvedTarget | undefined,
  maxSide: number = imageLimits.inlineMaxSide,
): Promise<ShotOutcome> {
  const side = Math.min(maxSide, imageLimits.hardMaxSide);
  const metrics = await page.send('Page.getLayoutMetrics');
  const vv = metrics.cssVisualViewport;
  if (mode === 'viewport') {
    const width = vv.clientWidth;
    const height = vv.clientHeight;
    const scale = Math.min(1, side / Math.max(width, height));
    const image = await capture(page, store, scale < 1 ? { x: vv.pageX, y: vv.pageY, width, height, scale } : undefined, false);
    return { mode, images: [image], area: { width, height }, scale };
  }
  if (mode === 'element') {
    if (!target) throw new HarnessError({ what: 'an element screenshot needs a target', why: 'mode element captures one element', fix: 'pass a ref, --selector, --text or --role' });
    await page.callOn(target.backendNodeId, 'function () { this.scrollIntoView({ block: "nearest", behavior: "instant" }); }');
    const after = await page.send('Page.getLayoutMetrics');
    const { quads } = await page.send('DOM.getContentQuads', { backendNodeId: target.backendNodeId });
    const quad = quads[0];
    if (!quad) throw new HarnessError({ what: `${target.label} has no box to capture`, why: 'it is hidden or not rendered', fix: 'take a snapshot to check it is visible' }, ExitCode.failed);
    const xs = [quad[0], quad[2], quad[4], quad[6]].map(Number);
    const ys = [quad[1], quad[3], quad[5], quad[7]].map(Number);
    const x = Math.min(...xs) + after.cssVisualViewport.pageX;
    const y = Math.min(...ys) + after.cssVisualViewport.pageY;
    const width = Math.max(1, Math.max(...xs) - Math.min(...xs));
    const height = Math.max(1, Math.max(...ys) - Math.min(...ys));
    const scale = Math.min(1, side / Math.max(width, height));
    const image = await capture(page, store, { x, y, width, height, scale }, true);
    return { mode, images: [image], area: { width: Math.round(width), height: Math.round(height) }, scale };
  }
  const width = Math.ceil(metrics.cssContentSize.width);
  const height = Math.ceil(metrics.cssContentSize.height);
  const scale = Math.min(1, side / width);
  const tileHeight = Math.floor(side / scale);
  const images: ImageFile[] = [];
  for (let top = 0; top < height && images.length < MAX_TILES; top += tileHeight) {
    images.push(await capture(page, store, { x: 0, y: top, width, height: Math.min(tileHeight, height - top), scale }, true));
  }
  const needed = tilesNeeded(width, height, side);
  if (needed <= images.length) return { mode, images, area: { width, height }, scale };
  const shown = images.length * tileHeight;
  // Tiles are at least maxSide tall, so this maxSide covers the page in MAX_TILES tiles.
  const fits = Math.ceil(height / MAX_TILES);
  const note =
    `the page is ${height} CSS px tall and needs ${needed} tiles; these ${images.length} cover the top ${shown} px. ` +
    `For the rest: \`harness browser scroll --dy ${shown}\` then a viewport screenshot, or a screenshot of an element further down` +
    (fits <= imageLimits.hardMaxSide ? `, or fewer, taller tiles with --max-side ${fits}` : '');
  return { mode, images, area: { width, height }, scale, note };
}

async function capture(
  page: PageSession,
  store: ArtifactStore,
  clip: { x: number; y: number; width: number; height: number; scale: number } | undefined,
  beyondViewport: boolean,
): Promise<ImageFile> {
  const { data } = await page.send('Page.captureScreenshot', {
    format: 'png',
    optimizeForSpeed: true,
    ...(clip ? { clip } : {}),
    captureBeyondViewport: beyondViewport,
  });
  const png = Buffer.from(data, 'base64');
  const path = store.newPath('screenshots', 'shot', 'png');
  store.write(path, png);
  const size = pngSize(png);
  if (!size) throw new Error('not a PNG');
  return { path, ...size };
}

/** How many tiles a full page of `height` CSS px needs (the answer notes a cut). */
function tilesNeeded(width: number, height: number, maxSide: number): number {
  const scale = Math.min(1, maxSide / width);
  return Math.ceil(height / Math.floor(maxSide / scale));
}

