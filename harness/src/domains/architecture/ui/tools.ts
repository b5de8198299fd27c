import { z } from 'zod';
import { findWorktreeRoot } from '../../../providers/worktree.js';
import type { AgentTool } from '../../../utils/agent-tool.js';
import type { Checker, LintReport } from '../types/report.js';

/**
 * `harness lint` as a tool (utils/agent-tool.ts), served by the MCP server as
 * architecture_lint: the model's checkers plus the ones the shell adds (the docs lint's
 * errors), rendered the way the CLI prints them. ESLint, TypeScript, dependency-cruiser
 * and the renderer load only when it runs, so listing the tools stays fast.
 */

export const ArchitectureLintInputSchema = z.object({
  limit: z.number().int().nonnegative().optional().describe('violations to list (default 50; 0 lists all)'),
});

type RenderText = typeof import('./render-text.js').renderText;
/** Loaded with the lints in `run` (the renderer pulls in the lint-rules package, over a second to load). */
let renderText: RenderText | undefined;

export type ArchitectureLintAnswer = LintReport & { graphWritten: boolean; ms: number; limit: number };

export function architectureLintTool(extraCheckers: readonly Checker[] = []): AgentTool<typeof ArchitectureLintInputSchema, ArchitectureLintAnswer> {
  return {
    name: 'architecture_lint',
    title: 'Lint the architecture',
    description:
      "Check this repository's code against its architecture model (harness.config.ts): layers in each domain (types → config → repo → service → runtime → ui), imports across domains, providers for cross-cutting packages, pure utils, cycles, orphans, layout and naming, and the taste rules (schemas at boundaries, structured logging, file size), plus the docs lint's errors. Use it after changing code, before you commit. Returns each violation with file:line, what is wrong, why, and the exact fix; known ones in the baseline are counted, not listed. Exit status 1 when there are new violations.",
    input: ArchitectureLintInputSchema,
    hints: { readOnly: true, idempotent: true },
    needsEnv: () => false,
    async run(input, ctx) {
      const [{ ARCHITECTURE_CHECKERS, runLint }, renderer] = await Promise.all([import('../service/run-lint.js'), import('./render-text.js')]);
      renderText = renderer.renderText;
      const report = await runLint({ root: findWorktreeRoot(ctx.cwd), checkers: [...ARCHITECTURE_CHECKERS, ...extraCheckers], writeBaseline: false, writeGraph: false });
      return { ...report, limit: input.limit ?? 50 };
    },
    render(answer) {
      if (!renderText) throw new Error('architecture_lint renders only answers its run made');
      return renderText(answer, answer.limit);
    },
    exitCode: (answer) => (answer.ok ? 0 : 1),
  };
}
