import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { renderCompose } from '../src/stack/compose.js';
import { STACK, STORE_BINARIES } from '../src/stack/versions.js';

const composeFile = readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8');

// docker-compose.yml runs the same stack as `harness up`: same pinned versions, same dev
// flags, loopback-only ports. (No Docker engine here: this checks the file, not containers.)
describe('docker-compose.yml', () => {
  it('is the rendering of the pinned versions and dev flags (fix: node observability/scripts/write-compose.mjs)', () => {
    expect(composeFile).toBe(renderCompose());
  });

  it('pins every image to the release in versions.ts and publishes ports on 127.0.0.1 only', () => {
    const images = [...composeFile.matchAll(/^\s+image: (\S+)$/gm)].map((m) => m[1]);
    expect(images).toEqual(STORE_BINARIES.map((name) => `victoriametrics/${name}:${STACK[name].version}`));
    expect(composeFile).not.toMatch(/latest/);
    const ports = [...composeFile.matchAll(/^\s+- "([\d.:]+)"$/gm)].map((m) => m[1]);
    expect(ports).toHaveLength(3);
    for (const port of ports) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
  });
});
