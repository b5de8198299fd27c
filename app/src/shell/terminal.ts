// The app's only direct writes to the terminal. Everything else goes through the
// telemetry logger; these few lines must reach whoever started the process even when no
// telemetry is exported: the one "listening on URL" line on stdout that the harness and
// tests wait for, --help, and a startup failure (what, why, fix) on stderr.
import type { ProblemParts } from '../utils/problem.js';

export function writeStdoutLine(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function writeStderrLine(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** A startup failure in the repository's diagnostic format. */
export function writeDiagnostic(diagnostic: Omit<ProblemParts, 'fields'>): void {
  writeStderrLine(`error: ${diagnostic.what}\n  why: ${diagnostic.why}\n  fix: ${diagnostic.fix}`);
}
