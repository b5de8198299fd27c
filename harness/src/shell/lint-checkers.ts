import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Checker } from '../domains/architecture/types/report.js';

/**
 * The checkers `harness lint` runs besides the architecture model's own: the docs lint.
 * Its errors join the same report, baseline and exit code as `docs/<rule>` violations;
 * its warnings (stale docs) stay in `harness docs lint`, which a gardener reads. The
 * knowledge base starts at AGENTS.md: a repository without one has none to check, the
 * report's scope line says the docs lint was skipped, and `harness docs lint` still runs.
 */
export function extraLintCheckers(program: Command): Checker[] {
  return [
    {
      name: 'docs',
      async run({ root }) {
        if (!existsSync(join(root, 'AGENTS.md'))) {
          return { violations: [], scope: 'skipped: no AGENTS.md (run `harness docs lint` to check docs/ anyway)' };
        }
        const { runDocsLint } = await import('../domains/docs/service/lint.js');
        const report = await runDocsLint(root, { program });
        const errors = report.violations.filter((v) => v.severity === 'error');
        const warnings = report.counts.warnings;
        return {
          violations: errors.map((v) => ({
            rule: `docs/${v.rule}`,
            file: v.file,
            line: v.line,
            column: 1,
            message: `${v.what} Why: ${v.why} Fix: ${v.fix} Docs: ${v.doc}`,
          })),
          scope: `${report.stats.markdownFiles} markdown files, ${report.stats.links} links${warnings ? `; ${warnings} warning(s): run \`harness docs lint\`` : ''}`,
        };
      },
    },
  ];
}
