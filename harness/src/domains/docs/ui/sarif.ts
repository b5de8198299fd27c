import { DOC_RULES, DOC_RULE_IDS, ruleDoc, type DocsLintReport } from '../types/violation.js';
import { staleLines } from './format.js';

/**
 * The report as SARIF 2.1.0, for GitHub code scanning and other CI viewers. `docsBase`
 * is the absolute URI the rule docs' paths are resolved against (each rule's helpUri).
 */
export function toSarif(report: DocsLintReport, version: string, docsBase: string): unknown {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'harness-docs-lint',
            version,
            rules: DOC_RULE_IDS.map((id) => ({
              id,
              shortDescription: { text: id.replace(/-/g, ' ') },
              fullDescription: { text: DOC_RULES[id] },
              helpUri: new URL(ruleDoc(id), docsBase).href,
              help: { text: `See ${ruleDoc(id)}` },
            })),
          },
        },
        results: report.violations.map((v) => ({
          ruleId: v.rule,
          ruleIndex: DOC_RULE_IDS.indexOf(v.rule),
          level: v.severity,
          message: { text: [v.what, ...staleLines(v).map((l) => l.slice(2)), `why: ${v.why}`, `fix: ${v.fix}`].join('\n') },
          locations: [{ physicalLocation: { artifactLocation: { uri: v.file, uriBaseId: '%SRCROOT%' }, region: { startLine: v.line } } }],
        })),
      },
    ],
  };
}
