import { Option, type Command } from 'commander';
import { findWorktreeRoot } from '../../../providers/worktree.js';
import { ExitCode } from '../../../utils/diagnostic.js';
import { printError, printResult } from '../../../utils/output.js';
import type { Checker } from '../types/report.js';

interface LintFlags {
  json?: boolean;
  format: 'text' | 'json' | 'sarif';
  baseline?: boolean;
  writeGraph?: boolean;
  printCruiserConfig?: boolean;
  limit: string;
}

/**
 * `harness lint`: the architecture and taste lints of the model in harness.config.ts.
 * `extraCheckers` is the seam for other domains' lints (the docs lint): the shell passes
 * them in, and their violations join the same report, baseline and exit code. It shares
 * runLint and renderText with the architecture_lint tool (ui/tools.ts) but does not run
 * that tool: --baseline, --write-graph, --print-cruiser-config and SARIF are CLI-only.
 */
export function register(program: Command, setExitCode: (code: number) => void, extraCheckers: readonly Checker[] = []): void {
  program
    .command('lint')
    .description('check the architecture model: layers, domains, providers, taste invariants, cycles, layout')
    .option('--json', 'print the report as JSON (same as --format json)')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json', 'sarif']).default('text'))
    .option('--baseline', 'record today’s violations in the baseline file, or shrink it to those still present (it never grows)')
    .option('--write-graph', 'regenerate the architecture graph doc (docs/generated/architecture.md) before linting')
    .option('--print-cruiser-config', 'print the dependency-cruiser config generated from the model, and exit')
    .option('--limit <n>', 'list at most this many violations in text output (0: all)', '50')
    .addHelpText('after', '\nExit codes: 0 clean, 1 violations (not in the baseline), 2 could not run as configured.')
    .action(async (flags: LintFlags) => {
      const format = flags.json ? 'json' : flags.format;
      const mode = { json: format !== 'text' };
      try {
        const root = findWorktreeRoot();
        // ESLint, TypeScript and dependency-cruiser load only when lint runs, so that
        // every other harness command starts fast.
        const { ARCHITECTURE_CHECKERS, runLint } = await import('../service/run-lint.js');
        if (flags.printCruiserConfig) {
          const [{ loadArchitecture }, { cruiserConfig }] = await Promise.all([import('../config/architecture-section.js'), import('@agent-harness/lint-rules/index')]);
          const { model } = await loadArchitecture(root);
          process.stdout.write(`${JSON.stringify(cruiserConfig(model), null, 2)}\n`);
          setExitCode(ExitCode.ok);
          return;
        }
        const report = await runLint({
          root,
          checkers: [...ARCHITECTURE_CHECKERS, ...extraCheckers],
          writeBaseline: flags.baseline === true,
          writeGraph: flags.writeGraph === true,
        });
        const [{ renderSarif }, { renderText }] = await Promise.all([import('./render-sarif.js'), import('./render-text.js')]);
        if (format === 'sarif') {
          process.stdout.write(`${JSON.stringify(renderSarif(report, program.version() ?? '0.0.0'), null, 2)}\n`);
        } else {
          const limit = Number.parseInt(flags.limit, 10);
          printResult(mode, report, () => renderText(report, Number.isFinite(limit) && limit >= 0 ? limit : 50));
        }
        setExitCode(report.ok ? ExitCode.ok : ExitCode.failed);
      } catch (error) {
        setExitCode(printError(mode, error));
      }
    });
}
