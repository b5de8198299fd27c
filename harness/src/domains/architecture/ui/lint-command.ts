import { Option, type Command } from 'commander';
import { findWorktreeRoot } from '../../../providers/worktree.js';
import { ExitCode, HarnessError, toDiagnostic } from '../../../utils/diagnostic.js';
import { printError, printResult } from '../../../utils/output.js';
import { numberFlag } from '../../../utils/number-flag.js';
import type { Checker } from '../types/report.js';

interface LintFlags {
  json?: boolean;
  format: 'text' | 'json' | 'sarif';
  baseline?: boolean;
  writeGraph?: boolean;
  printCruiserConfig?: boolean;
  limit: number;
}

const parseLimit = numberFlag('--limit', { min: 0, why: 'it is how many violations the text report lists', example: 20, zeroMeans: 'for all' });

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
    .addOption(new Option('--limit <n>', 'list at most this many violations in text output (0: all)').argParser(parseLimit).default(50))
    .addHelpText('after', '\nExit codes: 0 clean, 1 violations (not in the baseline), 2 could not run as configured.')
    .action(async (flags: LintFlags, command: Command) => {
      const format = flags.json ? 'json' : flags.format;
      const mode = { json: format !== 'text' };
      try {
        if (flags.json && command.getOptionValueSource('format') === 'cli' && flags.format !== 'json') {
          throw new HarnessError({
            what: `--json and --format ${flags.format} ask for two different outputs`,
            why: '--json is short for --format json, and a run prints one report',
            fix: `drop --json to get ${flags.format}, or drop --format ${flags.format} to get JSON`,
          });
        }
        const root = findWorktreeRoot();
        if (flags.printCruiserConfig) {
          const [{ loadArchitecture }, { cruiserConfig }] = await Promise.all([import('../config/architecture-section.js'), import('@agent-harness/lint-rules/index')]);
          const { model } = await loadArchitecture(root);
          process.stdout.write(`${JSON.stringify(cruiserConfig(model), null, 2)}\n`);
          setExitCode(ExitCode.ok);
          return;
        }
        // ESLint, TypeScript and dependency-cruiser load only when lint runs, so that
        // every other harness command (and --print-cruiser-config) starts fast.
        const { ARCHITECTURE_CHECKERS, runLint } = await import('../service/run-lint.js');
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
          printResult(mode, report, () => renderText(report, flags.limit));
        }
        setExitCode(report.ok ? ExitCode.ok : ExitCode.failed);
      } catch (error) {
        if (format !== 'sarif') {
          setExitCode(printError(mode, error));
          return;
        }
        // A scanner reading stdout gets SARIF either way: a run that did not execute, with the reason.
        const code = printError({ json: false }, error);
        const { renderSarifFailure } = await import('./render-sarif.js');
        process.stdout.write(`${JSON.stringify(renderSarifFailure(toDiagnostic(error), program.version() ?? '0.0.0'), null, 2)}\n`);
        setExitCode(code);
      }
    });
}
