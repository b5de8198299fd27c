import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import { MCP_CLIENTS, MCP_LAUNCH, MCP_SERVER_NAME, type McpClientSetup } from '../../src/utils/mcp-clients.js';
import { bin, call, makeReferenceRepo, repoRoot, startMcp, textOf } from './helpers.js';

// The setup snippets of the agent clients: each parses in its client's format, has the
// server where that client looks for it, and its command, run where the client runs it,
// starts an MCP server that lists the tools. The files this repository commits are the
// snippets, byte for byte.

const StdioEntrySchema = z.object({ command: z.string(), args: z.array(z.string()).default([]), type: z.literal('stdio').optional(), env: z.record(z.string(), z.string()).optional() });

/** The server entry, found the way the client finds it in its own file format. */
function entryOf(client: McpClientSetup): z.infer<typeof StdioEntrySchema> {
  switch (client.id) {
    case 'codex':
      return StdioEntrySchema.parse(z.object({ mcp_servers: z.record(z.string(), z.unknown()) }).parse(parseToml(client.snippet)).mcp_servers[MCP_SERVER_NAME]);
    case 'vscode':
      return StdioEntrySchema.parse(z.object({ servers: z.record(z.string(), z.unknown()) }).parse(JSON.parse(client.snippet)).servers[MCP_SERVER_NAME]);
    case 'claude-code':
    case 'cursor':
      return StdioEntrySchema.parse(z.object({ mcpServers: z.record(z.string(), z.unknown()) }).parse(JSON.parse(client.snippet)).mcpServers[MCP_SERVER_NAME]);
  }
}

describe('client setup snippets', () => {
  it.each(MCP_CLIENTS.map((c) => [c.id, c] as const))('%s: parses, names the server, and its command starts an MCP server that lists the tools', async (_id, client) => {
    const entry = entryOf(client);
    expect([entry.command, ...entry.args]).toEqual([MCP_LAUNCH.command, ...MCP_LAUNCH.args]);
    // The client starts the command in the project: here, this repository's worktree.
    const session = await startMcp({ cwd: repoRoot, command: entry.command, commandArgs: entry.args, ...(entry.env ? { env: entry.env } : {}) });
    try {
      const { tools } = await session.client.listTools();
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['env_up', 'env_status', 'logs_query', 'docs_lint']));
      expect(session.protocolErrors).toEqual([]);
    } finally {
      await session.close();
    }
  });

  it.each(MCP_CLIENTS.filter((c) => c.committed).map((c) => [c.projectFile, c] as const))('%s is committed and is the snippet', (file, client) => {
    expect(readFileSync(join(repoRoot, file), 'utf8')).toBe(client.snippet);
  });

  it('`harness mcp config <client>` prints the snippet alone on stdout (redirectable into the file), the hint on stderr', () => {
    for (const client of MCP_CLIENTS) {
      const run = spawnSync(process.execPath, [bin, 'mcp', 'config', client.id], { encoding: 'utf8' });
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(client.snippet);
      expect(run.stderr).toContain(client.projectFile);
    }
    const bad = spawnSync(process.execPath, [bin, 'mcp', 'config', 'emacs'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('use one of: claude-code, codex, cursor, vscode');
  });

  it('`harness mcp tools --tools env` lists the env tools only; an unknown group is refused with exit 2', () => {
    const run = spawnSync(process.execPath, [bin, 'mcp', 'tools', '--tools', 'env', '--json'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    const names = z.object({ tools: z.array(z.object({ name: z.string() })) }).parse(JSON.parse(run.stdout)).tools.map((t) => t.name);
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => n.startsWith('env_'))).toBe(true);
    const bad = spawnSync(process.execPath, [bin, 'mcp', 'tools', '--tools', 'nope'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown group nope');
  });
});

describe('which worktree the server serves', () => {
  let outside: string;
  let repo: string;

  beforeAll(() => {
    outside = realpathSync(mkdtempSync(join(tmpdir(), 'hx-mcp-out-')));
    repo = makeReferenceRepo();
  });
  afterAll(() => {
    rmSync(outside, { recursive: true, force: true });
    rmSync(repo, { recursive: true, force: true });
  });

  it('started outside a git worktree, it serves the first root the client names inside one', async () => {
    const session = await startMcp({ cwd: outside, roots: [outside, repo], env: { CLAUDE_PROJECT_DIR: '' } });
    try {
      const status = await call(session, 'env_status');
      expect(textOf(status)).toContain(`no env is running in ${repo}`);
    } finally {
      await session.close();
    }
  });

  it('with no root inside a worktree either, a tool answers with the fix (--worktree)', async () => {
    const session = await startMcp({ cwd: outside, env: { CLAUDE_PROJECT_DIR: '' } });
    try {
      const { tools } = await session.client.listTools();
      expect(tools.length).toBeGreaterThan(0);
      const status = await call(session, 'env_status');
      expect(status.isError).toBe(true);
      expect(textOf(status)).toContain('is not inside a git worktree');
      expect(textOf(status)).toContain('--worktree /path/to/your/repo');
    } finally {
      await session.close();
    }
  });

  it('--worktree and CLAUDE_PROJECT_DIR pick the worktree whatever the current directory', async () => {
    for (const options of [{ args: ['--worktree', repo] }, { env: { CLAUDE_PROJECT_DIR: repo } }]) {
      const session = await startMcp({ cwd: outside, ...options });
      try {
        expect(textOf(await call(session, 'env_status'))).toContain(`no env is running in ${repo}`);
      } finally {
        await session.close();
      }
    }
  });

  it('a bad --worktree or --tools stops the server at start with a diagnostic on stderr and exit 2, stdout empty', () => {
    for (const args of [['--worktree', outside], ['--tools', 'env,nope']]) {
      const run = spawnSync(process.execPath, [bin, 'mcp', ...args], { cwd: outside, encoding: 'utf8', input: '' });
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^error: /);
      expect(run.stderr).toContain('fix: ');
    }
  });

  it('--tools serves only the groups named', async () => {
    const session = await startMcp({ cwd: repo, args: ['--tools', 'env'] });
    try {
      expect((await session.client.listTools()).tools.map((t) => t.name)).toEqual(['env_up', 'env_status', 'env_restart_app', 'env_down']);
    } finally {
      await session.close();
    }
  });

  it('--tools browser,docs serves the browser tools and the docs lint only', async () => {
    const session = await startMcp({ cwd: repo, args: ['--tools', 'browser,docs'] });
    try {
      const names = (await session.client.listTools()).tools.map((t) => t.name);
      expect(names).toContain('browser_click');
      expect(names).toContain('docs_lint');
      expect(names.filter((n) => !n.startsWith('browser_') && !['journey_run', 'evidence_start', 'evidence_stop'].includes(n))).toEqual(['docs_lint']);
      // A client that asks before a tool reaches outside loopback asks for these two only.
      const { tools } = await session.client.listTools();
      expect(tools.filter((t) => t.annotations?.openWorldHint).map((t) => t.name)).toEqual(['browser_navigate', 'browser_eval']);
      // The UI loop in the server's instructions is the validate-ui-fix skill's order.
      const loop = /Validate a UI fix: (.*)/.exec(session.client.getInstructions() ?? '')?.[1] ?? '';
      const at = (tool: string): number => loop.indexOf(tool);
      expect([at('env_up'), at('browser_navigate'), at('evidence_start'), at('browser_click'), at('env_restart_app'), at('evidence_stop')].every((i, k, all) => i >= 0 && (k === 0 || i > all[k - 1]!)), loop).toBe(true);
    } finally {
      await session.close();
    }
  });

  it('`harness docs lint` runs the docs_lint tool (its answer carries the limit); a bad --limit exits 2 with a Diagnostic', () => {
    const good = spawnSync(process.execPath, [bin, 'docs', 'lint', '--json', '--limit', '7'], { cwd: repo, encoding: 'utf8' });
    expect(z.object({ limit: z.number() }).parse(JSON.parse(good.stdout)).limit).toBe(7);
    const bad = spawnSync(process.execPath, [bin, 'docs', 'lint', '--limit', 'all'], { cwd: repo, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--limit all is not a whole number');
    expect(bad.stderr).toContain('fix: ');
  });

  it('exits when the client closes its stdin', () => {
    const run = spawnSync(process.execPath, [bin, 'mcp'], { cwd: repo, encoding: 'utf8', input: '', timeout: 20_000 });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(existsSync(join(repo, '.harness', 'env.json'))).toBe(false);
  });
});
