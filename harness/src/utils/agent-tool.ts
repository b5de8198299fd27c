import type { z } from 'zod';

/**
 * One tool, written once and served on every surface: the CLI maps its flags onto the
 * input and prints `render(answer)` (or the answer as JSON with --json); the MCP server
 * publishes the input schema as JSON Schema and returns the same text, plus the images
 * the answer points at. Each domain's `ui/` layer exports its tools in this shape.
 */

/** What a tool is told about one call. */
export interface ToolContext {
  /** A directory inside the git worktree whose env the tool serves. */
  cwd: string;
  /** Progress of a long call (env_up): the CLI prints it on stderr, MCP sends progress notifications. */
  progress?: (message: string) => void;
  /**
   * Aborted when the caller gives up (an MCP client cancels the request): a long tool
   * passes it on to what it waits for, so a cancelled env_up or journey_run stops.
   */
  signal?: AbortSignal;
}

/** Hints for clients that ask before running a tool (they map to MCP tool annotations). */
export interface ToolHints {
  /** Only reads: safe to run without asking. */
  readOnly?: boolean;
  /** May delete or overwrite something the user cares about (env data). */
  destructive?: boolean;
  /** Calling it twice with the same input does no more than calling it once. */
  idempotent?: boolean;
  /** May reach past this worktree's env on loopback (a URL the agent chose, code it wrote). */
  openWorld?: boolean;
}

export interface AgentTool<S extends z.ZodType = z.ZodType, A = unknown> {
  /** snake_case, prefixed by its group: env_up, logs_query, browser_click. */
  name: string;
  /** A short human title for client UIs. */
  title: string;
  /** For an agent: what it does, when to use it, what comes back. */
  description: string;
  /** One schema: the CLI validates its flags with it, MCP publishes it as JSON Schema. */
  input: S;
  hints: ToolHints;
  /**
   * Whether this call reads the running env of the worktree. When it does and the env is
   * down, the MCP server answers with the fix (boot it with env_up) without running it.
   */
  needsEnv(input: z.infer<S>): boolean;
  run(input: z.infer<S>, ctx: ToolContext): Promise<A>;
  /** The answer as text shaped for a context window (names the env, says what was cut). */
  render(answer: A): string;
  /** 0 when the answer is a success, 1 when it reports failures (failed budgets, a failed journey). */
  exitCode(answer: A): number;
  /** PNG files the answer points at (screenshots, diff images): MCP sends them as image content. */
  images?(answer: A): string[];
}

/** Any tool, whatever its input and answer (for lists of tools; each is called with its own parsed input). */
export type AnyAgentTool = AgentTool<z.ZodType, unknown>;
