/**
 * The problem shape every enforcer reports: what is wrong, why it matters and the exact
 * fix. It mirrors the harness's Diagnostic, which this package cannot import (the harness
 * depends on it), so the harness recognises these errors by their `diagnostic` property.
 */
export interface ModelDiagnostic {
  what: string;
  why: string;
  fix: string;
  doc?: string;
  where?: string;
}

/** Docs page of the model format, named by every misconfiguration. */
export const MODEL_DOC = 'docs/design-docs/architecture-lints.md#the-model';

/** The architecture model is malformed, or does not match the files on disk: exit 2. */
export class ModelError extends Error {
  readonly diagnostic: ModelDiagnostic;
  readonly exitCode = 2;

  constructor(diagnostic: ModelDiagnostic) {
    super(diagnostic.what);
    this.name = 'ModelError';
    this.diagnostic = { doc: MODEL_DOC, ...diagnostic };
  }
}
