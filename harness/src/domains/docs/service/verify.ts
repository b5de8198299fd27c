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
  const docs = readDocs(ws);
  // Every doc is checked before anything is written, so a bad path loses nothing.
  const planned = docPaths.map((doc) => {
    // The workspace has read every markdown file already (and reads others on demand).
    const text = ws.markdownFile(doc)?.text ?? null;
    if (text === null || !doc.startsWith(`${config.docsDir}/`) || !doc.endsWith('.md')) {
      throw new HarnessError({
        what: `${doc} is not a markdown doc under ${config.docsDir}/`,
        why: '`docs verify` records a re-check in the frontmatter of a doc in the knowledge base',
        fix: `pass a path like ${config.docsDir}/design-docs/<name>.md (relative to the current directory)`,
      });
    }
    const fields: Record<string, string> = { verified: date, ...(commit ? { verified_commit: commit } : {}), covers_hash: 'sha256:0000000000000000' };
    const draft = setFrontmatterFields(text, fields);
    const fm = parseFrontmatter(scanMarkdown(draft));
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
    // A doc about no code records only the date: there is nothing to hash or diff against.
    const recorded = fm.data.covers.length > 0 ? setFrontmatterFields(draft, { covers_hash: coverage.hash }) : setFrontmatterFields(text, { verified: date });
    return { doc, fm: fm.data, coverage, text: recorded };
  });
  const outcomes: VerifyOutcome[] = planned.map(({ doc, coverage, text }) => {
    writeRepoFile(root, doc, text);
    return { doc, date, commit, hash: coverage.hash, files: coverage.files.length, unmatched: coverage.unmatched, indexes: [] };
  });
  for (const index of config.indexes) {
    const indexText = readRepoFile(root, index.file);
    if (indexText === null) continue;
    const members = new Set(docsOfIndex(docs, index).map(([p]) => p));
    const tables = parseIndexTables(index.file, indexText);
    const listed = planned.filter((p) => members.has(p.doc) && findRow(tables, p.doc));
    const next = updateIndex(index.file, indexText, listed.map((p) => ({ path: p.doc, status: p.fm.status, verified: date, title: p.fm.title })));
    if (next === indexText) continue;
    writeRepoFile(root, index.file, next);
    for (const outcome of outcomes) if (listed.some((p) => p.doc === outcome.doc)) outcome.indexes.push(index.file);
  }
  return outcomes;
}
