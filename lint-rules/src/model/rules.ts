import { fileURLToPath } from 'node:url';
/**
 * The catalogue of every rule, whichever engine enforces it: its id, the one-sentence
 * reason every message carries, and its doc page. ESLint rules, the generated
 * dependency-cruiser config, the structural checks and the SARIF rule list all read it.
 */
export type Engine = 'eslint' | 'dependency-cruiser' | 'structure';

export interface RuleInfo {
  /** Short name; the id is `architecture/<name>`. */
  name: string;
  /** Where it runs: the import rules run in ESLint (editor) and in dependency-cruiser (harness lint). */
  engines: readonly Engine[];
  /** What it checks, in a few words. */
  summary: string;
  /** Why it matters, in one sentence. */
  why: string;
}

export const PLUGIN_NAME = 'architecture';

export const RULES = {
  layers: {
    name: 'layers',
    engines: ['eslint', 'dependency-cruiser'],
    summary: 'a layer imports only the layers before it in its own domain, and the model says who may use providers, the shell and the rest',
    why: 'layers depend only on the layers before them, so each can be read, tested and changed without the ones after it.',
  },
  'cross-domain': {
    name: 'cross-domain',
    engines: ['eslint', 'dependency-cruiser'],
    summary: "no import of another domain's internals; only its shared layers (types)",
    why: 'domains meet only through their shared types and through providers, so each domain can change its internals freely.',
  },
  'providers-only': {
    name: 'providers-only',
    engines: ['eslint', 'dependency-cruiser'],
    summary: 'cross-cutting packages (telemetry, database, flags) are imported only in providers/',
    why: 'cross-cutting concerns enter through providers only, so the library behind each can be swapped, configured and faked in one place.',
  },
  'utils-purity': {
    name: 'utils-purity',
    engines: ['eslint', 'dependency-cruiser'],
    summary: 'utils/ imports nothing from domains/ or providers/',
    why: 'utils are pure helpers every layer may import, so any import of a domain or provider from them would be a back door around the layers.',
  },
  'structured-logging': {
    name: 'structured-logging',
    engines: ['eslint'],
    summary: 'no console.*; logger calls take a constant message and an attributes object',
    why: 'logs are queried by message and attribute, so a constant message with the values as attributes stays searchable and console output is not captured as structured telemetry.',
  },
  naming: {
    name: 'naming',
    engines: ['eslint'],
    summary: 'zod schemas end in Schema; types and interfaces are PascalCase',
    why: 'one naming scheme lets an agent tell a runtime schema from the type inferred from it at a glance and find both by name.',
  },
  'one-schema-per-concept': {
    name: 'one-schema-per-concept',
    engines: ['eslint'],
    summary: 'the same object shape is not defined as two schemas',
    why: 'two schemas for one concept drift apart, and then the same data is valid in one place and rejected in another.',
  },
  'file-size': {
    name: 'file-size',
    engines: ['eslint'],
    summary: 'files stay under the line limit (400 by default)',
    why: 'long files hide several responsibilities and do not fit in an agent’s context window in one read.',
  },
  'parse-at-boundary': {
    name: 'parse-at-boundary',
    engines: ['eslint'],
    summary: 'no `as` casts on JSON.parse, response.json() or request bodies; no `as unknown as`',
    why: 'external data is checked once by a schema at the boundary; a cast trusts it unchecked and moves the crash to wherever the wrong shape is used.',
  },
  'no-cycle': {
    name: 'no-cycle',
    engines: ['dependency-cruiser'],
    summary: 'no import cycles',
    why: 'a cycle ties its modules into one unit that can only be loaded, tested and understood together.',
  },
  'no-orphan': {
    name: 'no-orphan',
    engines: ['dependency-cruiser'],
    summary: 'no file that imports nothing and is imported by nothing',
    why: 'an orphan is dead code or a file someone forgot to wire in, and either way it misleads the next reader.',
  },
  reachability: {
    name: 'reachability',
    engines: ['dependency-cruiser'],
    summary: 'every domain, provider and util file is reachable from an entry point',
    why: 'code that no entry point reaches never runs, so it is dead weight that still has to be read and kept compiling.',
  },
  unresolvable: {
    name: 'unresolvable',
    engines: ['dependency-cruiser'],
    summary: 'every relative import resolves to a file',
    why: 'an import that resolves to nothing breaks at run time, and hides its edge from every other architecture check.',
  },
  layout: {
    name: 'layout',
    engines: ['structure'],
    summary: 'every file sits in a domain layer, providers/, utils/ or the shell; names are kebab-case',
    why: 'the layer rules can only judge files the model can place, so a file outside the layout escapes every check.',
  },
} as const satisfies Record<string, RuleInfo>;

export type RuleName = keyof typeof RULES;

export const RULE_NAMES = Object.keys(RULES) as RuleName[];

/** `architecture/<name>`. */
export function ruleId(name: RuleName): string {
  return `${PLUGIN_NAME}/${name}`;
}

/** The rule pages shipped with this package (docs/rules/ next to src/ and dist/). */
const RULE_DOCS = new URL('../../docs/rules/', import.meta.url);

/**
 * The rule's doc page: the absolute path of the page inside the installed package, so
 * the link in a message opens from whatever repository the lints run in.
 */
export function ruleDoc(name: RuleName): string {
  return fileURLToPath(ruleDocUri(name));
}

/** The same page as a file: URL, for SARIF's helpUri. */
export function ruleDocUri(name: RuleName): URL {
  return new URL(`${name}.md`, RULE_DOCS);
}
