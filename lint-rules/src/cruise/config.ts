import type { ICruiseOptions, IForbiddenRuleType, IRegularForbiddenRuleType } from 'dependency-cruiser';
import { RULES, ruleId, type RuleName } from '../model/rules.js';
import type { ArchitectureModel, SourceRoot } from '../model/schema.js';

/** Escapes a literal path for a regular expression. */
function esc(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\*]/g, '\\$&');
}

function alt(items: readonly string[]): string {
  return items.map(esc).join('|');
}

function rule(name: RuleName, from: IRegularForbiddenRuleType['from'], to: IRegularForbiddenRuleType['to'], detail: string): IRegularForbiddenRuleType {
  return { name: ruleId(name), severity: 'error', comment: `${RULES[name].why} (${detail})`, from, to };
}

/** The import rules of one source root, as dependency-cruiser path expressions. */
function rootRules(model: ArchitectureModel, root: SourceRoot): IForbiddenRuleType[] {
  const r = esc(root.path);
  const domains = `${r}/${esc(root.domains)}`;
  const topLevel = `^${r}/[^/]+$`;
  const shell = [`^${r}/${esc(root.shell)}/`, topLevel];
  const placed = [`^${domains}/[^/]+/(${alt(model.layers)})/`, `^${r}/(${alt([root.providers, root.utils, root.shell])})/`, topLevel];
  const shared = model.sharedLayers.length > 0 ? [`^${domains}/[^/]+/(${alt(model.sharedLayers)})/`] : [];
  const rules: IForbiddenRuleType[] = [];
  model.layers.forEach((layer, i) => {
    const later = model.layers.slice(i + 1);
    if (later.length === 0) return;
    rules.push(rule('layers', { path: `^(${domains}/[^/]+)/${esc(layer)}/` }, { path: `^$1/(${alt(later)})/` }, `${layer} imports only ${model.layers.slice(0, i + 1).join(', ')} of its own domain`));
  });
  const noProviders = model.layers.filter((l) => !model.providerLayers.includes(l));
  if (noProviders.length > 0) {
    rules.push(rule('layers', { path: `^${domains}/[^/]+/(${alt(noProviders)})/` }, { path: `^${r}/${esc(root.providers)}/` }, `${noProviders.join(', ')} may not use providers`));
  }
  const domainOrProvider = [`^${domains}/[^/]+/(${alt(model.layers)})/`, `^${r}/${esc(root.providers)}/`];
  rules.push(rule('layers', { path: domainOrProvider }, { path: shell }, 'only the shell imports the shell'));
  rules.push(rule('layers', { path: domainOrProvider }, { path: `^${r}/`, pathNot: placed }, 'imports of files the model cannot place'));
  rules.push(
    rule('layers', { path: `^${domains}/[^/]+/(${alt(model.layers)})/` }, { pathNot: `^${r}/`, dependencyTypes: ['local'] }, 'a domain imports nothing outside its source root by relative path'),
  );
  rules.push(rule('layers', { path: `^${r}/${esc(root.providers)}/` }, { path: `^${domains}/`, pathNot: shared }, "providers import only the domains' shared layers"));
  rules.push(
    rule(
      'cross-domain',
      { path: `^(${domains}/)([^/]+)/(${alt(model.layers)})/` },
      { path: `^$1[^/]+/`, pathNot: [`^$1$2/`, ...shared] },
      `another domain only through ${model.sharedLayers.join(', ') || 'providers'}`,
    ),
  );
  if (model.crossCutting.length > 0) {
    const packages = model.crossCutting.map((p) => p.split('*').map(esc).join('[^/]*')).join('|');
    rules.push(
      rule(
        'providers-only',
        { path: `^${r}/`, pathNot: [`^${r}/${esc(root.providers)}/`, ...shell] },
        { path: [`(^|/)node_modules/(${packages})(/|$)`, `^(node:)?(${packages})(/|$)`] },
        `cross-cutting packages: ${model.crossCutting.join(', ')}`,
      ),
    );
  }
  rules.push(
    rule('utils-purity', { path: `^${r}/${esc(root.utils)}/` }, { path: [`^${r}/(${alt([root.domains, root.providers, root.shell])})/`, topLevel] }, 'utils import only utils and packages'),
  );
  return rules;
}

/** The entry points in words, for messages: each root's shell and top-level files, and architecture.entries. */
export function entryDescription(model: ArchitectureModel): string {
  const parts = model.roots.map((root) => `${root.path}/${root.shell}/ and the files at the top of ${root.path}`);
  if (model.entries.length > 0) parts.push(`architecture.entries (${model.entries.join(', ')})`);
  return parts.join('; ');
}

/** Regular expressions of the files the reachability rule covers: domains, providers and utils. */
export function governedPatterns(model: ArchitectureModel): string[] {
  return model.roots.map((root) => `^${esc(root.path)}/(${alt([root.domains, root.providers, root.utils])})/`);
}

/** Regular expressions of the entry points: each root's shell and top-level files, plus architecture.entries. */
export function entryPatterns(model: ArchitectureModel): string[] {
  return [
    ...model.roots.flatMap((root) => [`^${esc(root.path)}/${esc(root.shell)}/`, `^${esc(root.path)}/[^/]+$`]),
    ...model.entries.map(globToCruiseRegex),
  ];
}

/**
 * The dependency-cruiser configuration, generated from the model on every run and never
 * kept by hand: the import rules (the same judgements the ESLint rules make) and the
 * whole-graph rules (cycles, orphans, reachability from the entry points, unresolvable
 * imports). `harness lint --print-cruiser-config` shows it.
 */
export function cruiserConfig(model: ArchitectureModel, { graphRules = true }: { graphRules?: boolean } = {}): ICruiseOptions {
  const roots = `^(${alt(model.roots.map((r) => r.path))})/`;
  const entries = entryPatterns(model);
  const governed = governedPatterns(model);
  const graph: IForbiddenRuleType[] = [
    rule('no-cycle', { path: roots }, { circular: true }, 'any cycle between files of the source roots'),
    rule('no-orphan', { orphan: true, path: roots, pathNot: entries }, {}, 'a file with no imports and no importers'),
    {
      name: ruleId('reachability'),
      severity: 'error',
      comment: `${RULES.reachability.why} (domains, providers and utils are reachable from an entry point)`,
      from: { path: entries },
      to: { path: governed, pathNot: entries, reachable: false },
    },
  ];
  const forbidden: IForbiddenRuleType[] = [
    ...model.roots.flatMap((root) => rootRules(model, root)),
    rule('unresolvable', { path: roots }, { couldNotResolve: true, path: '^\\.' }, 'relative imports resolve to a file'),
    ...(graphRules ? graph : []),
  ];
  return {
    validate: true,
    ruleSet: { forbidden },
    tsPreCompilationDeps: true,
    parser: 'tsc',
    moduleSystems: ['es6', 'cjs'],
    // Cruise the roots only; their first step outside (packages, other workspaces) is recorded, not followed.
    doNotFollow: { path: `^(?!${roots.slice(1)})` },
    // Never exclude node_modules (nor its .d.ts files): an excluded module takes its
    // incoming edges with it, and the providers-only rule needs the edges to packages.
    // Declaration files are skipped only inside the roots: a package import that resolves
    // to its .d.ts (the `types` export condition) must keep its edge for providers-only.
    exclude: { path: [`${roots}.*\\.d\\.ts$`, ...model.ignore.map(globToCruiseRegex)] },
    enhancedResolveOptions: {
      // Every extension listed is one more failed lookup per import before dependency-cruiser
      // maps `./x.js` to `./x.ts`; these cover TypeScript sources and plain JavaScript.
      extensions: ['.ts', '.tsx', '.js'],
      // Keep every lookup for the whole run instead of re-reading the disk every 4 s.
      cachedInputFileSystem: { cacheDuration: 1_800_000 },
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'types', 'default'],
      mainFields: ['module', 'main', 'types'],
    },
    // Dependents and metrics cost O(n²) on big graphs; only what the rules need is computed.
    skipAnalysisNotInRules: true,
  };
}

/**
 * A glob as a regular expression dependency-cruiser accepts. Its safety check refuses
 * nested repetition, which picomatch's expressions are full of (any `**` glob), so this
 * writes `**` without it: `a/** /b` becomes `a/(?:.* /|)b` (without the spaces).
 */
export function globToCruiseRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (glob.startsWith('**/', i)) {
      out += '(?:.*/|)';
      i += 2;
    } else if (glob.startsWith('/**', i) && i + 3 === glob.length) {
      out += '(?:/.*|)';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      out += '.*';
      i += 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') out += '(?:';
    else if (c === '}') out += ')';
    else if (c === ',' && glob.lastIndexOf('{', i) > glob.lastIndexOf('}', i)) out += '|';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return `^${out}$`;
}
