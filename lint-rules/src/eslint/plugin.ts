import { readFileSync } from 'node:fs';
import type { TSESLint } from '@typescript-eslint/utils';
import type { PreTest } from './settings.js';
import crossDomain, { mayReport as crossDomainMay } from './rules/cross-domain.js';
import fileSize, { mayReport as fileSizeMay } from './rules/file-size.js';
import layers, { mayReport as layersMay } from './rules/layers.js';
import naming, { mayReport as namingMay } from './rules/naming.js';
import oneSchemaPerConcept, { mayReport as oneSchemaMay } from './rules/one-schema-per-concept.js';
import parseAtBoundary, { mayReport as parseAtBoundaryMay } from './rules/parse-at-boundary.js';
import providersOnly, { mayReport as providersOnlyMay } from './rules/providers-only.js';
import structuredLogging, { mayReport as structuredLoggingMay } from './rules/structured-logging.js';
import utilsPurity, { mayReport as utilsPurityMay } from './rules/utils-purity.js';

const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const version = typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string' ? pkg.version : '0.0.0';

/** Every ESLint rule of the plugin, by short name. */
export const rules = {
  layers,
  'cross-domain': crossDomain,
  'providers-only': providersOnly,
  'utils-purity': utilsPurity,
  'structured-logging': structuredLogging,
  naming,
  'one-schema-per-concept': oneSchemaPerConcept,
  'file-size': fileSize,
  'parse-at-boundary': parseAtBoundary,
} satisfies Record<string, TSESLint.RuleModule<string, readonly unknown[]>>;

export type EslintRuleName = keyof typeof rules;

/** The rules that judge imports; `harness lint` runs these in dependency-cruiser instead. */
export const IMPORT_RULES: readonly EslintRuleName[] = ['layers', 'cross-domain', 'providers-only', 'utils-purity'];

/**
 * Per rule, a cheap text test that is true whenever the rule could report in the file
 * (never false when it would). `harness lint` lints only the files where one is true;
 * the rule tests check this against every invalid case.
 */
export const mayReport: Record<EslintRuleName, (input: PreTest) => boolean> = {
  layers: layersMay,
  'cross-domain': crossDomainMay,
  'providers-only': providersOnlyMay,
  'utils-purity': utilsPurityMay,
  'structured-logging': structuredLoggingMay,
  naming: namingMay,
  'one-schema-per-concept': oneSchemaMay,
  'file-size': fileSizeMay,
  'parse-at-boundary': parseAtBoundaryMay,
};

/** The flat-config plugin object. */
export const plugin = {
  meta: { name: '@agent-harness/lint-rules', version },
  rules,
};

export default plugin;
