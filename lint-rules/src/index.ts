// The architecture model and the lints made from it. Entry points by concern:
// model (parse, classify, judge), eslint (plugin, config), cruise (config, findings),
// structure (layout checks), graph (the generated architecture doc).
export { parseModel, type ModelSource } from './model/parse.js';
export { ModelError, MODEL_DOC, type ModelDiagnostic } from './model/errors.js';
export { ArchitectureInputSchema, type ArchitectureInput, type ArchitectureModel, type SourceRoot } from './model/schema.js';
export { classify, describeRole, type FileRole } from './model/classify.js';
export { judgeImport, allowedImports, isAllowedEdge, type ImportEdge, type ImportFinding } from './model/policy.js';
export { RULES, RULE_NAMES, PLUGIN_NAME, ruleId, ruleDoc, ruleDocUri, type RuleName, type RuleInfo } from './model/rules.js';
export { splitMessage, fillTemplate, type MessageParts } from './model/messages.js';
export { plugin, rules, mayReport, IMPORT_RULES, type EslintRuleName } from './eslint/plugin.js';
export { architectureEslintConfig, modelFiles, type EslintConfigOptions } from './eslint/config.js';
export { sourceFiles } from './structure/source-files.js';
export { cruiserConfig, entryPatterns, entryDescription } from './cruise/config.js';
export { cruiseFindings, GRAPH_MESSAGES } from './cruise/findings.js';
export { graphFindings } from './cruise/graph.js';
export { checkCrossCutting } from './cruise/cross-cutting.js';
export { cruiseGraph } from './cruise/run.js';
export { syntaxProblem, unparsable, type SyntaxProblem } from './structure/syntax.js';
export { scanLayout, LAYOUT_MESSAGES, type Layout } from './structure/layout.js';
export { renderArchitectureGraph, renderArchitectureDoc, architectureGraphDoc, architectureGraphDocFor, GRAPH_COMMAND, type GraphDoc } from './graph/mermaid.js';
export { loadModel, PROJECT_CONFIG } from './model/load.js';
export { checkTypeScript, SUPPORTED_TYPESCRIPT } from './typescript-check.js';
export { violationKey, compareViolations, type Violation } from './model/violation.js';
export { type PreTest, type ArchitectureSettings } from './eslint/settings.js';
