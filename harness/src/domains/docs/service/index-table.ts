import { posix } from 'node:path';
import { resolveLink, relativeLink } from './workspace.js';

/**
 * The tables of an index doc (docs/design-docs/index.md and the like): one row per doc,
 * with a link to it, its status and its last verification. Reading and rewriting rows is
 * shared by the lint, `docs verify` and the garden job.
 */

export interface IndexRow {
  /** 0-based line in the index file. */
  lineIndex: number;
  cells: string[];
  /** The repository path the row's first link points to. */
  doc: string | null;
}

export interface IndexTable {
  headerIndex: number;
  /** 0-based line just after the table's last row. */
  endIndex: number;
  columns: string[];
  statusCol: number;
  verifiedCol: number;
  rows: IndexRow[];
}

export interface IndexEntry {
  path: string;
  status: string;
  verified: string;
  title: string;
}

export function splitRow(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim());
}

export function renderRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

const LINK = /\[[^\]]*\]\(([^)\s]+)[^)]*\)/;
const isSeparator = (line: string): boolean => /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line);

/** Tables of the index that have a status column and a "verified" column. */
export function parseIndexTables(indexPath: string, text: string): IndexTable[] {
  const lines = text.split('\n');
  const tables: IndexTable[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const header = lines[i] ?? '';
    if (!header.trim().startsWith('|') || !isSeparator(lines[i + 1] ?? '')) continue;
    const columns = splitRow(header).map((c) => c.toLowerCase());
    const statusCol = columns.indexOf('status');
    const verifiedCol = columns.findIndex((c) => c.includes('verified'));
    let end = i + 2;
    const rows: IndexRow[] = [];
    while (end < lines.length && (lines[end] ?? '').trim().startsWith('|')) {
      const cells = splitRow(lines[end] ?? '');
      const dest = cells.map((c) => LINK.exec(c)?.[1]).find((d) => d !== undefined);
      const target = dest ? resolveLink(indexPath, dest) : null;
      rows.push({ lineIndex: end, cells, doc: target?.kind === 'local' ? target.path : null });
      end++;
    }
    if (statusCol >= 0 && verifiedCol >= 0) tables.push({ headerIndex: i, endIndex: end, columns, statusCol, verifiedCol, rows });
    i = end - 1;
  }
  return tables;
}

/** The cell text without emphasis or code marks. */
export function cellValue(cell: string): string {
  return cell.replace(/[*`_]/g, '').trim();
}

/** Finds the row about `doc`. */
export function findRow(tables: IndexTable[], doc: string): { table: IndexTable; row: IndexRow } | null {
  for (const table of tables) for (const row of table.rows) if (row.doc === doc) return { table, row };
  return null;
}

/**
 * Rewrites the index so that every entry has a row with its status and verification
 * date (adding missing rows at the end of the last table) and rows about `removed`
 * docs are dropped. Other cells and all other text stay as written.
 */
export function updateIndex(indexPath: string, text: string, entries: readonly IndexEntry[], removed: ReadonlySet<string> = new Set()): string {
  const lines = text.split('\n');
  let tables = parseIndexTables(indexPath, text);
  if (tables.length === 0) {
    const at = text.endsWith('\n') ? lines.length - 1 : lines.length;
    lines.splice(at, 0, '', '| doc | status | last verified | summary |', '| --- | --- | --- | --- |');
    tables = parseIndexTables(indexPath, lines.join('\n'));
  }
  const drop = new Set<number>();
  const appended: string[] = [];
  const last = tables[tables.length - 1];
  for (const entry of entries) {
    const found = findRow(tables, entry.path);
    if (found) {
      const cells = [...found.row.cells];
      while (cells.length < found.table.columns.length) cells.push('');
      cells[found.table.statusCol] = entry.status;
      cells[found.table.verifiedCol] = entry.verified;
      const rendered = renderRow(cells);
      if (cellsDiffer(found.row.cells, found.table, entry)) lines[found.row.lineIndex] = rendered;
    } else if (last) {
      const cells = last.columns.map(() => '');
      const linkCol = last.statusCol === 0 || last.verifiedCol === 0 ? last.columns.findIndex((_, k) => k !== last.statusCol && k !== last.verifiedCol) : 0;
      cells[linkCol] = `[${posix.basename(entry.path)}](${relativeLink(indexPath, entry.path)})`;
      cells[last.statusCol] = entry.status;
      cells[last.verifiedCol] = entry.verified;
      const titleCol = cells.findIndex((c, k) => c === '' && k !== linkCol);
      if (titleCol >= 0) cells[titleCol] = entry.title;
      appended.push(renderRow(cells));
    }
  }
  for (const table of tables) for (const row of table.rows) if (row.doc !== null && removed.has(row.doc)) drop.add(row.lineIndex);
  // Rows to drop all sit before the last table's end, so appending there keeps their indices.
  if (last && appended.length > 0) lines.splice(last.endIndex, 0, ...appended);
  return lines.filter((_, i) => !drop.has(i)).join('\n');
}

function cellsDiffer(cells: readonly string[], table: IndexTable, entry: IndexEntry): boolean {
  return cellValue(cells[table.statusCol] ?? '') !== entry.status || cellValue(cells[table.verifiedCol] ?? '') !== entry.verified;
}
