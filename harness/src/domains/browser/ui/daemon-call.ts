import type { z } from 'zod';
import { findWorktreeRoot } from '../../../providers/worktree.js';
import { HarnessError } from '../../../utils/diagnostic.js';
import { envPaths } from '../../env/types/paths.js';
import type { BrowserToolName } from '../types/tools.js';

/** What the client waits beyond the daemon's own deadline: the socket round trip and the answer. */
const CLIENT_MARGIN_MS = 10_000;
/** The daemon adds this to a journey's deadline (collecting its backend spans and logs, stopping a video). */
const JOURNEY_EXTRA_MS = 30_000;
/** Evidence stop's own deadline in the daemon (captures, video, backend lookups, the diff). */
const EVIDENCE_MS = 60_000;
/** An action's default deadline is 10-20 s plus the backend wait; this covers any default. */
const ACTION_MS = 60_000;

/**
 * Calls one browser tool on the env daemon of the worktree around `cwd` and checks the
 * answer against the tool's schema: what the CLI and the MCP tools share. The catalog
 * and the socket client load here, when a tool runs, not when commands are listed.
 */
export async function callBrowserTool(name: BrowserToolName, params: Record<string, unknown>, cwd: string = process.cwd()): Promise<object> {
  const [{ browserTools }, { callDaemon }] = await Promise.all([import('../types/tools.js'), import('../../../providers/daemon-rpc.js')]);
  const spec = browserTools[name];
  // Checked here too, so a bad value is named as the field and flag the caller set.
  const input = spec.params.safeParse(params);
  if (!input.success) throw paramError(name, input.error);
  const root = findWorktreeRoot(cwd);
  const socket = envPaths(root).socket;
  const answer = await callDaemon(socket, spec.method, params, { timeoutMs: await clientTimeoutMs(name, params, root) });
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

/**
 * How long the client waits for the daemon: the tool's own deadline (the one passed, or
 * the tool's default: a journey's from browser.journeyDeadlineMs) plus what the daemon
 * adds to it, plus a margin; so the client never gives up before the daemon does.
 */
export async function clientTimeoutMs(name: BrowserToolName, params: Record<string, unknown>, root: string): Promise<number> {
  const given = typeof params.deadlineMs === 'number' ? params.deadlineMs : undefined;
  if (name === 'journey') return (given ?? (await journeyDeadlineMs(root))) + JOURNEY_EXTRA_MS + CLIENT_MARGIN_MS;
  if (name === 'evidence') return EVIDENCE_MS + CLIENT_MARGIN_MS;
  return Math.max(given ?? ACTION_MS, ACTION_MS) + CLIENT_MARGIN_MS;
}

/** The journey deadline harness.config.ts sets (the daemon uses the same), or its default. */
async function journeyDeadlineMs(root: string): Promise<number> {
  const [{ loadProjectConfig }, { BrowserConfigSchema }] = await Promise.all([import('../../../providers/project-config.js'), import('../config/settings.js')]);
  const fallback = BrowserConfigSchema.parse({}).journeyDeadlineMs;
  try {
    const parsed = BrowserConfigSchema.safeParse((await loadProjectConfig(root)).sections.browser ?? {});
    return parsed.success ? parsed.data.journeyDeadlineMs : fallback;
  } catch {
    // A config the daemon could not load either: the daemon reports it; wait the default.
    return fallback;
  }
}

/** CLI spellings of the params whose flag is not simply the field in kebab case. */
const CLI_NAMES: Record<string, string> = {
  deadlineMs: '--deadline',
  target: 'the TARGET argument (a ref like e12, css:SELECTOR, role:ROLE:NAME or text) or --selector/--role',
  name: 'the NAME argument',
  text: 'the TEXT argument (or --text)',
  key: 'the KEY argument',
  url: 'the URL argument (or --url)',
  fields: 'the TARGET=VALUE arguments',
  values: 'the VALUES arguments',
  files: 'the FILES arguments',
  expression: 'the EXPRESSION argument',
  interactiveOnly: '--interactive',
  failedOnly: '--failed',
  root: '--root / --root-selector',
};

/** A bad param, named as the MCP field and as the CLI flag or argument that sets it. */
export function paramError(tool: BrowserToolName, error: z.ZodError): HarnessError {
  const issue = error.issues[0];
  const path = issue?.path.map(String) ?? [];
  const field = path.length ? path.join('.') : '(params)';
  const top = path[0] ?? '';
  const cli = CLI_NAMES[top] ?? (top ? `--${top.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : 'the arguments');
  return new HarnessError({
    what: `${tool}: ${field} is invalid: ${issue?.message ?? 'bad value'}`,
    why: 'the browser tools check every param before they touch the page',
    fix: `correct ${field} (on the CLI: ${cli}); \`harness ${tool === 'journey' ? 'journey run' : tool === 'evidence' ? 'evidence' : `browser ${tool}`} --help\` shows the shape`,
  });
}

/** A journey that failed makes the command exit 1 (it ran and found a failure). */
export function failedAnswer(name: BrowserToolName, answer: unknown): boolean {
  return name === 'journey' && typeof answer === 'object' && answer !== null && 'passed' in answer && answer.passed === false;
}
