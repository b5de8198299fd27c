import { existsSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { structuredPatch } from 'diff';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { HarnessError } from '../../../utils/diagnostic.js';
import type { ArtifactStore } from '../repo/artifacts.js';
import type { DiffResult } from '../types/results.js';

/** A text diff is cut at this many lines; the full one is a file away. */
const TEXT_BUDGET_LINES = 200;

/**
 * Before/after comparison: two PNG screenshots give a diff image (changed pixels in red
 * over a faded "after") and the changed-pixel ratio; two snapshots give a unified diff.
 */
export function diffFiles(store: ArtifactStore, a: string, b: string): DiffResult {
  for (const path of [a, b]) {
    if (!existsSync(path)) {
      throw new HarnessError({ what: `${path} does not exist`, why: 'diff compares two files an earlier screenshot or snapshot wrote', fix: 'pass the paths printed by `harness browser screenshot` or `harness browser snapshot`' });
    }
  }
  const isPng = (p: string): boolean => extname(p).toLowerCase() === '.png';
  if (isPng(a) !== isPng(b)) {
    throw new HarnessError({ what: `cannot diff ${a} with ${b}`, why: 'one is an image and the other text', fix: 'diff two screenshots, or two snapshots' });
  }
  return isPng(a) ? diffImages(store, a, b) : diffTexts(a, b);
}

function readPng(path: string): PNG {
  try {
    return PNG.sync.read(readFileSync(path));
  } catch (error) {
    throw new HarnessError({ what: `${path} is not a readable PNG (${error instanceof Error ? error.message : String(error)})`, why: 'image diffs decode both files', fix: 'take the screenshot again' });
  }
}

/** Copies an image onto a transparent canvas of the given size. */
function padded(png: PNG, width: number, height: number): Buffer {
  if (png.width === width && png.height === height) return png.data;
  const out = new PNG({ width, height });
  PNG.bitblt(png, out, 0, 0, png.width, png.height, 0, 0);
  return out.data;
}

function diffImages(store: ArtifactStore, a: string, b: string): DiffResult {
  const before = readPng(a);
  const after = readPng(b);
  const width = Math.max(before.width, after.width);
  const height = Math.max(before.height, after.height);
  const output = new PNG({ width, height });
  const changed = pixelmatch(padded(before, width, height), padded(after, width, height), output.data, width, height, { threshold: 0.1 });
  const diffPath = store.newPath('diffs', 'diff', 'png');
  store.write(diffPath, PNG.sync.write(output));
  return {
    kind: 'image',
    a,
    b,
    diffPath,
    changedPixels: changed,
    changedRatio: Math.round((changed / (width * height)) * 1e6) / 1e6,
    sizeChanged: before.width !== after.width || before.height !== after.height,
  };
}

function diffTexts(a: string, b: string): DiffResult {
  const patch = structuredPatch(a, b, readFileSync(a, 'utf8'), readFileSync(b, 'utf8'), '', '', { context: 2 });
  const lines: string[] = [];
  let added = 0;
  let removed = 0;
  for (const hunk of patch.hunks) {
    lines.push(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`);
    for (const line of hunk.lines) {
      if (line.startsWith('+')) added++;
      if (line.startsWith('-')) removed++;
      lines.push(line);
    }
  }
  const cut = lines.length > TEXT_BUDGET_LINES;
  const text = (cut ? [...lines.slice(0, TEXT_BUDGET_LINES), `… ${lines.length - TEXT_BUDGET_LINES} more lines: run \`diff -u ${a} ${b}\``] : lines).join('\n');
  return { kind: 'text', a, b, text: text || '(no differences)', added, removed };
}
