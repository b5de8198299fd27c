import type { Command } from 'commander';
import { ExitCode, HarnessError } from '../utils/diagnostic.js';
import { MCP_CLIENTS, mcpClient } from '../utils/mcp-clients.js';
import { numberFlag } from '../utils/number-flag.js';
import { printError, printResult } from '../utils/output.js';

/**
 * `harness mcp` (the MCP server on stdio), `harness mcp tools` (what it serves) and
 * `harness mcp config <client>` (the setup snippet of an agent client). The server and its
 * catalog load only when one of these runs.
 */

type SetExitCode = (code: number) => void;

function rootOf(cmd: Command): Command {
  let root = cmd;
  while (root.parent) root = root.parent;
  return root;
}

interface ServeFlags {
  worktree?: string;
  tools?: string;
  maxChars?: number;
}

export function register(program: Command, setExitCode: SetExitCode): void {
  const mcp = program
    .command('mcp')
    .description("serve this worktree's env, browser, telemetry and lint tools to an agent client over MCP (stdio)")
    .option('--worktree <path>', 'serve the env of the git worktree containing this path (default: the current directory, then the client\'s first root)')
    .option('--tools <groups>', 'only these tool groups, comma-separated: env, browser, telemetry, architecture, docs (default: all)')
    .option('--max-chars <n>', 'cut longer text answers here, saving the whole answer under .harness/artifacts/mcp/ (default 20000)', numberFlag('--max-chars', { min: 1, why: 'it is where long text answers are cut', example: 20000 }))
    .action(async (flags: ServeFlags, cmd: Command) => {
      try {
        const [{ toolCatalog, parseToolGroups, selectTools }, { serveMcp }, { startupWorktree }, { DEFAULT_BUDGET }] = await Promise.all([
          import('./mcp-catalog.js'),
          import('./mcp-server.js'),
          import('./mcp-worktree.js'),
          import('./mcp-results.js'),
        ]);
        const tools = selectTools(toolCatalog(() => rootOf(cmd)), parseToolGroups(flags.tools));
        const worktree = startupWorktree(flags.worktree);
        setExitCode(await serveMcp({ tools, worktree, budget: { ...DEFAULT_BUDGET, ...(flags.maxChars ? { maxChars: flags.maxChars } : {}) } }));
      } catch (error) {
        // Before the server runs, stdout is still free, but a client reads it as protocol: errors go to stderr.
        setExitCode(printError({ json: false }, error));
      }
    });

  mcp
    .command('tools')
    .description('list the tools `harness mcp` serves, with their descriptions and input schemas')
    .option('--tools <groups>', 'only these tool groups, comma-separated')
    .option('--markdown', 'a markdown reference (docs/generated/mcp-tools.md)')
    .option('--json', 'machine-readable output: the tools/list answer')
    .action(async (flags: { tools?: string; markdown?: boolean; json?: boolean }, cmd: Command) => {
      try {
        const { toolCatalog, parseToolGroups, selectTools, describeTool } = await import('./mcp-catalog.js');
        const { renderToolList, renderToolReference } = await import('./mcp-reference.js');
        // `mcp` declares --tools too, and commander hands the flag to the parent wherever it is written.
        const groups = flags.tools ?? (cmd.parent?.opts<ServeFlags>().tools);
        const tools = selectTools(toolCatalog(() => rootOf(cmd)), parseToolGroups(groups)).map(describeTool);
        printResult({ json: flags.json === true }, { ok: true, tools }, () => (flags.markdown ? renderToolReference(tools) : renderToolList(tools)));
      } catch (error) {
        setExitCode(printError({ json: flags.json === true }, error));
      }
    });

  mcp
    .command('config')
    .description(`print the MCP setup of an agent client for this repository: ${MCP_CLIENTS.map((c) => c.id).join(', ')}`)
    .argument('<client>', MCP_CLIENTS.map((c) => c.id).join(' | '))
    .option('--json', 'machine-readable output')
    .action((id: string, flags: { json?: boolean }) => {
      const client = mcpClient(id);
      if (!client) {
        setExitCode(
          printError(
            { json: flags.json === true },
            new HarnessError({ what: `unknown client "${id}"`, why: 'harness mcp config prints the setup of a known agent client', fix: `use one of: ${MCP_CLIENTS.map((c) => c.id).join(', ')}` }),
          ),
        );
        return;
      }
      // The snippet alone on stdout, so `harness mcp config cursor > .cursor/mcp.json` writes a valid file.
      if (!flags.json) process.stderr.write(`${client.name}: ${client.projectFile} (project) or ${client.userFile}${client.command ? `; or run: ${client.command}` : ''}\n`);
      printResult({ json: flags.json === true }, { ok: true, ...client }, () => client.snippet);
      setExitCode(ExitCode.ok);
    });
}
