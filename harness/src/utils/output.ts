import { carriesDiagnostic, formatDiagnostic, toDiagnostic, ExitCode, type Diagnostic } from './diagnostic.js';

/** How a command prints: JSON for machines (`--json`), text for people and agents. */
export interface OutputMode {
  json: boolean;
}

/** Writes a command's result: the JSON document, or the text the command shaped. */
export function printResult(mode: OutputMode, data: unknown, text: () => string): void {
  if (mode.json) {
    process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  } else {
    const body = text();
    if (body.length > 0) process.stdout.write(body.endsWith('\n') ? body : `${body}\n`);
  }
}

/** Prints a failure in the chosen mode and returns the exit code to use. */
export function printError(mode: OutputMode, error: unknown): ExitCode {
  const diagnostic: Diagnostic = toDiagnostic(error);
  const exitCode = carriesDiagnostic(error) && error.exitCode === ExitCode.failed ? ExitCode.failed : ExitCode.misconfigured;
  if (mode.json) {
    process.stdout.write(`${JSON.stringify({ ok: false, error: diagnostic }, null, 2)}\n`);
  } else {
    process.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
  }
  if (process.env.HARNESS_DEBUG && error instanceof Error && !carriesDiagnostic(error)) {
    process.stderr.write(`${error.stack ?? ''}\n`);
  }
  return exitCode;
}
