import { HarnessError } from '../../../utils/diagnostic.js';
import { CoverageHasher, readRepoFile, writeRepoFile } from '../repo/files.js';
import { headCommit } from '../repo/git.js';
import { coverageOf } from './check-freshness.js';
import { docsOfIndex, readDocs } from './check-structure.js';
import { parseFrontmatter, setFrontmatterFields } from './frontmatter.js';
import { findRow, parseIndexTables, updateIndex } from './index-table.js';
import { prepare, type DocsLintOptions } from './lint.js';
import { scanMarkdown } from './markdown.js';
import { DocWorkspace } from './workspace.js';

export interface VerifyOutcome {
  doc: string;
  date: string;
  commit: string | null;
  hash: string;
  files: number;
  /** Covers globs that match nothing (the lint reports them). */
  unmatched: string[];
  /** Index files whose row for the doc was updated. */
  indexes: string[];
}

/**
 * Records that docs were re-checked against their code: today's date, HEAD and the
 * covered files' content hash go into the frontmatter, and index rows follow.
 */
export async function verifyDocs(root: string, docPaths: readonly string[], options: DocsLintOptions & { now?: Date }): Promise<VerifyOutcome[]> {
  const { config } = await prepare(root, options);
  const ws = new DocWorkspace(root, config);
  const hasher = new CoverageHasher(root);
  const date = (options.now ?? new Date()).toISOString().slice(0, 10);
  const commit = headCommit(root);
  const outcomes: VerifyOutcome[] = [];
  for (const doc of docPaths) {
    const text = readRepoFile(root, doc);
    if (text === null || !doc.startsWith(`${config.docsDir}/`) || !doc.endsWith('.md')) {
      throw new HarnessError({
        what: `${doc} is not a markdown doc under ${config.docsDir}/`,
        why: '`docs verify` records a re-check in the frontmatter of a doc in the knowledge base',
        fix: `pass a path like ${config.docsDir}/design-docs/<name>.md (relative to the current directory)`,
      });
    }
    const fields: Record<string, string> = { verified: date, ...(commit ? { verified_commit: commit } : {}), covers_hash: 'sha256:0000000000000000' };
    let updated = setFrontmatterFields(text, fields);
    const fm = parseFrontmatter(scanMarkdown(updated));
    if (fm.kind !== 'ok') {
      const problems = fm.kind === 'missing' ? ['no frontmatter'] : fm.problems.map((p) => `line ${p.line}: ${p.message}`);
      throw new HarnessError({
        what: `${doc} cannot be verified: ${problems.join('; ')}`,
        why: 'verification records the covered code, which the frontmatter declares',
        fix: `fix the frontmatter (see \`npx harness docs lint\` for each problem), then rerun \`npx harness docs verify ${doc}\``,
        where: doc,
      });
    }
    if (fm.data.generated !== undefined) {
      throw new HarnessError({
        what: `${doc} is generated`,
        why: 'generated docs are checked by regenerating them, not by a person',
        fix: `run \`${fm.data.generated}\` instead`,
        where: doc,
      });
    }
    const coverage = coverageOf(ws, hasher, doc, fm.data.covers);
    updated = setFrontmatterFields(updated, { covers_hash: coverage.hash });
    writeRepoFile(root, doc, updated);
    const indexes: string[] = [];
    const docs = readDocs(ws);
    for (const index of config.indexes) {
      if (!docsOfIndex(docs, index).some(([p]) => p === doc)) continue;
      const indexText = readRepoFile(root, index.file);
      if (indexText === null || !findRow(parseIndexTables(index.file, indexText), doc)) continue;
      const next = updateIndex(index.file, indexText, [{ path: doc, status: fm.data.status, verified: date, title: fm.data.title }]);
      if (next !== indexText) {
        writeRepoFile(root, index.file, next);
        indexes.push(index.file);
      }
    }
    outcomes.push({ doc, date, commit, hash: coverage.hash, files: coverage.files.length, unmatched: coverage.unmatched, indexes });
  }
  return outcomes;
}
