import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { RULE_NAMES, RULES, ruleDoc, ruleDocUri, ruleId, violationKey } from '@agent-harness/lint-rules/index';
import type { Diagnostic } from '../../../utils/diagnostic.js';
import type { LintReport } from '../types/report.js';

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, __: string, c: string) => c.toUpperCase());
}

/**
 * The report as SARIF 2.1.0, for code scanning. Known (baselined) violations are
 * included with `baselineState: unchanged` and an external suppression, so a scanner
 * shows them as accepted rather than hiding them.
 */
export function renderSarif(report: LintReport, version: string): Log {
  const rules: ReportingDescriptor[] = RULE_NAMES.map((name) => ({
    id: ruleId(name),
    name: pascal(name),
    shortDescription: { text: RULES[name].summary },
    fullDescription: { text: RULES[name].why },
    help: { text: `${RULES[name].why} See ${ruleDoc(name)}.`, markdown: `${RULES[name].why} See [${name}](${ruleDocUri(name).href}).` },
    helpUri: ruleDocUri(name).href,
    defaultConfiguration: { level: 'error' },
    properties: { docs: ruleDoc(name), engines: [...RULES[name].engines] },
  }));
  // Rules of the checkers other domains add (the docs lint): described from their violations.
  for (const v of report.violations) {
    if (rules.some((r) => r.id === v.rule)) continue;
    rules.push({
      id: v.rule,
      name: pascal(v.rule.replace(/^.*\//, '')),
      shortDescription: { text: v.why },
      help: { text: v.doc ? `${v.why} See ${v.doc}.` : v.why },
      defaultConfiguration: { level: 'error' },
      ...(v.doc ? { properties: { docs: v.doc } } : {}),
    });
  }
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: Result[] = report.violations.map((v) => {
    const result: Result = {
      ruleId: v.rule,
      level: 'error',
      message: { text: `${v.what} Fix: ${v.fix}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: v.file, uriBaseId: '%SRCROOT%' }, region: { startLine: v.line, startColumn: v.column } } }],
      partialFingerprints: { 'architectureViolation/v1': createHash('sha256').update(violationKey(v)).digest('hex').slice(0, 32) },
      baselineState: v.state === 'new' ? 'new' : 'unchanged',
    };
    const ruleIndex = index.get(v.rule);
    if (ruleIndex !== undefined) result.ruleIndex = ruleIndex;
    if (v.state === 'known') result.suppressions = [{ kind: 'external', justification: `recorded in ${report.baseline.path}` }];
    return result;
  });
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'harness lint', semanticVersion: version, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(report.root).href}/` } },
        results,
      },
    ],
  };
}

/**
 * SARIF for a run that could not check anything (exit 2): no results, and one failed
 * invocation whose notification carries the diagnostic, so a scanner shows the reason
 * instead of an empty, clean-looking run.
 */
export function renderSarifFailure(diagnostic: Diagnostic, version: string): Log {
  const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);
  const text = `${diagnostic.where ? `${diagnostic.where}: ` : ''}${sentence(diagnostic.what)} Why: ${sentence(diagnostic.why)} Fix: ${diagnostic.fix}`;
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'harness lint', semanticVersion: version } },
        invocations: [
          {
            executionSuccessful: false,
            exitCode: 2,
            toolExecutionNotifications: [{ level: 'error', message: { text } }],
          },
        ],
        results: [],
      },
    ],
  };
}
