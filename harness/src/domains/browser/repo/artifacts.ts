import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The kinds the store prunes: files only the harness names, made on every call. */
const PRUNED = new Set(['screenshots', 'snapshots', 'diffs']);

/**
 * Files the browser tools hand back (screenshots, snapshots, videos, diffs, evidence):
 * under `<worktree>/.harness/artifacts/`, private to the user (0700 folders, 0600 files),
 * named by kind and time so that a listing reads as a history. Screenshots, snapshots and
 * diffs keep the latest `keep` (200) of their kind; videos and evidence bundles are never
 * pruned (the user asked for each one).
 */
export class ArtifactStore {
  readonly root: string;
  readonly keep: number;
  #counter = 0;

  constructor(root: string, options: { keep?: number } = {}) {
    this.root = root;
    this.keep = options.keep ?? 200;
  }

  /** A fresh path `<root>/<sub>/<prefix>-<time>-<n>.<ext>`, its folder created; old ones of a pruned kind go. */
  newPath(sub: string, prefix: string, ext: string): string {
    const dir = this.dir(sub);
    if (PRUNED.has(sub)) this.#prune(dir, prefix, ext);
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    return join(dir, `${prefix}-${stamp}-${++this.#counter}.${ext}`);
  }

  /** Deletes the oldest files the store named in `dir` so that, with the next one, `keep` remain. */
  #prune(dir: string, prefix: string, ext: string): void {
    const ours = new RegExp(`^${prefix}-\\d{8}-\\d{6}-\\d+\\.${ext}$`);
    const files = readdirSync(dir).filter((f) => ours.test(f));
    if (files.length < this.keep) return;
    const byAge = files.map((f) => ({ f, t: statSync(join(dir, f), { throwIfNoEntry: false })?.mtimeMs ?? 0 })).sort((a, b) => a.t - b.t || a.f.localeCompare(b.f, undefined, { numeric: true }));
    for (const { f } of byAge.slice(0, files.length - this.keep + 1)) rmSync(join(dir, f), { force: true });
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
