import type { z } from 'zod';
import type { AgentTool, ToolContext } from './agent-tool.js';
import { HarnessError } from './diagnostic.js';
import { printError, printResult, type OutputMode } from './output.js';

/**
 * Runs a tool for a CLI command: validates the input built from the flags with the tool's
 * schema, runs it, prints its text (or the answer as JSON with --json) and sets the exit
 * code (the tool's, or 2 with a Diagnostic when it could not run).
 */
export async function runToolCommand<S extends z.ZodType, A>(
  tool: AgentTool<S, A>,
  input: unknown,
  mode: OutputMode,
  setExitCode: (code: number) => void,
  ctx: ToolContext = { cwd: process.cwd() },
): Promise<void> {
  try {
    const parsed = tool.input.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new HarnessError({ what: `bad input for ${tool.name}: ${issue?.path.join('.') || '(input)'}: ${issue?.message ?? 'invalid'}`, why: 'the command validates its flags', fix: 'see the command help (--help)' });
    }
    const answer = await tool.run(parsed.data, ctx);
    printResult(mode, answer, () => tool.render(answer));
    setExitCode(tool.exitCode(answer));
  } catch (error) {
    setExitCode(printError(mode, error));
  }
}
