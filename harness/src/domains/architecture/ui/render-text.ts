import { RULES, ruleDoc, type RuleName } from '@agent-harness/lint-rules/index';
import type { LintReport, ReportedViolation } from '../types/report.js';

/**
 * The report for people and agents: one line of totals, then the violations grouped by
 * rule (the reason once per rule, the fix under each violation), then what the baseline
 * says. At most `limit` violations are listed; the last line says how to see the rest.
 */
export function renderText(report: LintReport & { graphWritten?: boolean; ms?: number }, limit: number): string {
  const lines: string[] = [];
  const newOnes = report.violations.filter((v) => v.state === 'new');
  const took = report.ms === undefined ? '' : `; ${(report.ms / 1000).toFixed(1)} s`;
  const scope = `${report.checkers.map((c) => `${c.name}: ${c.scope}`).join('; ')}${took}`;
  const status = report.ok ? 'clean' : `${newOnes.length} violation${newOnes.length === 1 ? '' : 's'}`;
  const baseline = report.baseline.present ? `; baseline ${report.baseline.path}: ${report.counts.known} known, ${report.counts.fixed} fixed` : '';
  lines.push(`harness lint: ${status}${baseline} (${scope})`);
  if (report.graphWritten) lines.push('wrote the architecture graph (harness lint --write-graph)');
  const groups = new Map<string, ReportedViolation[]>();
  for (const v of newOnes) {
    const group = groups.get(v.rule);
    if (group) group.push(v);
    else groups.set(v.rule, [v]);
  }
  let shown = 0;
  for (const [rule, violations] of [...groups].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (limit > 0 && shown >= limit) break;
    const name = rule.replace(/^architecture\//, '');
    // The model's own rules describe themselves; another domain's (the docs lint) through its violations.
    const own = name in RULES ? (name as RuleName) : undefined;
    const why = own ? RULES[own].why : violations[0]?.why ?? '';
    lines.push('', `${rule} (${violations.length}): ${why}`);
    for (const v of violations) {
      if (limit > 0 && shown >= limit) break;
      shown++;
      lines.push(`  ${v.file}:${v.line}:${v.column}  ${v.what}`, `    fix: ${v.fix}`);
    }
    lines.push(`  docs: ${own ? ruleDoc(own) : violations[0]?.doc ?? ''}`);
  }
  if (newOnes.length > shown) lines.push('', `… ${newOnes.length - shown} more not shown: rerun with --limit 0 for all, or --json`);
  if (report.fixed.length > 0) {
    lines.push('', `${report.counts.fixed} baselined violation(s) are fixed:`);
    for (const e of report.fixed.slice(0, 10)) lines.push(`  ${e.file}: ${e.rule} (${e.count})`);
    if (!report.baseline.written) lines.push(`  run \`harness lint --baseline\` to shrink ${report.baseline.path} (it never grows)`);
  }
  if (report.baseline.written) {
    lines.push('', `recorded ${report.baseline.path}: ${report.counts.known} known violation(s)${newOnes.length > 0 ? `; the ${newOnes.length} new one(s) above were not added (the baseline only shrinks: fix them, or delete the file and rerun --baseline to accept them on purpose)` : ''}`);
  }
  return lines.join('\n');
}
