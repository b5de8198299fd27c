import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// `harness lint` is CI's one command: the docs knowledge base's errors join the
// architecture report (as docs/<rule>), while its staleness warnings stay out.
const bin = fileURLToPath(new URL('../bin/harness.js', import.meta.url));
const clean = fileURLToPath(new URL('./fixtures/architecture/clean/', import.meta.url));
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function repo(agents: string | null): string {
  const root = mkdtempSync(join(tmpdir(), 'harness-lint-docs-'));
  made.push(root);
  cpSync(clean, root, { recursive: true });
  if (agents !== null) writeFileSync(join(root, 'AGENTS.md'), agents);
  execFileSync('git', ['init', '-q'], { cwd: root });
  return root;
}

function lint(root: string): { status: number | null; json: { violations: { rule: string; file: string; what: string }[]; checkers: { name: string; scope: string }[] } } {
  const run = spawnSync(process.execPath, [bin, 'lint', '--json'], { cwd: root, encoding: 'utf8' });
  return { status: run.status, json: JSON.parse(run.stdout) };
}

describe('harness lint and the docs lint', () => {
  it('reports a broken link in the knowledge base as a docs/broken-link violation (exit 1)', () => {
    const root = repo('# Map\n\n- [design](docs/design.md)\n');
    const run = lint(root);
    expect(run.status).toBe(1);
    expect(run.json.violations.map((v) => [v.rule, v.file])).toContainEqual(['docs/broken-link', 'AGENTS.md']);
  });

  it('skips the docs lint, and says so, in a repository without AGENTS.md', () => {
    const run = lint(repo(null));
    expect(run.status).toBe(0);
    expect(run.json.checkers.find((c) => c.name === 'docs')?.scope).toMatch(/^skipped: no AGENTS\.md/);
  });
});
