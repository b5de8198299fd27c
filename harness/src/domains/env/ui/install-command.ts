import type { Command } from 'commander';
import type * as Provision from '@agent-harness/observability/provision/index';
import type { ProgressEvent, ResolvedBinary, StoreBinary } from '@agent-harness/observability/provision/index';
import { ExitCode, formatDiagnostic, type Diagnostic } from '../../../utils/diagnostic.js';
import { printError, printResult } from '../../../utils/output.js';

/** One store's outcome. `usable` is true when the store or its fallback can run. */
interface StoreResult {
  name: StoreBinary;
  usable: boolean;
  path?: string;
  version?: string;
  source?: ResolvedBinary['source'];
  fallback?: 'traces bridge';
  error?: Diagnostic;
  /** Each way tried, why it failed and its remedy. */
  attempts?: ReadonlyArray<{ way: string; why: string; remedy: string }>;
}

interface InstallOptions {
  json?: boolean;
  download: boolean;
  goBuild: boolean;
}

/**
 * `harness install`: provisions the pinned VictoriaLogs, VictoriaMetrics and
 * VictoriaTraces binaries ahead of `harness up`, with progress. VictoriaTraces that cannot
 * be had is not fatal: `harness up` runs the traces bridge in its place. The provisioning
 * code loads when the command runs, not when the CLI starts.
 */
export function register(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('install')
    .description('Provision the pinned Victoria binaries (cache, release tarball, or Go build), with progress')
    .option('--json', 'print one JSON result per store')
    .option('--no-download', 'do not download release tarballs')
    .option('--no-go-build', 'do not build from the committed Go modules')
    .action(async (options: InstallOptions) => {
      const mode = { json: Boolean(options.json) };
      try {
        const provision = await import('@agent-harness/observability/provision/index');
        const results: StoreResult[] = [];
        // One at a time: two Go builds at once would share two cores and both be slow.
        for (const name of provision.STORE_BINARIES) results.push(await installOne(provision, name, options, mode.json));
        const ok = results.every((r) => r.usable);
        printResult(mode, { ok, stores: results }, () => renderText(provision.STACK, results));
        setExitCode(ok ? ExitCode.ok : ExitCode.misconfigured);
      } catch (error) {
        setExitCode(printError(mode, error));
      }
    });
}

async function installOne(provision: typeof Provision, name: StoreBinary, options: InstallOptions, quiet: boolean): Promise<StoreResult> {
  const onProgress = quiet ? undefined : progressPrinter();
  try {
    const resolved = await provision.resolveBinary(name, { allowDownload: options.download, allowGoBuild: options.goBuild, onProgress });
    return { name, usable: true, path: resolved.path, version: resolved.version, source: resolved.source };
  } catch (error) {
    if (!(error instanceof provision.ProvisionError)) throw error;
    // The daemon stands the traces bridge in for VictoriaTraces (docs/design-docs/stack-provisioning.md).
    const fallback = name === 'victoria-traces' ? 'traces bridge' : undefined;
    return { name, usable: fallback !== undefined, ...(fallback ? { fallback } : {}), error: error.diagnostic, attempts: error.attempts };
  }
}

/** Human progress on stderr, so stdout keeps only the result. Downloads report each 10 %. */
function progressPrinter(): (event: ProgressEvent) => void {
  let lastTenth = -1;
  return (event) => {
    const say = (text: string): void => void process.stderr.write(`[${event.name}] ${text}\n`);
    switch (event.kind) {
      case 'step':
      case 'warning':
        say(event.kind === 'warning' ? `warning: ${event.message}` : event.message);
        break;
      case 'download': {
        const tenth = event.totalBytes ? Math.floor((10 * event.receivedBytes) / event.totalBytes) : -1;
        if (tenth !== lastTenth) {
          lastTenth = tenth;
          const total = event.totalBytes ? ` of ${mib(event.totalBytes)}` : '';
          say(`downloaded ${mib(event.receivedBytes)}${total}`);
        }
        break;
      }
      case 'go-build':
        if (!event.message.startsWith('go: downloading')) say(`${event.phase === 'modules' ? 'modules' : 'compiling'}: ${event.message}`);
        break;
      case 'done':
        break;
    }
  };
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function renderText(stack: typeof Provision.STACK, results: StoreResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    if (r.usable && r.path) {
      lines.push(`${r.name.padEnd(17)} ${(r.version ?? '').padEnd(9)} ${(r.source ?? '').padEnd(9)} ${r.path}`);
    } else if (r.fallback) {
      lines.push(`${r.name.padEnd(17)} ${stack[r.name].version.padEnd(9)} fallback: ${r.fallback} (spans go to a dedicated VictoriaLogs; LogsQL and the Jaeger API work, Tempo does not)`);
    } else {
      lines.push(`${r.name.padEnd(17)} ${stack[r.name].version.padEnd(9)} not provisioned`);
    }
    if (r.error) lines.push(indent(formatDiagnostic(r.error, r.usable ? 'warning' : 'error')));
  }
  return lines.join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
