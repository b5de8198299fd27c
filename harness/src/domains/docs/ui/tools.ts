import type { Command } from 'commander';
import { z } from 'zod';
import { findWorktreeRoot } from '../../../providers/worktree.js';
import type { AgentTool } from '../../../utils/agent-tool.js';
import type { DocsLintReport } from '../types/violation.js';
import { formatReport } from './format.js';

/**
 * The docs tools (utils/agent-tool.ts): `harness docs lint` runs docs_lint for text and
 * JSON output (SARIF is CLI-only), and the MCP server serves it. The lint needs the CLI's
 * command tree (it regenerates the CLI reference to compare), so the tool is made for a
 * given program.
 */

export const DocsLintInputSchema = z.object({
  limit: z.number().int().nonnegative().optional().describe('findings to show, grouped by rule (default 30; 0 shows all)'),
});

export type DocsLintAnswer = DocsLintReport & { limit: number };

export function docsLintTool(program: () => Command): AgentTool<typeof DocsLintInputSchema, DocsLintAnswer> {
  return {
    name: 'docs_lint',
    title: 'Lint the docs',
    description:
      "Check this repository's knowledge base: AGENTS.md as a short map, links and anchors, orphan docs, frontmatter, indexes, exec plans, freshness of docs against the code they cover, and generated docs. Use it after changing code or docs, before you commit. Returns each finding grouped by rule with what is wrong, why, and the exact fix (a command or an edit); exit status 1 when it found errors.",
    input: DocsLintInputSchema,
    hints: { readOnly: true, idempotent: true },
    needsEnv: () => false,
    async run(input, ctx) {
      const { runDocsLint } = await import('../service/lint.js');
      const report = await runDocsLint(findWorktreeRoot(ctx.cwd), { program: program() });
      return { ...report, limit: input.limit ?? 30 };
    },
    render: (answer) => formatReport(answer, answer.limit),
    exitCode: (answer) => (answer.ok ? 0 : 1),
  };
}
