import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The compiled harness binary (npm test builds it first). */
export const BIN = fileURLToPath(new URL('../../bin/harness.js', import.meta.url));

export const TODAY = new Date().toISOString().slice(0, 10);

/** Git identity and settings for fixture repos, independent of the machine's config. */
const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Fixture Author',
  GIT_AUTHOR_EMAIL: 'author@example.invalid',
  GIT_COMMITTER_NAME: 'Fixture Author',
  GIT_COMMITTER_EMAIL: 'author@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A real git repository in a temp dir, built by a test. */
export class FixtureRepo {
  readonly root: string;

  constructor(files: Record<string, string>) {
    this.root = mkdtempSync(join(tmpdir(), 'docs-fixture-'));
    this.git('init', '-q', '-b', 'main');
    this.write(files);
    this.commit('initial commit');
  }

  git(...args: string[]): string {
    const run = spawnSync('git', args, { cwd: this.root, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
    if (run.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${run.stderr}`);
    return run.stdout;
  }

  write(files: Record<string, string>): void {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(this.root, path)), { recursive: true });
      writeFileSync(join(this.root, path), content);
    }
  }

  read(path: string): string {
    return readFileSync(join(this.root, path), 'utf8');
  }

  commit(message: string): string {
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD').trim();
  }

  /** Runs the harness CLI in the repo. */
  cli(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
    const run = spawnSync(process.execPath, [BIN, ...args], { cwd: this.root, encoding: 'utf8', env: { ...process.env, ...GIT_ENV, ...env } });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  /** `docs lint --json`, parsed. */
  lint(): { status: number | null; report: LintJson } {
    const run = this.cli(['docs', 'lint', '--json']);
    return { status: run.status, report: JSON.parse(run.stdout) as LintJson };
  }

  /** Every file under the repo, .git included, with its content hash: for byte-identical checks. */
  snapshot(): Map<string, string> {
    const out = new Map<string, string>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(join(this.root, dir), { withFileTypes: true })) {
        const rel = dir ? `${dir}/${entry.name}` : entry.name;
        if (entry.isDirectory()) walk(rel);
        else out.set(rel, createHash('sha256').update(readFileSync(join(this.root, rel))).digest('hex'));
      }
    };
    walk('');
    return out;
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export interface LintJson {
  ok: boolean;
  counts: { errors: number; warnings: number };
  violations: {
    rule: string;
    severity: string;
    file: string;
    line: number;
    what: string;
    why: string;
    fix: string;
    doc: string;
    movedTo?: string;
    stale?: { commits: { sha: string; subject: string }[]; files: { path: string; status: string }[]; verifiedCommit: string | null };
  }[];
  stats: { links: number; markdownFiles: number };
}

/** Writes an executable script into a fresh bin folder and returns the folder. */
export function scriptDir(scripts: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'docs-bin-'));
  for (const [name, body] of Object.entries(scripts)) {
    writeFileSync(join(dir, name), body);
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

const frontmatter = (title: string, status: string, covers: string, extra = ''): string =>
  `---\ntitle: ${title}\nstatus: ${status}\nowner: fixture\ncovers: ${covers}\nverified: ${TODAY}\n${extra}---\n\n`;

/** A small, valid knowledge base: AGENTS.md, three indexes, one design doc covering src/alpha, one plan. */
export function knowledgeBase(): Record<string, string> {
  return {
    '.gitignore': '.harness/\n',
    'harness.config.ts': "export default { docs: { generated: [] } };\n",
    'AGENTS.md': [
      '# AGENTS.md',
      '',
      '- Design docs: [docs/design-docs/index.md](docs/design-docs/index.md)',
      '- Product specs: [docs/product-specs/index.md](docs/product-specs/index.md)',
      '- Plans: [docs/exec-plans/index.md](docs/exec-plans/index.md)',
      '',
    ].join('\n'),
    'docs/design-docs/index.md':
      frontmatter('Design docs', 'accepted', '[]') +
      `# Design docs\n\n| doc | status | last verified | summary |\n| --- | --- | --- | --- |\n| [alpha.md](alpha.md) | accepted | ${TODAY} | how alpha works |\n`,
    'docs/design-docs/alpha.md':
      frontmatter('Alpha', 'accepted', '[src/alpha/**]') +
      '# Alpha\n\nAlpha lives in [main.ts](../../src/alpha/main.ts); see [usage](#usage).\n\n## Usage\n\nCall `alpha()`.\n\n```md\n[not a link](nowhere.md)\n```\n',
    'docs/product-specs/index.md': frontmatter('Product specs', 'accepted', '[]') + '# Product specs\n\n| spec | status | last verified | users |\n| --- | --- | --- | --- |\n',
    'docs/exec-plans/index.md':
      frontmatter('Exec plans', 'accepted', '[]') +
      `# Exec plans\n\n| plan | status | last verified | title |\n| --- | --- | --- | --- |\n| [active/build.md](active/build.md) | active | ${TODAY} | Build |\n`,
    'docs/exec-plans/active/build.md': frontmatter('Build', 'active', '[]') + '# Build\n\n## Progress\n\n- [ ] alpha\n\n## Decision log\n\n- started\n',
    'src/alpha/main.ts': 'export function alpha(): number {\n  return 1;\n}\n',
  };
}

/** A fixture repo holding the knowledge base, with alpha.md verified and committed. */
export function verifiedRepo(): FixtureRepo {
  const repo = new FixtureRepo(knowledgeBase());
  const run = repo.cli(['docs', 'verify', 'docs/design-docs/alpha.md']);
  if (run.status !== 0) throw new Error(`docs verify failed: ${run.stderr}${run.stdout}`);
  repo.commit('verify alpha');
  return repo;
}
