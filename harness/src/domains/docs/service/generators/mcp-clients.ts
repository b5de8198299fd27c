import { MCP_CLIENTS, MCP_LAUNCH, MCP_SERVER_NAME } from '../../../../utils/mcp-clients.js';
import type { GeneratedDoc, GeneratorContext } from '../../types/generator.js';
import { table } from './render.js';

/** docs/generated/mcp-clients.md: how each agent client starts `harness mcp`, from harness/src/utils/mcp-clients.ts. */
export async function mcpClientsReference(ctx: GeneratorContext): Promise<GeneratedDoc> {
  void ctx;
  const launch = `${MCP_LAUNCH.command} ${MCP_LAUNCH.args.join(' ')}`;
  const parts = [
    `Every client starts the same server, \`${launch}\`, under the name \`${MCP_SERVER_NAME}\`. It serves the env of the git worktree it is started in (\`--worktree PATH\` overrides; a client that starts it elsewhere but names roots gets the first root inside a git worktree). \`npx --no\` runs the \`harness\` bin of the nearest node_modules and never installs anything. The tools it serves: [mcp-tools.md](mcp-tools.md); the design: [agent-interfaces.md](../design-docs/agent-interfaces.md).`,
    table(
      ['client', 'project file', 'committed here', 'user-level'],
      MCP_CLIENTS.map((c) => [c.name, `\`${c.projectFile}\``, c.committed ? 'yes' : 'no', c.userFile]),
    ),
    `\`npx harness mcp config <client>\` prints a client's snippet (\`${MCP_CLIENTS.map((c) => c.id).join('`, `')}\`). Options of the server: \`--tools env,telemetry,…\` serves only those groups (a smaller tool list for a small context), \`--max-chars N\` sets where long answers are cut.`,
  ];
  for (const client of MCP_CLIENTS) {
    parts.push(`## ${client.name}`);
    parts.push(`In \`${client.projectFile}\`${client.committed ? ' (this repository commits it)' : ''}, or ${client.userFile}:`);
    parts.push(['```' + client.format, client.snippet.trimEnd(), '```'].join('\n'));
    if (client.command) parts.push(['Or from a terminal at the repository root:', '', '```sh', client.command, '```'].join('\n'));
    parts.push(client.notes.map((n) => `- ${n}`).join('\n'));
  }
  return {
    title: 'MCP client setup',
    owner: 'harness/shell',
    covers: ['harness/src/utils/mcp-clients.ts', 'harness/src/shell/mcp-*.ts'],
    body: parts.join('\n\n'),
  };
}
