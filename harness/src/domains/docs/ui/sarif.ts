import { DOC_RULES, DOC_RULE_IDS, ruleDoc, type DocsLintReport } from '../types/violation.js';

/** The report as SARIF 2.1.0, for GitHub code scanning and other CI viewers. */
export function toSarif(report: DocsLintReport, version: string): unknown {
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
              help: { text: `See ${ruleDoc(id)}` },
            })),
          },
        },
        results: report.violations.map((v) => ({
          ruleId: v.rule,
          ruleIndex: DOC_RULE_IDS.indexOf(v.rule),
          level: v.severity,
          message: { text: `${v.what}\nwhy: ${v.why}\nfix: ${v.fix}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: v.file, uriBaseId: '%SRCROOT%' }, region: { startLine: v.line } } }],
        })),
      },
    ],
  };
}
