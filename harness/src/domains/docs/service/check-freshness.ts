import type { CoverageHasher } from '../repo/files.js';
import {
  commitExists,
  commitsAfterDay,
  commitsSinceCommit,
  coversPathspecs,
  filesChangedSinceCommit,
  filesOfCommits,
} from '../repo/git.js';
import type { Frontmatter } from '../types/frontmatter.js';
import type { DocViolation, StaleDetails } from '../types/violation.js';
import { fieldLine } from './frontmatter.js';
import { frontmatterOf, type DocEntry } from './check-structure.js';
import { violation, type DocWorkspace } from './workspace.js';

export interface Coverage {
  files: string[];
  hash: string;
  unmatched: string[];
}

/** The files a doc covers (never the doc itself) and their content hash. */
export function coverageOf(ws: DocWorkspace, hasher: CoverageHasher, docPath: string, covers: readonly string[]): Coverage {
  const files = new Set<string>();
  const unmatched: string[] = [];
  for (const pattern of covers) {
    const matched = ws.match(pattern).filter((f) => f !== docPath);
    if (matched.length === 0) unmatched.push(pattern);
    for (const f of matched) files.add(f);
  }
  const sorted = [...files].sort();
  return { files: sorted, hash: hasher.hash(sorted), unmatched };
}

/**
 * Whether a doc is stale, and what changed since its verification. With a recorded
 * covers_hash the content decides (a change that was reverted is no change); git
 * history then names the commits. Without one, any commit to covered code after the
 * verification day makes it stale.
 */
export function staleness(root: string, fm: Frontmatter, coverage: Coverage): StaleDetails | null {
  if (fm.covers_hash !== undefined && fm.covers_hash === coverage.hash) return null;
  const pathspecs = coversPathspecs(fm.covers);
  const commit = fm.verified_commit && commitExists(root, fm.verified_commit) ? fm.verified_commit : null;
  const commits = commit ? commitsSinceCommit(root, commit, pathspecs) : commitsAfterDay(root, fm.verified ?? '1970-01-01', pathspecs);
  if (fm.covers_hash === undefined && commits.length === 0) return null;
  const files = commit ? filesChangedSinceCommit(root, commit, pathspecs) : filesOfCommits(root, commits, pathspecs);
  return { verified: fm.verified ?? '', verifiedCommit: commit, commits, files, covers: [...fm.covers] };
}

/** Docs whose covered code changed after they were last verified, and covers that match nothing. */
export function checkFreshness(ws: DocWorkspace, docs: Map<string, DocEntry>, hasher: CoverageHasher): DocViolation[] {
  const violations: DocViolation[] = [];
  for (const [path, entry] of docs) {
    const fm = frontmatterOf(entry);
    if (!fm || fm.generated !== undefined || fm.covers.length === 0) continue;
    const coverage = coverageOf(ws, hasher, path, fm.covers);
    for (const pattern of coverage.unmatched) {
      const moved = /[*?[\]{}]/.test(pattern) ? null : ws.movedTo(pattern);
      violations.push(
        violation(
          'covers-unmatched',
          path,
          fieldLine(entry.md.scanned, 'covers'),
          `${path} covers \`${pattern}\`, which matches no file`,
          moved ? `replace it with \`${moved}\` (git history records the rename)` : 'correct the glob to the code the doc describes, or remove it',
        ),
      );
    }
    if (coverage.files.length === 0) continue;
    const stale = staleness(ws.root, fm, coverage);
    if (!stale) continue;
    violations.push(staleViolation(ws, path, entry, stale));
  }
  return violations;
}

function staleViolation(ws: DocWorkspace, path: string, entry: DocEntry, stale: StaleDetails): DocViolation {
  const since = stale.verifiedCommit ? `${stale.verified} at ${stale.verifiedCommit.slice(0, 7)}` : stale.verified;
  const commits = stale.commits.length;
  const changed = commits > 0 ? `${commits} commit${commits === 1 ? '' : 's'} changed ${stale.files.length} covered file${stale.files.length === 1 ? '' : 's'}` : `${stale.files.length || 'its'} covered files changed (uncommitted)`;
  const quoted = stale.covers.map((c) => `'${c}'`).join(' ');
  const diff = stale.verifiedCommit ? `git diff ${stale.verifiedCommit.slice(0, 7)} -- ${quoted}` : `git log -p --since=${stale.verified}T23:59:59Z -- ${quoted}`;
  return violation(
    'stale-doc',
    path,
    fieldLine(entry.md.scanned, 'verified'),
    `${path} is stale: ${changed} since it was verified (${since})`,
    `check the doc against \`${diff}\`, correct what no longer holds, then run \`npx harness docs verify ${path}\``,
    { severity: ws.config.freshness, stale },
  );
}
