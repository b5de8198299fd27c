import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadModel, renderArchitectureDoc, scanLayout } from '@agent-harness/lint-rules/index';
import { describe, expect, it } from 'vitest';
import { loadProjectConfig } from '../../src/providers/project-config.js';
import { BIN, JsonReportSchema } from './fixture.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

describe("this repository's own architecture", () => {
  it('has every file of app/src and harness/src in its place (the layout checks)', async () => {
    const { model, source } = await loadModel(repoRoot, (await loadProjectConfig(repoRoot)).sections.architecture);
    const layout = scanLayout(repoRoot, model, source.file);
    expect(model.roots.map((r) => r.path)).toEqual(['app/src', 'harness/src']);
    expect(layout.violations.map((v) => v.message)).toEqual([]);
    expect(layout.domains.get('harness/src')).toEqual(expect.arrayContaining(['architecture', 'docs', 'env']));
  });

  it('passes `harness lint`: no violation outside the committed baseline', () => {
    const run = spawnSync(process.execPath, [BIN, 'lint', '--json'], { cwd: repoRoot, encoding: 'utf8' });
    const report = JsonReportSchema.parse(JSON.parse(run.stdout));
    // On failure, the new violations with their fixes.
    expect(report.violations.filter((v) => v.state === 'new').map((v) => `${v.file}:${v.line} ${v.what} Fix: ${v.fix}`)).toEqual([]);
    expect(run.status).toBe(0);
  });

  it('keeps docs/generated/architecture.md up to date (harness lint --write-graph)', async () => {
    const { model, source } = await loadModel(repoRoot, (await loadProjectConfig(repoRoot)).sections.architecture);
    const fresh = renderArchitectureDoc(model, scanLayout(repoRoot, model, source.file));
    expect(readFileSync(new URL('docs/generated/architecture.md', `file://${repoRoot}/`), 'utf8')).toBe(fresh);
  });
});
