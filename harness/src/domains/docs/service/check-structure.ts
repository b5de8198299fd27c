import { posix } from 'node:path';
import type { Frontmatter } from '../types/frontmatter.js';
import type { DocViolation } from '../types/violation.js';
import { fieldLine, parseFrontmatter, type FrontmatterResult } from './frontmatter.js';
import { cellValue, parseIndexTables, renderRow } from './index-table.js';
import { relativeLink, violation, type DocWorkspace, type MarkdownFile } from './workspace.js';

export interface DocEntry {
  md: MarkdownFile;
  fm: FrontmatterResult;
}

/** Reads the frontmatter of every markdown file under docs/. */
export function readDocs(ws: DocWorkspace): Map<string, DocEntry> {
  const docs = new Map<string, DocEntry>();
  for (const md of ws.docsFiles()) docs.set(md.path, { md, fm: parseFrontmatter(md.scanned) });
  return docs;
}

export function frontmatterOf(entry: DocEntry | undefined): Frontmatter | null {
  return entry?.fm.kind === 'ok' ? entry.fm.data : null;
}

const SPEC_STATUSES = ['draft', 'accepted', 'superseded'];

/** Every doc under docs/ declares title, status, owner, covers and its verification. */
export function checkFrontmatter(ws: DocWorkspace, docs: Map<string, DocEntry>): DocViolation[] {
  const violations: DocViolation[] = [];
  for (const [path, { md, fm }] of docs) {
    if (fm.kind === 'missing') {
      const title = md.scanned.headings[0]?.text ?? posix.basename(path, '.md');
      violations.push(
        violation(
          'frontmatter-missing',
          path,
          1,
          `${path} has no frontmatter`,
          `start the file with:\n---\ntitle: ${title}\nstatus: draft\nowner: <area, e.g. harness/docs>\ncovers: [<globs of the code it describes>]\nverified: <YYYY-MM-DD>\n---\nthen run \`npx harness docs verify ${path}\``,
        ),
      );
      continue;
    }
    if (fm.kind === 'invalid') {
      for (const p of fm.problems) {
        violations.push(violation('frontmatter-invalid', path, p.line, `${path} frontmatter: ${p.message}`, fixFor(p.field, path)));
      }
      continue;
    }
    const inSpecs = ws.config.indexes.some((ix) => path.startsWith(`${ix.folder}/`) && !ix.folder.startsWith(ws.config.execPlansDir));
    if (inSpecs && !SPEC_STATUSES.includes(fm.data.status)) {
      violations.push(
        violation(
          'frontmatter-invalid',
          path,
          fieldLine(md.scanned, 'status'),
          `${path} frontmatter: status \`${fm.data.status}\` is not one of ${SPEC_STATUSES.join(', ')}`,
          'set status to draft (being written), accepted (in force) or superseded (replaced; link its successor)',
        ),
      );
    }
  }
  return violations;
}

function fixFor(field: string | null, path: string): string {
  switch (field) {
    case 'verified':
    case 'verified_commit':
    case 'covers_hash':
      return `run \`npx harness docs verify ${path}\` after checking the doc against its code; it writes these fields`;
    case 'covers':
      return 'list the code the doc describes as YAML globs, e.g. covers: [harness/src/domains/docs/**] (or covers: [] for none)';
    case 'status':
      return 'use one of draft, accepted, superseded (design docs, specs) or active, completed (exec plans)';
    case null:
      return 'fix the YAML between the --- lines (key: value per line)';
    default:
      return `set \`${field}\` in the frontmatter (title, status, owner, covers, verified)`;
  }
}

/** Exec plans live in active/ or completed/ with a matching status, and carry progress and a decision log. */
export function checkExecPlans(ws: DocWorkspace, docs: Map<string, DocEntry>): DocViolation[] {
  const dir = ws.config.execPlansDir;
  const violations: DocViolation[] = [];
  for (const [path, entry] of docs) {
    if (!path.startsWith(`${dir}/`)) continue;
    const rest = path.slice(dir.length + 1);
    const folder = rest.includes('/') ? rest.slice(0, rest.indexOf('/')) : null;
    if (folder === null) {
      if (!ws.config.execPlansExtraFiles.includes(rest)) {
        violations.push(violation('exec-plan-location', path, 1, `exec plan ${path} is outside active/ and completed/`, `git mv ${path} ${dir}/active/${rest} (or completed/ when it is done)`));
      }
      continue;
    }
    // A README.md describes its folder (and keeps an empty active/ in a fresh clone): not a plan.
    if ((folder === 'active' || folder === 'completed') && rest === `${folder}/README.md`) continue;
    if (folder !== 'active' && folder !== 'completed') {
      violations.push(violation('exec-plan-location', path, 1, `exec plan ${path} is in ${folder}/, not active/ or completed/`, `git mv ${path} ${dir}/active/${posix.basename(path)}`));
      continue;
    }
    const fm = frontmatterOf(entry);
    if (fm && fm.status !== folder) {
      const target = fm.status === 'completed' ? 'completed' : 'active';
      violations.push(
        violation(
          'exec-plan-location',
          path,
          fieldLine(entry.md.scanned, 'status'),
          `exec plan ${path} has status \`${fm.status}\` but lives in ${folder}/`,
          target !== folder ? `git mv ${path} ${dir}/${target}/${posix.basename(path)}` : `set status: ${folder}`,
        ),
      );
    }
    const headings = entry.md.scanned.headings.map((h) => h.text.trim().toLowerCase());
    const missing = ['progress', 'decision log'].filter((s) => !headings.includes(s));
    if (missing.length > 0) {
      violations.push(
        violation(
          'exec-plan-sections',
          path,
          1,
          `exec plan ${path} has no ${missing.map((m) => `"## ${m[0]?.toUpperCase()}${m.slice(1)}"`).join(' and no ')} section`,
          `add ${missing.map((m) => `\`## ${m[0]?.toUpperCase()}${m.slice(1)}\``).join(' and ')}: progress as a checklist, decisions as dated lines`,
        ),
      );
    }
  }
  return violations;
}

/** The docs an index must list: markdown under its folder, except the index itself and generated docs. */
export function docsOfIndex(docs: Map<string, DocEntry>, index: { file: string; folder: string }): [string, DocEntry][] {
  return [...docs].filter(([p, e]) => p.startsWith(`${index.folder}/`) && p !== index.file && frontmatterOf(e)?.generated === undefined);
}

/** Each index lists every doc of its folder with the status and verification date the doc declares. */
export function checkIndexes(ws: DocWorkspace, docs: Map<string, DocEntry>): DocViolation[] {
  const violations: DocViolation[] = [];
  for (const index of ws.config.indexes) {
    const members = docsOfIndex(docs, index);
    const indexEntry = docs.get(index.file) ?? (ws.markdownFile(index.file) ? { md: ws.markdownFile(index.file) } : undefined);
    if (!indexEntry?.md) {
      if (members.length > 0) {
        violations.push(
          violation('index-missing-entry', index.file, 1, `${index.file} does not exist but ${index.folder}/ has ${members.length} docs`, `create ${index.file} with a table | doc | status | last verified | summary | (\`npx harness docs garden\` writes it)`),
        );
      }
      continue;
    }
    const tables = parseIndexTables(index.file, indexEntry.md.text);
    if (tables.length === 0) {
      violations.push(violation('index-missing-entry', index.file, 1, `${index.file} has no table with "status" and "last verified" columns`, 'add a table | doc | status | last verified | summary | listing every doc of the folder'));
      continue;
    }
    const lastTable = tables[tables.length - 1];
    const rows = new Map<string, { table: (typeof tables)[number]; row: (typeof tables)[number]['rows'][number] }>();
    for (const table of tables) for (const row of table.rows) if (row.doc !== null && !rows.has(row.doc)) rows.set(row.doc, { table, row });
    for (const [path, entry] of members) {
      const fm = frontmatterOf(entry);
      if (!fm) continue;
      const expected = { status: fm.status, verified: fm.verified ?? '' };
      const found = rows.get(path);
      if (!found) {
        const cells = ['', '', '', ''];
        cells[0] = `[${posix.basename(path)}](${relativeLink(index.file, path)})`;
        violations.push(
          violation(
            'index-missing-entry',
            index.file,
            (lastTable?.endIndex ?? 0) + 1,
            `${index.file} does not list ${path}`,
            `add the row \`${renderRow([cells[0] ?? '', expected.status, expected.verified, fm.title])}\` (\`npx harness docs garden\` adds missing rows)`,
            { subject: path },
          ),
        );
        continue;
      }
      const status = cellValue(found.row.cells[found.table.statusCol] ?? '');
      const verified = cellValue(found.row.cells[found.table.verifiedCol] ?? '');
      if (status !== expected.status || verified !== expected.verified) {
        violations.push(
          violation(
            'index-mismatch',
            index.file,
            found.row.lineIndex + 1,
            `${index.file} shows ${path} as ${status || '(empty)'}, verified ${verified || '(empty)'}; the doc says ${expected.status}, verified ${expected.verified}`,
            `set the row's status to ${expected.status} and last verified to ${expected.verified} (\`npx harness docs garden\` updates index rows)`,
            { subject: path },
          ),
        );
      }
    }
  }
  return violations;
}
