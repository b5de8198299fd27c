import type { Diagnostic } from '../../../utils/diagnostic.js';

/** The doc that explains every rule; each rule has a section whose anchor is its id. */
export const RULES_DOC = 'docs/design-docs/docs-lints.md';

/** Every rule of the docs lint, with the reason it exists (the `why` of its messages). */
export const DOC_RULES = {
  'agents-missing': 'agents start from AGENTS.md; without it nothing tells them where to look',
  'agents-line-budget': 'AGENTS.md is read in full by every agent session, so it must stay a short map, not an encyclopedia',
  'agents-prose': 'AGENTS.md should point to docs, not hold them: long prose there goes stale and crowds the context window',
  'orphan-doc': 'a doc that no link reaches from AGENTS.md is never read by an agent, and silently rots',
  'broken-link': 'a reader (agent or person) following the link lands nowhere and loses the thread',
  'broken-anchor': 'the link lands on the page but not on the section it promised',
  'frontmatter-missing': 'the docs lints read owner, status, covered code and verification date from the frontmatter',
  'frontmatter-invalid': 'the docs lints read owner, status, covered code and verification date from the frontmatter',
  'covers-unmatched': 'a doc that covers code that does not exist can never go stale, so its freshness is never checked',
  'index-missing-entry': 'the index is how readers find docs and see their status and last verification',
  'index-mismatch': 'the index shows a status or verification date the doc itself no longer has',
  'exec-plan-location': 'exec plans live in active/ or completed/ so that in-flight work is found in one place',
  'exec-plan-sections': 'a plan without progress and a decision log cannot be resumed by the next session',
  'stale-doc': 'code the doc describes changed after the doc was last verified, so it may now say something untrue',
  'generated-missing': 'generated docs are the reference agents read; a missing one leaves them guessing',
  'generated-drift': 'a generated doc that no longer matches its source misleads every reader',
  'quality-score-outdated': 'QUALITY_SCORE.md grades a different set of domains and layers than the code has, so its table is out of date',
} as const satisfies Record<string, string>;

export type DocRuleId = keyof typeof DOC_RULES;
export const DOC_RULE_IDS = Object.keys(DOC_RULES) as DocRuleId[];

/** The doc link of a rule: its section in the rules doc. */
export function ruleDoc(rule: DocRuleId): string {
  return `${RULES_DOC}#${rule}`;
}

/** A commit that touched a doc's covered code. */
export interface CoveredCommit {
  sha: string;
  date: string;
  subject: string;
}

/** What changed in a doc's covered code since it was last verified. */
export interface StaleDetails {
  /** The doc's last verification: date and, when recorded, the commit. */
  verified: string;
  verifiedCommit: string | null;
  commits: CoveredCommit[];
  /** Covered files changed since, with git's status letter (A, M, D, R…). */
  files: { path: string; status: string }[];
  /** The covers globs, for `git diff` commands. */
  covers: string[];
}

/** One finding of the docs lint, in the shape every harness lint reports. */
export interface DocViolation extends Diagnostic {
  rule: DocRuleId;
  severity: 'error' | 'warning';
  /** Repository-relative path (posix) of the file the finding is in. */
  file: string;
  /** 1-based line; 1 for findings about a whole file. */
  line: number;
  where: string;
  doc: string;
  /** broken-link: the destination as written, and where the target moved (repo-relative). */
  link?: string;
  movedTo?: string;
  /** stale-doc: the changes since the last verification. */
  stale?: StaleDetails;
  /** index-*: the doc the index row is about. */
  subject?: string;
}

/** What `harness docs lint` (and `harness lint`) gets back from the checker. */
export interface DocsLintReport {
  ok: boolean;
  root: string;
  violations: DocViolation[];
  counts: { errors: number; warnings: number };
  stats: { markdownFiles: number; docs: number; links: number; generated: number; durationMs: number };
}
