import { posix } from 'node:path';
import { readRepoFile } from '../repo/files.js';
import { readSarifFindings, readVitestReport } from '../repo/reports.js';
import type { FileChange, GardenPlan, GardenTask } from '../types/garden.js';
import type { DocViolation } from '../types/violation.js';
import { coverageOf } from './check-freshness.js';
import { reachableFromAgents } from './check-map.js';
import { docsOfIndex, frontmatterOf } from './check-structure.js';
import { docSlug, renderTask } from './garden-tasks.js';
import { parseIndexTables, updateIndex, type IndexEntry } from './index-table.js';
import type { DocsAnalysis } from './lint.js';
import { QUALITY_SCORE_PATH, renderQualityScore, scoreLayers } from './quality-score.js';
import { relativeLink, resolveLink } from './workspace.js';

export interface PlanInputs {
  today: string;
  /** The branch the garden branch starts from (shown in the plan and used as the PR base). */
  base: string;
  branchTaken: (name: string) => boolean;
  /** The branch to use (the job's open pull request's), instead of a new docs-garden/<date>. */
  branch?: string;
  /** A vitest JSON report to read instead of the configured one. */
  testReport?: string;
}

/** Rules whose violations the garden job fixes by itself (or hands over as a task). */
const HANDLED = new Set(['generated-drift', 'generated-missing', 'index-missing-entry', 'index-mismatch', 'stale-doc']);

/** Computes every change the garden job would make, writing nothing. */
export function planGarden(analysis: DocsAnalysis, inputs: PlanInputs): GardenPlan {
  const { report, ws, config } = analysis;
  const changes = new Map<string, FileChange>();
  const current = (path: string): string | null => (changes.has(path) ? (changes.get(path)?.content ?? null) : readRepoFile(ws.root, path));
  const put = (path: string, content: string, kind: FileChange['kind'], reason: string): void => {
    const prior = changes.get(path);
    changes.set(path, { path, content, kind: prior?.kind ?? kind, reason: prior ? `${prior.reason}; ${reason}` : reason });
  };

  for (const file of analysis.generated) {
    if (file.expected !== null && file.expected !== file.actual) {
      put(file.generator.output, file.expected, 'generated', file.actual === null ? 'generated doc was missing' : 'regenerated: out of date with its source');
    }
  }

  for (const v of report.violations) {
    if (v.rule !== 'broken-link' || !v.movedTo || !v.link) continue;
    const text = current(v.file);
    if (text === null) continue;
    const anchor = v.link.includes('#') ? v.link.slice(v.link.indexOf('#')) : '';
    const repaired = repairLink(text, v.line, v.link, relativeLink(v.file, v.movedTo) + anchor);
    if (repaired !== text) put(v.file, repaired, 'link-repair', `link \`${v.link}\` → \`${relativeLink(v.file, v.movedTo) + anchor}\` (line ${v.line})`);
  }

  const tasks: GardenTask[] = [];
  const activeDir = `${config.execPlansDir}/active`;
  for (const v of report.violations) {
    if (v.rule !== 'stale-doc' || !v.stale) continue;
    const slug = docSlug(v.file, config.docsDir);
    const existing = ws.files.find((f) => f.startsWith(`${activeDir}/`) && f.endsWith(`-refresh-${slug}.md`));
    if (existing) {
      tasks.push({ doc: v.file, path: existing, existing: true });
      continue;
    }
    const path = `${activeDir}/${inputs.today}-refresh-${slug}.md`;
    const fm = frontmatterOf(analysis.docs.get(v.file));
    put(path, renderTask(path, v.file, fm?.owner ?? 'docs', fm?.title ?? v.file, v.stale, inputs.today), 'task', `re-verification task for ${v.file}`);
    tasks.push({ doc: v.file, path, existing: false });
  }

  const removedRows = new Set<string>();
  for (const index of config.indexes) {
    const entries: IndexEntry[] = [];
    for (const [path, entry] of docsOfIndex(analysis.docs, index)) {
      const fm = frontmatterOf(entry);
      if (fm) entries.push({ path, status: fm.status, verified: fm.verified ?? '', title: fm.title });
    }
    for (const task of tasks) {
      if (!task.existing && task.path.startsWith(`${index.folder}/`)) entries.push({ path: task.path, status: 'active', verified: inputs.today, title: `Re-verify ${task.doc}` });
    }
    const text = current(index.file);
    if (text === null && entries.length === 0) continue;
    const base = text ?? newIndex(index.folder, inputs.today);
    const gone = new Set<string>();
    for (const table of parseIndexTables(index.file, base)) {
      for (const row of table.rows) {
        if (row.doc === null || ws.exists(row.doc) || changes.has(row.doc)) continue;
        gone.add(row.doc);
        removedRows.add(`${index.file}:${row.lineIndex + 1}`);
      }
    }
    const updated = updateIndex(index.file, base, entries, gone);
    if (updated !== text) put(index.file, updated, 'index', text === null ? 'index created' : `rows added or updated${gone.size > 0 ? `, ${gone.size} removed (doc deleted)` : ''}`);
  }

  const coverage = new Map<string, string[]>();
  for (const [path, entry] of analysis.docs) {
    const fm = frontmatterOf(entry);
    if (fm && fm.generated === undefined && fm.covers.length > 0) coverage.set(path, coverageOf(ws, analysis.hasher, path, fm.covers).files);
  }
  const scores = scoreLayers({
    files: ws.files,
    coverage,
    staleDocs: new Set(report.violations.filter((v) => v.rule === 'stale-doc').map((v) => v.file)),
    lintFindings: readSarifFindings(ws.root, config.lintReports),
    tests: readVitestReport(ws.root, inputs.testReport ?? config.testReport),
  });
  const score = renderQualityScore(current(QUALITY_SCORE_PATH), scores, inputs.today);
  if (score !== null) put(QUALITY_SCORE_PATH, score, 'quality-score', 'grades recomputed');
  const agents = current(config.agentsFile);
  if (score !== null && agents !== null && !reachableFromAgents(ws).has(QUALITY_SCORE_PATH)) {
    const line = `- Quality score per domain and layer: [${QUALITY_SCORE_PATH}](${relativeLink(config.agentsFile, QUALITY_SCORE_PATH)})`;
    put(config.agentsFile, `${agents.replace(/\n*$/, '\n')}${line}\n`, 'index', `link ${QUALITY_SCORE_PATH}`);
  }

  let branch = inputs.branch ?? `docs-garden/${inputs.today}`;
  for (let n = 2; inputs.branch === undefined && inputs.branchTaken(branch); n++) branch = `docs-garden/${inputs.today}-${n}`;
  const list = [...changes.values()];
  return {
    report,
    changes: list,
    tasks,
    branch,
    base: inputs.base,
    commitMessage: commitMessage(list, tasks),
    unfixable: report.violations.filter(
      (v) =>
        v.severity === 'error' &&
        !HANDLED.has(v.rule) &&
        !(v.rule === 'broken-link' && (v.movedTo || removedRows.has(v.where) || createdBy(changes, v))) &&
        !isIndexOrphan(v, changes),
    ).length,
  };
}

/** A broken link to a file the job creates (a generated doc, an index) is fixed by it. */
function createdBy(changes: Map<string, FileChange>, v: DocViolation): boolean {
  const target = v.link ? resolveLink(v.file, v.link) : null;
  return target?.kind === 'local' && changes.get(target.path)?.content != null;
}

/** Orphans in a folder whose index the job rewrites are fixed by the new rows. */
function isIndexOrphan(v: DocViolation, changes: Map<string, FileChange>): boolean {
  return v.rule === 'orphan-doc' && [...changes.values()].some((c) => c.kind === 'index' && v.file.startsWith(`${posix.dirname(c.path)}/`));
}

/** Replaces the destination `from` with `to` on one line (inline links, definitions, HTML). */
export function repairLink(text: string, line: number, from: string, to: string): string {
  const lines = text.split('\n');
  const original = lines[line - 1];
  if (original === undefined) return text;
  const forms: [string, string][] = [
    [`](${from})`, `](${to})`],
    [`](${from} `, `](${to} `],
    [`](<${from}>`, `](<${to}>`],
    [`]: ${from}`, `]: ${to}`],
    [`"${from}"`, `"${to}"`],
    [`'${from}'`, `'${to}'`],
  ];
  for (const [a, b] of forms) {
    if (original.includes(a)) {
      lines[line - 1] = original.split(a).join(b);
      return lines.join('\n');
    }
  }
  return text;
}

function newIndex(folder: string, today: string): string {
  const name = posix.basename(folder).replace(/-/g, ' ');
  return ['---', `title: ${name[0]?.toUpperCase()}${name.slice(1)} index`, 'status: accepted', 'owner: docs', 'covers: []', `verified: ${today}`, '---', '', `# ${name[0]?.toUpperCase()}${name.slice(1)}`, '', '| doc | status | last verified | summary |', '| --- | --- | --- | --- |', ''].join('\n');
}

function commitMessage(changes: FileChange[], tasks: GardenTask[]): string {
  const count = (kind: FileChange['kind']): number => changes.filter((c) => c.kind === kind).length;
  const parts = [
    count('generated') && `regenerate ${count('generated')} generated doc${count('generated') === 1 ? '' : 's'}`,
    count('link-repair') && `repair links to moved files in ${count('link-repair')} doc${count('link-repair') === 1 ? '' : 's'}`,
    count('index') && 'update indexes',
    count('quality-score') && 'update QUALITY_SCORE',
    tasks.some((t) => !t.existing) && `${tasks.filter((t) => !t.existing).length} re-verification task${tasks.length === 1 ? '' : 's'}`,
  ].filter((p): p is string => typeof p === 'string');
  const subject = `docs: garden: ${parts.join(', ') || 'no changes'}`;
  const body = changes.map((c) => `- ${c.path}: ${c.reason}`).join('\n');
  return `${subject}\n\nWritten by \`harness docs garden\`.\n\n${body}\n`;
}
