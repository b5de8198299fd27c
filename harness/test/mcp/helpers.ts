import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { bin } from '../support/cli.js';

/** Helpers of the MCP tests: a repo that boots the reference app, the real server over stdio, the real CLI. */

export { bin, harness } from '../support/cli.js';
export const repoRoot = realpathSync(fileURLToPath(new URL('../../../', import.meta.url)));
const appMain = join(repoRoot, 'app/dist/shell/main.js');

/** harness.config.ts of a temp repo: this repository's reference app and its journeys, with a budget that fails once a task exists. */
export const referenceConfig = `export default {
  app: {
    name: 'reference-app',
    command: ['node', ${JSON.stringify(appMain)}, '--port', '{ports.http}', '--data-dir', '{dataDir}'],
    ports: { http: 'PORT' },
    health: { path: '/healthz', timeout: '30s' },
    otel: { preload: false, exportInterval: '1s' },
  },
  browser: { journeys: ${JSON.stringify(join(repoRoot, 'app/journeys'))} },
  budgets: [
    { name: 'no ERROR log', logs: '{service_name="reference-app"} | severity="ERROR"' },
    { name: 'no task created', promql: 'sum(tasks_created_total)', max: 0 },
  ],
};
`;

/** A fresh git repo in a short temp path whose env is the reference app. */
export function makeReferenceRepo(prefix = 'hx-mcp-'): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  writeFileSync(join(dir, 'harness.config.ts'), referenceConfig);
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  return dir;
}

export interface McpSession {
  client: Client;
  /** What the server wrote on stderr so far. */
  stderr(): string;
  /** Errors the client met reading the server's stdout (anything that is not a protocol message). */
  protocolErrors: Error[];
  close(): Promise<void>;
}

/** Starts `harness mcp` as an agent client does (a child process on stdio) and connects the SDK's client. */
export async function startMcp(options: { cwd: string; args?: string[]; command?: string; commandArgs?: string[]; env?: Record<string, string>; roots?: string[] }): Promise<McpSession> {
  const transport = new StdioClientTransport({
    command: options.command ?? process.execPath,
    args: options.commandArgs ?? [bin, 'mcp', ...(options.args ?? [])],
    cwd: options.cwd,
    env: { ...(process.env as Record<string, string>), ...options.env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const client = new Client({ name: 'harness-test', version: '1.0.0' }, { capabilities: options.roots ? { roots: {} } : {} });
  if (options.roots) {
    const { ListRootsRequestSchema } = await import('@modelcontextprotocol/sdk/types.js');
    const roots = options.roots;
    client.setRequestHandler(ListRootsRequestSchema, () => ({ roots: roots.map((r) => ({ uri: `file://${r}`, name: r })) }));
  }
  const protocolErrors: Error[] = [];
  client.onerror = (error) => protocolErrors.push(error);
  await client.connect(transport);
  return { client, stderr: () => stderr, protocolErrors, close: () => client.close() };
}

/** The text of a tool result (its text blocks joined). */
export function textOf(result: unknown): string {
  return (result as CallToolResult).content
    .filter((c) => c.type === 'text')
    .map((c) => (c as { text: string }).text)
    .join('\n');
}

export async function call(session: McpSession, name: string, args: Record<string, unknown> = {}, onProgress?: (message: string) => void): Promise<CallToolResult> {
  const result = await session.client.callTool({ name, arguments: args }, undefined, {
    timeout: 600_000,
    ...(onProgress ? { onprogress: (p: { message?: string }) => onProgress(p.message ?? ''), resetTimeoutOnProgress: true } : {}),
  });
  return result as CallToolResult;
}
