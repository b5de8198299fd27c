import { RULES, ruleDoc, type RuleName } from './rules.js';

/**
 * Builds a message template in the one format every enforcer uses:
 * `<what>. Why: <reason>. Fix: <fix>. Docs: <page>`. Placeholders are ESLint's
 * `{{name}}`; dependency-cruiser findings fill the same templates with fillTemplate,
 * so an import violation reads the same in the editor and in `harness lint`.
 */
export function template(rule: RuleName, what: string, fix: string): string {
  return `${what} Why: ${RULES[rule].why} Fix: ${fix} Docs: ${ruleDoc(rule)}`;
}

/** Fills `{{name}}` placeholders, as ESLint does. */
export function fillTemplate(text: string, data: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{\s*([\w$]+)\s*\}\}/g, (whole, key: string) => data[key] ?? whole);
}

/** The parts of a message in that format, for reports that show them apart. */
export interface MessageParts {
  what: string;
  why: string;
  fix: string;
  doc?: string;
}

/** Splits a message built by `template`; anything else is all `what`. */
export function splitMessage(message: string): MessageParts {
  const match = /^(.*?) Why: (.*?) Fix: (.*?)(?: Docs: (.+))?$/s.exec(message);
  if (!match) return { what: message, why: '', fix: '' };
  const [, what = '', why = '', fix = '', doc] = match;
  return doc ? { what, why, fix, doc } : { what, why, fix };
}

/** The message templates of the import rules, by rule and message id. */
export const IMPORT_MESSAGES = {
  layers: {
    laterLayer: template('layers', '{{source}} imports {{specifier}} from {{target}}, a later layer of its own domain.', '{{allowed}}; {{hint}}.'),
    providerFromLayer: template('layers', '{{source}} imports {{specifier}} from providers/, which this layer may not use.', '{{allowed}}; {{hint}}.'),
    shellImport: template('layers', '{{source}} imports {{specifier}} from the shell.', '{{allowed}}; {{hint}}.'),
    unplacedTarget: template('layers', '{{source}} imports {{specifier}} ({{target}}), which has no place in the model.', '{{allowed}}; {{hint}}.'),
    outsideRoot: template('layers', '{{source}} imports {{specifier}}, which is outside its source root.', '{{allowed}}; {{hint}}.'),
    domainFromProvider: template('layers', "{{source}} imports {{specifier}} from {{target}}, a domain's internals.", '{{allowed}}; {{hint}}.'),
  },
  'cross-domain': {
    otherDomain: template('cross-domain', '{{source}} imports {{specifier}} from {{target}}, the internals of another domain.', '{{allowed}}; {{hint}}.'),
  },
  'providers-only': {
    crossCutting: template(
      'providers-only',
      '{{source}} imports {{specifier}}, a cross-cutting package.',
      'only {{providers}} may import {{package}} (architecture.crossCutting has "{{pattern}}"); import it in a provider under {{providers}} and expose what {{source}} needs from there.',
    ),
  },
  'utils-purity': {
    impure: template('utils-purity', '{{source}} imports {{specifier}} from {{target}}.', 'utils may import only other utils and packages; {{hint}}.'),
  },
} as const;

export type ImportRule = keyof typeof IMPORT_MESSAGES;
