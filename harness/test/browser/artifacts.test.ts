import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ArtifactStore } from '../../src/domains/browser/repo/artifacts.js';

const root = mkdtempSync(join(tmpdir(), 'harness-artifacts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the artifacts folder', () => {
  it('keeps the latest screenshots, snapshots and diffs of each kind, and never videos, evidence or foreign files', () => {
    const store = new ArtifactStore(root, { keep: 5 });
    const shots: string[] = [];
    for (let i = 0; i < 8; i++) {
      const path = store.newPath('screenshots', 'shot', 'png');
      store.write(path, `shot ${i}`);
      shots.push(path);
    }
    const mine = join(root, 'screenshots', 'my-notes.png');
    writeFileSync(mine, 'kept');
    for (let i = 0; i < 3; i++) store.write(store.newPath('snapshots', 'snapshot', 'txt'), `snap ${i}`);
    const videos: string[] = [];
    for (let i = 0; i < 7; i++) {
      const path = store.newPath('videos', 'video', 'mp4');
      store.write(path, 'video');
      videos.push(path);
    }
    const bundle = join(store.dir('evidence'), 'fix');
    mkdirSync(bundle, { recursive: true });
    writeFileSync(join(bundle, 'before.png'), 'before');
    expect(readdirSync(join(root, 'screenshots')).filter((f) => f.startsWith('shot-'))).toHaveLength(5);
    // The latest stay (what recent answers returned), the oldest went.
    for (const path of shots.slice(-5)) expect(existsSync(path), path).toBe(true);
    for (const path of shots.slice(0, 3)) expect(existsSync(path), path).toBe(false);
    expect(existsSync(mine)).toBe(true);
    expect(readdirSync(join(root, 'snapshots'))).toHaveLength(3);
    for (const path of videos) expect(existsSync(path)).toBe(true);
    expect(existsSync(join(bundle, 'before.png'))).toBe(true);
  });
});
