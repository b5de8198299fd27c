import { formatDiagnostic } from '../../../utils/diagnostic.js';
import type { GardenResult } from '../types/garden.js';
import type { DocsLintReport, DocViolation } from '../types/violation.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function summaryLine(report: DocsLintReport): string {
  const s = report.stats;
  return `docs lint: ${plural(report.counts.errors, 'error')}, ${plural(report.counts.warnings, 'warning')} (${plural(s.markdownFiles, 'markdown file')}, ${plural(s.links, 'link')}, ${plural(s.generated, 'generated doc')}; ${s.durationMs} ms)`;
}

/** The commits and files a stale doc's finding lists (the first few of each), indented. */
export function staleLines(v: DocViolation): string[] {
  if (!v.stale) return [];
  const commits = v.stale.commits.slice(0, 5).map((c) => `${c.sha.slice(0, 7)} ${c.date} ${c.subject}`);
  const more = v.stale.commits.length > 5 ? [`… ${v.stale.commits.length - 5} more`] : [];
  const files = v.stale.files.slice(0, 8).map((f) => `${f.status} ${f.path}`);
  const moreFiles = v.stale.files.length > 8 ? [`… ${v.stale.files.length - 8} more`] : [];
  return [
    ...(commits.length > 0 ? ['  commits since:', ...[...commits, ...more].map((c) => `    ${c}`)] : []),
    ...(files.length > 0 ? ['  files changed:', ...[...files, ...moreFiles].map((f) => `    ${f}`)] : []),
  ];
}

/** The report grouped by rule, at most `limit` findings (0: all), with a line saying what was cut. */
export function formatReport(report: DocsLintReport, limit: number): string {
  const out = [summaryLine(report)];
  const byRule = new Map<string, DocViolation[]>();
  for (const v of report.violations) byRule.set(v.rule, [...(byRule.get(v.rule) ?? []), v]);
  let shown = 0;
  for (const [rule, list] of byRule) {
    if (limit > 0 && shown >= limit) break;
    out.push('', `${rule} (${list.length})`);
    for (const v of list) {
      if (limit > 0 && shown >= limit) break;
      out.push(formatDiagnostic(v, v.severity), ...staleLines(v));
      shown++;
    }
  }
  const cut = report.violations.length - shown;
  if (cut > 0) out.push('', `… ${plural(cut, 'more finding')} not shown: run \`npx harness docs lint --json\` or \`--limit 0\` for all`);
  return out.join('\n');
}

export function formatGarden(result: GardenResult): string {
  const { plan } = result;
  const head = result.dryRun ? 'docs garden (dry run: nothing written)' : 'docs garden';
  const out = [`${head}: ${summaryLine(plan.report).replace(/^docs lint: /, 'checks found ')}`];
  if (plan.changes.length === 0 && plan.tasks.length === 0) out.push('nothing to change: generated docs, links and indexes are up to date, no doc is stale');
  for (const c of plan.changes) out.push(`  ${c.kind.padEnd(13)} ${c.path}: ${c.reason}`);
  for (const t of plan.tasks) if (t.existing) out.push(`  ${'task'.padEnd(13)} ${t.path}: already open for ${t.doc}`);
  if (plan.changes.length > 0 || result.agentRuns.length > 0) {
    const reused = result.delivery.kind === 'pull-request' && result.delivery.updated === true;
    out.push(`branch: ${plan.branch} (from ${plan.base})${result.dryRun ? (reused ? ' would be rebuilt for the open pull request' : ' would be created') : ''}`);
    out.push(`commit: ${plan.commitMessage.split('\n')[0] ?? ''}`);
  }
  const d = result.delivery;
  if (d.kind === 'pull-request') out.push(`pull request${d.updated ? ' updated' : ''}: ${d.url}`);
  if (d.kind === 'patch') out.push(`patch file: ${d.path}${result.dryRun ? ' would be written' : ''} (no pull request: ${d.reason}); apply with \`git am ${d.path}\` or push the branch`);
  if (result.agentRuns.length === 0 && plan.tasks.length > 0) out.push('agent: none configured (set HARNESS_GARDEN_AGENT to a command; it is run with each task file as its argument)');
  for (const r of result.agentRuns) {
    out.push(result.dryRun ? `agent: would run \`${r.command}\`` : `agent: \`${r.command}\` exited ${r.exitCode ?? 'by timeout'}; log ${r.log ?? '-'}`);
  }
  if (plan.unfixable > 0) out.push(`${plural(plan.unfixable, 'error')} need a person: run \`npx harness docs lint\` for each with its fix`);
  return out.join('\n');
}
