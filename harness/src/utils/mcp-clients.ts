/**
 * How each agent client starts `harness mcp`: the one source of the setup snippets in
 * docs/generated/mcp-clients.md, of `harness mcp config <client>`, and of the project
 * files committed at the repository root (.mcp.json, .cursor/mcp.json, .codex/config.toml),
 * which a test compares with it and starts.
 */

export const MCP_SERVER_NAME = 'agent-harness';

/**
 * Every client runs the same command. `npx --no` runs the `harness` bin of the nearest
 * node_modules (walking up from the directory the client starts it in) and never installs:
 * without `--no`, npx in a non-interactive client would fetch an unrelated registry
 * package named `harness` when run outside the project.
 */
export const MCP_LAUNCH = { command: 'npx', args: ['--no', 'harness', 'mcp'] } as const;

export type McpClientId = 'claude-code' | 'codex' | 'cursor' | 'vscode';

export interface McpClientSetup {
  id: McpClientId;
  name: string;
  /** The project-level file, relative to the repository root. */
  projectFile: string;
  /** Whether this repository commits that file (agents opening the repo get the server). */
  committed: boolean;
  /** Where a user-level entry goes instead, for every project. */
  userFile: string;
  format: 'json' | 'toml';
  /** The project file's content. */
  snippet: string;
  /** A command that adds the server instead of editing the file. */
  command: string | null;
  /** What to know: timeouts, trust, where the server starts. */
  notes: string[];
}

const args = MCP_LAUNCH.args;
const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
const tomlArray = (values: readonly string[]): string => `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;

export const MCP_CLIENTS: readonly McpClientSetup[] = [
  {
    id: 'claude-code',
    name: 'Claude Code',
    projectFile: '.mcp.json',
    committed: true,
    userFile: '~/.claude.json (claude mcp add --scope user …)',
    format: 'json',
    snippet: json({ mcpServers: { [MCP_SERVER_NAME]: { type: 'stdio', command: MCP_LAUNCH.command, args } } }),
    command: `claude mcp add --scope project ${MCP_SERVER_NAME} -- ${MCP_LAUNCH.command} ${args.join(' ')}`,
    notes: [
      'Claude Code asks once before it uses a server from a project .mcp.json; `/mcp` lists the server and its tools.',
      'It starts the server in the directory Claude Code was launched from and passes CLAUDE_PROJECT_DIR; the server serves the git worktree of that project.',
      'env_up boots the whole stack and reports progress; if your setup limits tool time, raise MCP_TOOL_TIMEOUT (milliseconds).',
    ],
  },
  {
    id: 'codex',
    name: 'Codex',
    projectFile: '.codex/config.toml',
    committed: true,
    userFile: '~/.codex/config.toml',
    format: 'toml',
    snippet: [
      `[mcp_servers.${MCP_SERVER_NAME}]`,
      `command = ${JSON.stringify(MCP_LAUNCH.command)}`,
      `args = ${tomlArray(args)}`,
      '# env_up boots the app and its stores: allow it more than the default 60 s',
      'tool_timeout_sec = 900',
      'startup_timeout_sec = 30',
      '',
    ].join('\n'),
    command: `codex mcp add ${MCP_SERVER_NAME} -- ${MCP_LAUNCH.command} ${args.join(' ')}`,
    notes: [
      'Codex reads a project .codex/config.toml only in a trusted project; otherwise put the same table in ~/.codex/config.toml.',
      'The server serves the worktree Codex starts it in; for a user-level entry used with one repository, add `cwd = "/path/to/repo"`.',
      `\`codex mcp add\` writes no \`tool_timeout_sec\`: add \`tool_timeout_sec = 900\` to the \`[mcp_servers.${MCP_SERVER_NAME}]\` table it wrote, or env_up can time out at Codex's default 60 s.`,
    ],
  },
  {
    id: 'cursor',
    name: 'Cursor',
    projectFile: '.cursor/mcp.json',
    committed: true,
    userFile: '~/.cursor/mcp.json',
    format: 'json',
    snippet: json({ mcpServers: { [MCP_SERVER_NAME]: { command: MCP_LAUNCH.command, args } } }),
    command: null,
    notes: ['Cursor lists the server under Settings → MCP once the file exists; switch it on there.', 'It starts project servers in the project folder; the server serves that git worktree.'],
  },
  {
    id: 'vscode',
    name: 'VS Code (Copilot agent mode)',
    projectFile: '.vscode/mcp.json',
    committed: false,
    userFile: 'the user mcp.json (command palette: MCP: Open User Configuration)',
    format: 'json',
    snippet: json({ servers: { [MCP_SERVER_NAME]: { type: 'stdio', command: MCP_LAUNCH.command, args } } }),
    command: `code --add-mcp '${JSON.stringify({ name: MCP_SERVER_NAME, command: MCP_LAUNCH.command, args })}'`,
    notes: ['VS Code starts workspace servers in the workspace folder.'],
  },
];

export function mcpClient(id: string): McpClientSetup | undefined {
  return MCP_CLIENTS.find((c) => c.id === id);
}
