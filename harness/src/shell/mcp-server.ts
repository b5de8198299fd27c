import { Writable } from 'node:stream';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AnyAgentTool } from '../utils/agent-tool.js';
import { carriesDiagnostic, toDiagnostic, type Diagnostic } from '../utils/diagnostic.js';
import { envReadiness, type EnvReadiness } from '../domains/env/runtime/readiness.js';
import { describeTool } from './mcp-catalog.js';
import { answerResult, errorResult, type ResultBudget } from './mcp-results.js';
import { noWorktreeError, worktreeFromRoots } from './mcp-worktree.js';
import { harnessVersion } from './version.js';

/**
 * `harness mcp`: the tools of the domains' `ui/` layers over MCP on stdio. Each call is
 * validated with the tool's own schema, checked against the env when it needs one (a down
 * env answers with the fix, not a failure deep inside), run, and shaped by mcp-results.
 * stdout carries protocol messages only: anything else written there goes to stderr.
 */

export interface McpServeOptions {
  tools: AnyAgentTool[];
  /** The worktree served, or null when only the client's roots can tell (resolved at the first call). */
  worktree: string | null;
  budget: ResultBudget;
}

/** Why the env cannot serve `tool` right now, as a Diagnostic whose fix uses the MCP tools. */
export function envNotReady(tool: string, readiness: EnvReadiness): Diagnostic | null {
  const { id, worktree } = readiness;
  const needs = `${tool} works on this worktree's running env (its app, stores and browser)`;
  switch (readiness.state) {
    case 'ready':
      return null;
    case 'down':
      return { what: `no env is running in ${worktree} (env ${id})`, why: needs, fix: `call env_up to boot it (seconds to a minute), then call ${tool} again` };
    case 'starting':
      return { what: `env ${id} is still starting`, why: `${needs}, and its parts may not answer yet`, fix: `call env_up: it waits for the boot in progress and returns once the env is ready; then call ${tool} again` };
    case 'dead':
      return { what: `the daemon of env ${id} is not running (it died or was killed), so neither are its app and stores`, why: needs, fix: `call env_up: it cleans up what is left and boots the env again; then call ${tool} again` };
    case 'failed':
      return { what: `env ${id} failed to start`, why: needs, fix: 'call env_status to see which part failed and the tail of its log, fix that, then call env_up' };
    case 'stopping':
      return { what: `env ${id} is stopping (env_down is running)`, why: needs, fix: 'wait for env_down to finish, then call env_up' };
  }
}

function instructions(tools: AnyAgentTool[], worktree: string | null): string {
  const has = (name: string): boolean => tools.some((t) => t.name === name);
  const lines = [
    `agent-harness ${harnessVersion()}: tools for the per-worktree env of ${worktree ?? 'the git worktree this server runs in'}: the app with its own logs, metrics and traces stores${has('browser_navigate') ? ' and a headless Chromium' : ''}.`,
    'Start with env_status; if no env runs, env_up boots it. Every failure answers with what is wrong, why, and the fix.',
  ];
  if (has('browser_navigate')) lines.push('Validate a UI fix: env_up → browser_navigate → browser_snapshot → evidence_start → reproduce (browser_click, browser_fill, …; each answer lists the requests, console messages and backend spans and logs it caused) → fix the code → env_restart_app → re-check the same steps → evidence_stop (before/after screenshots, video, summary.md).');
  if (has('logs_query')) lines.push('Investigate: logs_query (LogQL) → traces_get on a trace id → metrics_query (PromQL).');
  if (has('architecture_lint') || has('docs_lint')) lines.push('Before committing: architecture_lint and docs_lint; apply the fix each finding names.');
  lines.push('Long answers are cut with a note saying where the rest is; screenshots come back as images.');
  return lines.join('\n');
}

/** stdout belongs to the protocol: the transport writes through the real stream, everything else lands on stderr. */
function claimStdout(): Writable {
  const write = process.stdout.write.bind(process.stdout);
  const protocol = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      write(chunk, (error?: Error | null) => callback(error ?? null));
    },
  });
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  return protocol;
}

export async function serveMcp(options: McpServeOptions): Promise<number> {
  const byName = new Map(options.tools.map((t) => [t.name, t]));
  const descriptors = options.tools.map(describeTool);
  const server = new Server({ name: 'agent-harness', title: 'agent-harness', version: harnessVersion() }, { capabilities: { tools: {} }, instructions: instructions(options.tools, options.worktree) });
  let worktree: Promise<string | null> | null = options.worktree ? Promise.resolve(options.worktree) : null;

  const resolveWorktree = (): Promise<string | null> => {
    worktree ??= (async () => {
      if (!server.getClientCapabilities()?.roots) return null;
      try {
        return worktreeFromRoots((await server.listRoots()).roots);
      } catch {
        return null;
      }
    })();
    return worktree;
  };

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: descriptors }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const tool = byName.get(request.params.name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `unknown tool ${request.params.name}; tools/list names the ${byName.size} tools this server has`);
    const parsed = tool.input.safeParse(request.params.arguments ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(arguments)'}: ${i.message}`).join('; ');
      return errorResult({ what: `bad arguments for ${tool.name}: ${issues}`, why: 'each tool checks its arguments against its input schema (tools/list)', fix: `call ${tool.name} again with arguments of that schema` });
    }
    const root = await resolveWorktree();
    if (!root) return errorResult(noWorktreeError(process.cwd()).diagnostic);
    try {
      if (tool.needsEnv(parsed.data)) {
        const refusal = envNotReady(tool.name, envReadiness(root));
        if (refusal) return errorResult(refusal);
      }
      const token = request.params._meta?.progressToken;
      let step = 0;
      const progress = token === undefined ? undefined : (message: string): void => void extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: ++step, message } }).catch(() => undefined);
      // extra.signal aborts when the client cancels the request (notifications/cancelled).
      const answer: unknown = await tool.run(parsed.data, { cwd: root, signal: extra.signal, ...(progress ? { progress } : {}) });
      return answerResult(tool, answer, root, options.budget);
    } catch (error) {
      if (process.env.HARNESS_DEBUG && error instanceof Error && !carriesDiagnostic(error)) process.stderr.write(`${error.stack ?? error.message}\n`);
      return errorResult(toDiagnostic(error));
    }
  });

  const transport = new StdioServerTransport(process.stdin, claimStdout());
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  const stop = (): void => void server.close();
  process.stdin.once('end', stop);
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await server.connect(transport);
  await closed;
  return 0;
}
