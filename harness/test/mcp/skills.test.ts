import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { harness, makeReferenceRepo, repoRoot } from './helpers.js';
import { FrontmatterSchema, readSkill, skillFolders, type Skill } from './skills.js';

// The skills under .agents/skills/ teach loops by naming commands; this test runs every
// one of them, in order, where the skill says to (a live env of the reference app, or a
// scratch checkout of this repository for the docs loop), and expects the exit code the
// skill documents, and the text a `# expect: TEXT` comment says the answer shows.
// Placeholders like <trace-id> are filled the way an agent would: from the answers of the
// commands before.

interface Run {
  code: number | null;
  out: string;
}

function sh(command: string, cwd: string, bin: string): Promise<Run> {
  const line = command.replace(/\bnpx harness\b/g, `node ${JSON.stringify(bin)}`);
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', line], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

const TracesSchema = z.object({ traces: z.array(z.object({ traceId: z.string() })) });

/** How each placeholder a skill may name is filled. */
const placeholders: Record<string, (cwd: string, bin: string) => Promise<string>> = {
  'trace-id': async (cwd, bin) => {
    // The request both loops reproduce (not a health check the daemon made since).
    const run = await sh("npx harness traces search --service reference-app --operation 'POST /api/tasks' --json", cwd, bin);
    const id = TracesSchema.parse(JSON.parse(run.out)).traces[0]?.traceId;
    if (!id) throw new Error(`no trace to fill <trace-id> with:\n${run.out}`);
    return id;
  },
  doc: async () => 'docs/design-docs/agent-interfaces.md',
};

async function runSkill(skill: Skill, cwd: string, bin: string): Promise<void> {
  expect(skill.commands.length, `${skill.folder} names no command`).toBeGreaterThan(0);
  for (const step of skill.commands) {
    let command = step.command;
    for (const [, name] of command.matchAll(/<([a-z-]+)>/g)) {
      const fill = placeholders[name!];
      if (!fill) throw new Error(`${skill.folder}/SKILL.md:${step.line}: the test cannot fill <${name}>; add it to the placeholders of skills.test.ts`);
      command = command.replace(`<${name}>`, await fill(cwd, bin));
    }
    const run = await sh(command, cwd, bin);
    expect(step.exitCodes, `${skill.folder}/SKILL.md:${step.line}: \`${command}\` exited ${run.code}:\n${run.out}`).toContain(run.code);
    if (step.expect !== undefined) expect(run.out, `${skill.folder}/SKILL.md:${step.line}: \`${command}\` should show "${step.expect}"`).toContain(step.expect);
  }
}

const folders = skillFolders(repoRoot);
const skills = Object.fromEntries(folders.map((f) => [f, readSkill(repoRoot, f)]));
const bin = join(repoRoot, 'harness/bin/harness.js');
const toolList = z.object({ tools: z.array(z.object({ name: z.string() })) }).parse(JSON.parse(spawnSync(process.execPath, [bin, 'mcp', 'tools', '--json'], { encoding: 'utf8' }).stdout));

describe('the skills agents load from .agents/skills/', () => {
  it('has the loops the harness teaches, each with the frontmatter clients expect', () => {
    expect(folders).toEqual(['investigate-with-telemetry', 'keep-docs-and-architecture-clean', 'validate-ui-fix']);
    for (const folder of folders) {
      const frontmatter = FrontmatterSchema.parse(skills[folder]!.frontmatter);
      expect(frontmatter.name, `${folder}: name must match the folder`).toBe(folder);
    }
  });

  it('Claude Code finds the same skills through .claude/skills', () => {
    expect(realpathSync(join(repoRoot, '.claude', 'skills'))).toBe(realpathSync(join(repoRoot, '.agents', 'skills')));
  });

  it.each(folders)('%s names only commands and MCP tools that exist', (folder) => {
    const skill = skills[folder]!;
    for (const words of skill.inlineCommands) {
      const run = spawnSync(process.execPath, [bin, ...words, '--help'], { encoding: 'utf8' });
      expect(run.status, `npx harness ${words.join(' ')}: ${run.stderr}`).toBe(0);
      expect(run.stdout).toContain(`Usage: harness ${words[0] ?? ''}`);
    }
    const known = new Set(toolList.tools.map((t) => t.name));
    for (const tool of skill.toolNames) expect(known, `${folder} names the MCP tool ${tool}`).toContain(tool);
  });
});

describe('investigate-with-telemetry: every command, against a live env of the reference app', () => {
  let repo: string;
  beforeAll(() => {
    repo = makeReferenceRepo('hx-skill-');
  });
  afterAll(async () => {
    await harness(['down'], { cwd: repo });
    rmSync(repo, { recursive: true, force: true });
  });

  it('runs, and each logs, traces and metrics step finds the failure it reproduced', async () => {
    const skill = skills['investigate-with-telemetry']!;
    const queries = skill.commands.filter((c) => /^npx harness (logs|traces|metrics)\b/.test(c.command));
    expect(queries.length).toBeGreaterThanOrEqual(8);
    for (const query of queries) expect(query.expect, `SKILL.md:${query.line}: say what the answer shows (# expect: TEXT)`).toBeDefined();
    await runSkill(skill, repo, bin);
    expect(existsSync(join(repo, '.harness', 'env.json'))).toBe(false);
  }, 600_000);
});

describe('validate-ui-fix: every command, against a live env of the reference app with its browser', () => {
  let repo: string;
  beforeAll(() => {
    repo = makeReferenceRepo('hx-skill-ui-');
  });
  afterAll(async () => {
    await harness(['down'], { cwd: repo });
    rmSync(repo, { recursive: true, force: true });
  });

  it('runs', async () => {
    await runSkill(skills['validate-ui-fix']!, repo, bin);
    const evidence = join(repo, '.harness', 'artifacts', 'evidence', 'add-task-fix');
    expect(readFileSync(join(evidence, 'summary.md'), 'utf8')).toContain('add-task-fix');
  }, 600_000);
});

describe('keep-docs-and-architecture-clean: every command, in a scratch checkout of this repository', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = join(realpathSync(mkdtempSync(join(tmpdir(), 'hx-docs-skill-'))), 'repo');
    execFileSync('git', ['worktree', 'add', '--detach', '--quiet', scratch, 'HEAD'], { cwd: repoRoot });
    // The working tree's uncommitted changes too, so the checkout is what this run tests (with HEAD's history).
    const changed = execFileSync('git', ['ls-files', '--modified', '--others', '--exclude-standard', '-z'], { cwd: repoRoot, encoding: 'utf8' }).split('\0').filter(Boolean);
    for (const file of changed) {
      if (existsSync(join(repoRoot, file))) {
        mkdirSync(dirname(join(scratch, file)), { recursive: true });
        cpSync(join(repoRoot, file), join(scratch, file), { recursive: true, verbatimSymlinks: true });
      }
      else rmSync(join(scratch, file), { force: true });
    }
    // The checkout runs this build: the packages' node_modules and compiled output.
    symlinkSync(join(repoRoot, 'node_modules'), join(scratch, 'node_modules'));
    for (const pkg of ['observability', 'lint-rules', 'app', 'harness']) {
      if (existsSync(join(repoRoot, pkg, 'dist'))) cpSync(join(repoRoot, pkg, 'dist'), join(scratch, pkg, 'dist'), { recursive: true });
    }
  });
  afterAll(() => {
    execFileSync('git', ['worktree', 'remove', '--force', scratch], { cwd: repoRoot });
  });

  it('`npm run build`, the rebuild step the UI and telemetry skills name, builds the checkout', async () => {
    for (const folder of ['investigate-with-telemetry', 'validate-ui-fix']) expect(readFileSync(skills[folder]!.path, 'utf8')).toContain('`npm run build`');
    const run = await sh('npm run build', scratch, bin);
    expect(run.code, run.out).toBe(0);
  }, 600_000);

  it('runs', async () => {
    const skill = skills['keep-docs-and-architecture-clean']!;
    await runSkill(skill, scratch, join(scratch, 'harness/bin/harness.js'));
    // `docs verify <doc>` recorded today's check in the scratch copy only.
    expect(readFileSync(join(scratch, 'docs/design-docs/agent-interfaces.md'), 'utf8')).toContain(`verified: ${new Date().toISOString().slice(0, 10)}`);
  }, 600_000);
});
