import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Files the browser tools hand back (screenshots, snapshots, videos, diffs, evidence):
 * under `<worktree>/.harness/artifacts/`, private to the user (0700 folders, 0600 files),
 * named by kind and time so that a listing reads as a history.
 */
export class ArtifactStore {
  readonly root: string;
  #counter = 0;

  constructor(root: string) {
    this.root = root;
  }

  /** A fresh path `<root>/<sub>/<prefix>-<time>-<n>.<ext>`, its folder created. */
  newPath(sub: string, prefix: string, ext: string): string {
    const dir = this.dir(sub);
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    return join(dir, `${prefix}-${stamp}-${++this.#counter}.${ext}`);
  }

  /** A folder under the store, created private. */
  dir(sub: string): string {
    const dir = join(this.root, sub);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  }

  write(path: string, data: string | Buffer): void {
    writeFileSync(path, data, { mode: 0o600 });
  }
}

/** Width and height from a PNG's IHDR chunk, without decoding it. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.length < 24 || png.readUInt32BE(12) !== 0x49484452) throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
