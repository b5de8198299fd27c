import type { AttemptFailure } from './types.js';

/** The three parts every user-facing problem carries (harness/src/utils/diagnostic.ts). */
export interface ProvisionDiagnostic {
  what: string;
  why: string;
  fix: string;
  doc?: string;
}

export const PROVISIONING_DOC = 'docs/design-docs/stack-provisioning.md';

/**
 * A binary could not be provisioned. Carries a `diagnostic` the harness CLI prints in its
 * standard format, and the list of ways tried with why each failed.
 */
export class ProvisionError extends Error {
  readonly diagnostic: ProvisionDiagnostic;
  readonly attempts: readonly AttemptFailure[];
  /** Exit code 2: the command could not run as asked. */
  readonly exitCode = 2;

  constructor(diagnostic: ProvisionDiagnostic, attempts: readonly AttemptFailure[] = []) {
    super(diagnostic.what);
    this.name = 'ProvisionError';
    this.diagnostic = diagnostic;
    this.attempts = attempts;
  }
}

const WAY_LABELS: Record<AttemptFailure['way'], string> = {
  explicit: 'explicit path',
  path: 'PATH',
  cache: 'cache',
  tarball: 'release tarball',
  'go-build': 'go build',
};

/** One line per way tried: `- <way>: <why>`. */
export function formatAttempts(attempts: readonly AttemptFailure[], part: 'why' | 'remedy'): string {
  return attempts.map((a) => `\n    - ${WAY_LABELS[a.way]}: ${part === 'why' ? a.why : a.remedy}`).join('');
}
