import { posix } from 'node:path';
import type { TestFileResult } from '../repo/reports.js';
import type { DocViolation } from '../types/violation.js';
import { splitRow } from './index-table.js';
import { violation, type DocWorkspace } from './workspace.js';

/** The layers of the model, in order. */
export const LAYERS = ['types', 'config', 'repo', 'service', 'runtime', 'ui'] as const;

export const QUALITY_SCORE_PATH = 'docs/QUALITY_SCORE.md';

export interface LayerScore {
  pkg: string;
  domain: string;
  layer: string;
  files: number;
  lint: number;
  tests: { passed: number; failed: number } | null;
  docs: { covering: number; stale: string[] };
  score: number;
  grade: string;
  why: string;
}

export interface ScoreInputs {
  files: readonly string[];
  /** Covered files per doc (non-generated docs with covers). */
  coverage: ReadonlyMap<string, readonly string[]>;
  staleDocs: ReadonlySet<string>;
  /** Files with lint findings (one entry per finding), or null when no lint report exists. */
  lintFindings: readonly string[] | null;
  tests: readonly TestFileResult[] | null;
}

/** The package, domain and layer of a file under `<pkg>/src/domains/<domain>/<layer>/`, else null. */
function layerOf(file: string): { pkg: string; domain: string; layer: string } | null {
  const m = /^([^/]+)\/src\/domains\/([^/]+)\/([^/]+)\//.exec(file);
  if (!m?.[1] || !m[2] || !m[3] || !(LAYERS as readonly string[]).includes(m[3])) return null;
  return { pkg: m[1], domain: m[2], layer: m[3] };
}

/**
 * QUALITY_SCORE.md is rewritten by the garden job only; this warns when its rows no longer
 * match the repository's layers (a domain or layer added or removed since), so a reader
 * does not take a stale table for the current one.
 */
export function checkQualityScore(ws: DocWorkspace): DocViolation[] {
  const file = ws.markdownFile(QUALITY_SCORE_PATH);
  if (!file) return [];
  const expected = new Set<string>();
  for (const f of ws.files) {
    const l = layerOf(f);
    if (l) expected.add(`${l.pkg}/${l.domain}/${l.layer}`);
  }
  const listed = new Set(previousGrades(file.text).keys());
  const missing = [...expected].filter((k) => !listed.has(k)).sort();
  const extra = [...listed].filter((k) => !expected.has(k)).sort();
  if (missing.length === 0 && extra.length === 0) return [];
  const few = (keys: string[]): string => keys.slice(0, 5).join(', ') + (keys.length > 5 ? `, +${keys.length - 5} more` : '');
  const what = [missing.length > 0 ? `has no row for ${few(missing)}` : '', extra.length > 0 ? `grades layers that no longer exist: ${few(extra)}` : ''].filter(Boolean).join('; ');
  return [
    violation('quality-score-outdated', QUALITY_SCORE_PATH, 1, `${QUALITY_SCORE_PATH} ${what}`, 'run `npx harness docs garden` (with the test and lint reports, see the quality score section) and merge its branch; the weekly job does this', {
      severity: 'warning',
    }),
  ];
}

export function grade(score: number): string {
  return score >= 90 ? 'A' : score >= 80 ? 'B' : score >= 70 ? 'C' : score >= 60 ? 'D' : 'F';
}

/**
 * A grade per domain and layer: 100 points, minus 5 per lint finding (at most 40),
 * 30 when a test of the domain fails or 15 when the domain has no test, 15 when no doc
 * covers the layer and 10 per stale doc covering it (at most 30). Unmeasured inputs
 * (no lint or test report) cost nothing and are named in the row.
 */
export function scoreLayers(inputs: ScoreInputs): LayerScore[] {
  const groups = new Map<string, string[]>();
  for (const f of inputs.files) {
    const layer = layerOf(f);
    if (!layer) continue;
    const key = `${layer.pkg}\0${layer.domain}\0${layer.layer}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const scores: LayerScore[] = [];
  for (const [key, files] of groups) {
    const [pkg = '', domain = '', layer = ''] = key.split('\0');
    const prefix = `${pkg}/src/domains/${domain}/${layer}/`;
    const fileSet = new Set(files);
    const lint = inputs.lintFindings ? inputs.lintFindings.filter((f) => f.startsWith(prefix)).length : 0;
    const tests = inputs.tests ? testsOf(inputs.tests, pkg, domain) : null;
    const covering = [...inputs.coverage].filter(([, covered]) => covered.some((f) => fileSet.has(f))).map(([doc]) => doc);
    const stale = covering.filter((d) => inputs.staleDocs.has(d)).sort();
    const why: string[] = [];
    let score = 100;
    if (inputs.lintFindings === null) why.push('lint not measured');
    else if (lint > 0) {
      score -= Math.min(40, lint * 5);
      why.push(`${lint} lint finding${lint === 1 ? '' : 's'}`);
    }
    if (tests === null) why.push('tests not measured');
    else if (tests.failed > 0) {
      score -= 30;
      why.push(`${tests.failed} failing test${tests.failed === 1 ? '' : 's'}`);
    } else if (tests.passed === 0) {
      score -= 15;
      why.push('no tests');
    }
    if (covering.length === 0) {
      score -= 15;
      why.push('no doc covers it');
    } else if (stale.length > 0) {
      score -= Math.min(30, stale.length * 10);
      why.push(`stale: ${stale.join(', ')}`);
    }
    scores.push({ pkg, domain, layer, files: files.length, lint, tests, docs: { covering: covering.length, stale }, score, grade: grade(score), why: why.join('; ') || 'clean' });
  }
  return scores.sort((a, b) => a.pkg.localeCompare(b.pkg) || a.domain.localeCompare(b.domain) || LAYERS.indexOf(a.layer as never) - LAYERS.indexOf(b.layer as never));
}

function testsOf(results: readonly TestFileResult[], pkg: string, domain: string): { passed: number; failed: number } {
  const mine = results.filter((r) => testBelongsTo(r.file, pkg, domain));
  return { passed: mine.reduce((n, r) => n + r.passed, 0), failed: mine.reduce((n, r) => n + r.failed, 0) };
}

/**
 * A test file belongs to a domain when it lives in `<pkg>/test/<domain>/`, or anywhere
 * under `<pkg>/test/` with the domain as a word of its name: `api-tasks.test.ts` →
 * tasks, `lint-includes-docs.test.ts` → docs.
 */
export function testBelongsTo(file: string, pkg: string, domain: string): boolean {
  const testDir = `${pkg}/test/`;
  if (!file.startsWith(testDir)) return false;
  if (file.startsWith(`${testDir}${domain}/`)) return true;
  const stem = posix.basename(file).replace(/\.(test|spec)\.[cm]?[jt]sx?$/, '');
  const words = (name: string): string => `-${name.replace(/[._]/g, '-')}-`;
  return words(stem).includes(words(domain));
}

const TABLE_HEADER = '| package | domain | layer | files | lint | tests | docs | grade | why |';

function rowOf(s: LayerScore): string {
  const tests = s.tests === null ? 'n/a' : `${s.tests.passed} passed, ${s.tests.failed} failed`;
  const docs = `${s.docs.covering} (${s.docs.stale.length} stale)`;
  return `| ${s.pkg} | ${s.domain} | ${s.layer} | ${s.files} | ${s.lint} | ${tests} | ${docs} | ${s.grade} | ${s.why} |`;
}

/** Grades of the rows of an existing QUALITY_SCORE.md, keyed by package/domain/layer. */
function previousGrades(text: string): Map<string, string> {
  const grades = new Map<string, string>();
  for (const line of text.split('\n')) {
    const cells = splitRow(line);
    if (line.startsWith('|') && cells.length === 9 && cells[7] && /^[A-F]$/.test(cells[7])) grades.set(`${cells[0]}/${cells[1]}/${cells[2]}`, cells[7]);
  }
  return grades;
}

function historyRows(text: string): string[] {
  const at = text.indexOf('\n## History');
  if (at < 0) return [];
  return text
    .slice(at)
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|\s*(date|-)/.test(l))
    .map((l) => {
      const cells = splitRow(l);
      return cells.length === 2 ? `| ${cells[0]} |  | ${cells[1]} |` : l;
    });
}

/**
 * The new QUALITY_SCORE.md, or null when its grades table would not change. A history
 * row is added, newest first, whenever a grade changes.
 */
export function renderQualityScore(previous: string | null, scores: readonly LayerScore[], today: string): string | null {
  const rows = scores.map(rowOf);
  const old = previous ?? '';
  if (previous !== null && rows.every((r) => old.includes(`\n${r}\n`)) && previousGrades(old).size === rows.length) return null;
  const before = previousGrades(old);
  const changes = scores
    .filter((s) => before.get(`${s.pkg}/${s.domain}/${s.layer}`) !== s.grade)
    .map((s) => `${s.pkg}/${s.domain}/${s.layer} ${before.get(`${s.pkg}/${s.domain}/${s.layer}`) ?? 'new'}→${s.grade}`);
  const mean = scores.length > 0 ? Math.round(scores.reduce((n, s) => n + s.score, 0) / scores.length) : 100;
  const history = historyRows(old);
  if (changes.length > 0 || history.length === 0) {
    const shown = changes.slice(0, 8).join(', ') + (changes.length > 8 ? `, +${changes.length - 8} more` : '');
    history.unshift(`| ${today} | ${grade(mean)} (${mean}) | ${shown || 'no layers yet'} |`);
  }
  return [
    '---',
    'title: Quality score',
    'status: active',
    'owner: docs',
    'covers: []',
    `verified: ${today}`,
    'generated: npx harness docs garden',
    '---',
    '',
    '# Quality score',
    '',
    '> Generated by `npx harness docs garden`; do not edit by hand.',
    '',
    `A grade per domain and layer from lint findings (SARIF reports), test results (a vitest JSON report) and the freshness of the docs that cover the layer. Overall: ${grade(mean)} (${mean}).`,
    '',
    'Each layer starts at 100: minus 5 per lint finding (at most 40); minus 30 when a test of its domain fails, or 15 when the domain has no test; minus 15 when no doc covers it, or 10 per stale doc covering it (at most 30). A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, else F. An input with no report ("not measured") costs nothing.',
    '',
    TABLE_HEADER,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    '## History',
    '',
    '| date | overall | changes |',
    '| --- | --- | --- |',
    ...history.slice(0, 50),
    '',
  ].join('\n');
}
