import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { anchorsOf, scanMarkdown } from '../../src/domains/docs/service/markdown.js';
import { DOC_RULE_IDS, RULES_DOC } from '../../src/domains/docs/types/violation.js';
import { BIN } from './fixture.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

describe("this repository's own docs", () => {
  it('pass `harness docs lint`: AGENTS.md map, links, anchors, orphans, frontmatter, indexes, generated docs', () => {
    const run = spawnSync(process.execPath, [BIN, 'docs', 'lint', '--limit', '0'], { cwd: repoRoot, encoding: 'utf8' });
    // On failure the message is the lint's own report: each finding with its fix.
    expect(run.stdout + run.stderr).not.toMatch(/^error: /m);
    expect(run.status).toBe(0);
  });

  it('explain every docs rule in its own section, so each finding links to its why and fix', () => {
    const anchors = anchorsOf(scanMarkdown(readFileSync(join(repoRoot, RULES_DOC), 'utf8')));
    expect(DOC_RULE_IDS.filter((rule) => !anchors.has(rule))).toEqual([]);
    expect(['configuration', 'decisions', 'freshness', 'the-garden-job', 'quality-score'].filter((a) => !anchors.has(a))).toEqual([]);
  });
});
