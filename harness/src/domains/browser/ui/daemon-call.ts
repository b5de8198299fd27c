import { findWorktreeRoot } from '../../../providers/worktree.js';
import { HarnessError } from '../../../utils/diagnostic.js';
import { envPaths } from '../../env/types/paths.js';
import type { BrowserToolName } from '../types/tools.js';

/**
 * Calls one browser tool on the env daemon of the worktree around `cwd` and checks the
 * answer against the tool's schema: what the CLI and the MCP tools share. The catalog
 * and the socket client load here, when a tool runs, not when commands are listed.
 */
export async function callBrowserTool(name: BrowserToolName, params: Record<string, unknown>, cwd: string = process.cwd()): Promise<object> {
  const [{ browserTools }, { callDaemon }] = await Promise.all([import('../types/tools.js'), import('../../../providers/daemon-rpc.js')]);
  const spec = browserTools[name];
  const socket = envPaths(findWorktreeRoot(cwd)).socket;
  const deadline = typeof params.deadlineMs === 'number' ? params.deadlineMs : undefined;
  const answer = await callDaemon(socket, spec.method, params, { timeoutMs: (deadline ?? 60_000) + 10_000 });
  const parsed = spec.result.safeParse(answer);
  if (!parsed.success) {
    throw new HarnessError({
      what: `the env daemon answered ${spec.method} in an unexpected shape (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''})`,
      why: 'the daemon runs code from an older or newer build than this CLI',
      fix: 'run `npm run build`, then `harness down` and `harness up` to restart the daemon',
    });
  }
  const data: unknown = parsed.data;
  // Every answer schema is an object; this narrows the type for the callers.
  if (typeof data !== 'object' || data === null) throw new Error(`${spec.method} answered a non-object`);
  return data;
}

/** A journey that failed makes the command exit 1 (it ran and found a failure). */
export function failedAnswer(name: BrowserToolName, answer: unknown): boolean {
  return name === 'journey' && typeof answer === 'object' && answer !== null && 'passed' in answer && answer.passed === false;
}
