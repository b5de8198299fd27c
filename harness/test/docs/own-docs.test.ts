import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN } from './fixture.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

describe("this repository's own docs", () => {
  it('pass `harness docs lint`: AGENTS.md map, links, anchors, orphans, frontmatter, indexes, generated docs', () => {
    const run = spawnSync(process.execPath, [BIN, 'docs', 'lint', '--limit', '0'], { cwd: repoRoot, encoding: 'utf8' });
    // On failure the message is the lint's own report: each finding with its fix.
    expect(run.stdout + run.stderr).not.toMatch(/^error: /m);
    expect(run.status).toBe(0);
  });
});
