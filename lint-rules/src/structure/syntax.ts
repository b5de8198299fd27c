import ts from 'typescript';
import { ModelError } from '../model/errors.js';

/** Where a file stops being valid TypeScript, or null when it parses. */
export interface SyntaxProblem {
  line: number;
  column: number;
  message: string;
}

/**
 * The first syntax error of a source file. Neither engine fails on one by itself:
 * dependency-cruiser's parser tolerates it, and ESLint parses only the files a rule's
 * text test picks, so a broken file would otherwise pass unread. TypeScript's scanner
 * alone (no type checking) costs well under a millisecond per file.
 */
export function syntaxProblem(file: string, text: string): SyntaxProblem | null {
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  // parseDiagnostics is what `tsc` reports as syntax errors; it is not in the public
  // typings, so its absence (another TypeScript) must fail rather than pass everything.
  const diagnostics: unknown = 'parseDiagnostics' in source ? source.parseDiagnostics : undefined;
  if (!Array.isArray(diagnostics)) {
    throw new ModelError({
      what: `TypeScript ${ts.version} gives no syntax errors for ${file}`,
      why: 'the lints cannot tell a broken file from a clean one without them',
      fix: 'install typescript 5.9.x at the repository root (npm install -D typescript@5.9.3)',
    });
  }
  const first: unknown = diagnostics[0];
  if (first === undefined) return null;
  const { start, messageText } = first as ts.Diagnostic;
  const position = source.getLineAndCharacterOfPosition(start ?? 0);
  return { line: position.line + 1, column: position.character + 1, message: ts.flattenDiagnosticMessageText(messageText, ' ') };
}

/** The diagnostic for a file no rule could check because it does not parse. */
export function unparsable(file: string, { line, column, message }: SyntaxProblem, parser = 'TypeScript'): ModelError {
  return new ModelError({
    what: `${parser} could not parse ${file}:${line}:${column}: ${message}`,
    why: 'a file the parser cannot read is a file no rule checked, so the run cannot be called clean',
    fix: `fix the syntax error (npx tsc --noEmit -p . shows it too); if the file is valid TypeScript, check that typescript (5.9.x) and typescript-eslint are installed`,
    where: `${file}:${line}`,
  });
}
