import { relative, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { findWorktreeRoot } from '../../../providers/worktree.js';
import { ExitCode } from '../../../utils/diagnostic.js';
import { numberFlag } from '../../../utils/number-flag.js';
import { printResult } from '../../../utils/output.js';

type SetExitCode = (code: number) => void;

/** The root command, whose tree the CLI reference documents. */
function rootOf(cmd: Command): Command {
  let root = cmd;
  while (root.parent) root = root.parent;
  return root;
}

function repoPath(root: string, path: string): string {
  return relative(root, resolve(process.cwd(), path)).split('\\').join('/');
}

function limitOption(): Option {
  return new Option('--limit <n>', 'findings shown in text output, 0 for all')
    .default(30)
    .argParser(numberFlag('--limit', { min: 0, why: 'it is how many findings the text report shows (0 for all); guessing would hide or flood findings', example: 50, zeroMeans: 'to show every finding' }));
}

/**
 * `harness docs …`: lint, verify, generate, garden. Only the command names and options
 * are declared here; the checks, their parsers (markdown, YAML) and the config schema
 * load when a command runs, so other commands do not pay for them at start-up. (The
 * config reference generator imports the section schemas it documents itself.)
 */
export function register(program: Command, setExitCode: SetExitCode): void {
  const docs = program.command('docs').description('The docs knowledge base: structure and freshness lints, generated docs, the gardening job.');

  docs
    .command('lint')
    .description('Check AGENTS.md, links and anchors, orphans, frontmatter, indexes, exec plans, freshness and generated docs.')
    .option('--json', 'print the report as JSON (same as --format json)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .addOption(limitOption())
    .action(async (opts: { json?: boolean; format: string; limit: number }, cmd: Command) => {
      const format = opts.json ? 'json' : opts.format;
      if (format !== 'sarif') {
        // Text and JSON: the docs_lint tool the MCP server serves, run as is.
        const [{ docsLintTool }, { runToolCommand }] = await Promise.all([import('./tools.js'), import('../../../utils/run-tool.js')]);
        await runToolCommand(docsLintTool(() => rootOf(cmd)), { limit: opts.limit }, { json: format === 'json' }, setExitCode);
        return;
      }
      const root = findWorktreeRoot();
      const { runDocsLint } = await import('../service/lint.js');
      const report = await runDocsLint(root, { program: rootOf(cmd) });
      const { toSarif } = await import('./sarif.js');
      const { browseBaseUri } = await import('../repo/git.js');
      printResult({ json: true }, toSarif(report, program.version() ?? '0.0.0', browseBaseUri(root)), () => '');
      setExitCode(report.ok ? ExitCode.ok : ExitCode.failed);
    });

  docs
    .command('verify')
    .description("Record that docs were re-checked against their code: today's date, HEAD and the covered files' hash.")
    .argument('<docs...>', 'doc paths, e.g. docs/design-docs/docs-lints.md')
    .option('--json', 'print the outcome as JSON')
    .action(async (paths: string[], opts: { json?: boolean }, cmd: Command) => {
      const { verifyDocs } = await import('../service/verify.js');
      const root = findWorktreeRoot();
      const outcomes = await verifyDocs(
        root,
        paths.map((p) => repoPath(root, p)),
        { program: rootOf(cmd) },
      );
      printResult({ json: !!opts.json }, { ok: true, verified: outcomes }, () =>
        outcomes
          .map((o) => {
            const at = o.commit ? ` at ${o.commit.slice(0, 7)}` : '';
            const extra = [o.indexes.length > 0 ? `index updated: ${o.indexes.join(', ')}` : '', o.unmatched.length > 0 ? `warning: covers matching no file: ${o.unmatched.join(', ')}` : '']
              .filter(Boolean)
              .map((l) => `\n  ${l}`)
              .join('');
            return `verified ${o.doc} on ${o.date}${at}: ${o.files} covered files, ${o.hash}${extra}`;
          })
          .join('\n'),
      );
      setExitCode(ExitCode.ok);
    });

  docs
    .command('generate')
    .description('Regenerate generated docs (all, or the given outputs).')
    .argument('[outputs...]', 'generated doc paths, e.g. docs/generated/cli.md')
    .option('--check', 'write nothing; exit 1 when a generated doc is out of date')
    .option('--json', 'print the outcome as JSON')
    .action(async (outputs: string[], opts: { check?: boolean; json?: boolean }, cmd: Command) => {
      const { generateDocs } = await import('../service/generate.js');
      const root = findWorktreeRoot();
      const results = await generateDocs(
        root,
        outputs.map((o) => repoPath(root, o)),
        { program: rootOf(cmd), check: !!opts.check },
      );
      const failed = results.some((r) => r.status === 'failed' || r.status === 'stale');
      printResult({ json: !!opts.json }, { ok: !failed, results }, () => results.map((r) => `${r.status.padEnd(9)} ${r.output}${r.error ? `: ${r.error}` : ''}`).join('\n'));
      setExitCode(failed ? ExitCode.failed : ExitCode.ok);
    });

  docs
    .command('garden')
    .description(
      'The recurring doc-gardening job: fix what is mechanical (generated docs, moved links, indexes, QUALITY_SCORE.md) on a new branch, write a task per stale doc, run $HARNESS_GARDEN_AGENT on each, open a PR (gh) or write a patch.',
    )
    .option('--dry-run', 'show everything the job would do and write nothing')
    .option('--test-report <file>', 'a vitest JSON report for the quality score (default: docs.testReport)')
    .option('--json', 'print the outcome as JSON')
    .action(async (opts: { dryRun?: boolean; testReport?: string; json?: boolean }, cmd: Command) => {
      const { runGarden } = await import('../runtime/garden.js');
      const { formatGarden } = await import('./format.js');
      const root = findWorktreeRoot();
      const result = await runGarden(root, { program: rootOf(cmd), dryRun: !!opts.dryRun, testReport: opts.testReport ? repoPath(root, opts.testReport) : undefined });
      printResult({ json: !!opts.json }, result, () => formatGarden(result));
      setExitCode(result.plan.unfixable > 0 ? ExitCode.failed : ExitCode.ok);
    });
}
