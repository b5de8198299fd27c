import picomatch from 'picomatch';
import { classify, describeRole, matchesPackagePattern, packageName, type FileRole } from './classify.js';
import type { IMPORT_MESSAGES, ImportRule } from './messages.js';
import type { ArchitectureModel } from './schema.js';

/** An import the model forbids: which rule, which message, and the message's data. */
export type ImportFinding = {
  [R in ImportRule]: { rule: R; messageId: keyof (typeof IMPORT_MESSAGES)[R]; data: Record<string, string> };
}[ImportRule];

/** One import to judge: who imports, the specifier as written, and the file it resolves to. */
export interface ImportEdge {
  /** Repository-relative path of the importing file. */
  from: string;
  specifier: string;
  /** Repository-relative path of the imported file, or null for a package. */
  to: string | null;
}

/**
 * The one judgement of every import, shared by the ESLint rules and the
 * dependency-cruiser findings, so both say the same thing with the same fix.
 * Returns undefined when the model allows the import.
 */
export function judgeImport(model: ArchitectureModel, edge: ImportEdge): ImportFinding | undefined {
  const from = classify(model, edge.from);
  // The shell may import anything; unplaced files are reported by the layout check instead.
  if (from.kind === 'outside' || from.kind === 'shell' || from.kind === 'unplaced') return undefined;
  const source = describeRole(from);
  if (edge.to === null) {
    const name = packageName(edge.specifier);
    if (name === null || from.kind === 'provider') return undefined;
    const pattern = model.crossCutting.find((p) => matchesPackagePattern(name, p));
    if (!pattern) return undefined;
    return {
      rule: 'providers-only',
      messageId: 'crossCutting',
      data: { source, specifier: edge.specifier, package: name, pattern, providers: `${from.root.path}/${from.root.providers}/` },
    };
  }
  if (isAllowedEdge(model, edge)) return undefined;
  const to = classify(model, edge.to);
  const target = describeRole(to);
  const base = { source, specifier: edge.specifier, target, allowed: allowedImports(model, from, edge.from) };
  if (from.kind === 'util') {
    if (to.kind !== 'domain' && to.kind !== 'provider' && to.kind !== 'shell') return undefined;
    const hint =
      to.kind === 'domain'
        ? `take what you need as a parameter, or move this helper into domain ${to.domain}`
        : 'take what you need as a parameter, or move this helper into a provider';
    return { rule: 'utils-purity', messageId: 'impure', data: { ...base, hint } };
  }
  if (from.kind === 'provider') {
    if (to.kind === 'provider' || to.kind === 'util' || to.kind === 'outside') return undefined;
    if (to.kind === 'domain' && model.sharedLayers.includes(to.layer)) return undefined;
    if (to.kind === 'domain') {
      const hint = `move what the provider needs into ${to.domain}/${model.sharedLayers[0] ?? model.layers[0]} or into the provider itself, and let the domain call the provider`;
      return { rule: 'layers', messageId: 'domainFromProvider', data: { ...base, hint } };
    }
    return targetWithoutPlace(base, to);
  }
  // A domain file.
  if (to.kind === 'util') return undefined;
  if (to.kind === 'provider') {
    if (model.providerLayers.includes(from.layer)) return undefined;
    const hint = `have a layer that may use providers (${model.providerLayers.join(', ')}) pass the value in`;
    return { rule: 'layers', messageId: 'providerFromLayer', data: { ...base, hint } };
  }
  if (to.kind === 'domain') {
    if (to.root.path !== from.root.path) {
      return { rule: 'layers', messageId: 'outsideRoot', data: { ...base, hint: `import ${to.root.path} through its package name, not a relative path` } };
    }
    if (to.domain === from.domain) {
      if (to.layerIndex <= from.layerIndex) return undefined;
      const own = `${from.domain}/${from.layer}`;
      const hint = `move what it needs from ${target} into ${own} or an earlier layer, or let ${target} call ${own} instead`;
      return { rule: 'layers', messageId: 'laterLayer', data: { ...base, hint } };
    }
    if (model.sharedLayers.includes(to.layer)) return undefined;
    const shared = model.sharedLayers[0];
    const hint = [
      shared ? `if it is vocabulary (a type or schema), move it into ${to.domain}/${shared}` : undefined,
      `otherwise expose it through a provider that the shell wires to ${to.domain}`,
      'or, if this edge is deliberate, add it to architecture.allow with its reason',
    ]
      .filter(Boolean)
      .join('; ');
    return { rule: 'cross-domain', messageId: 'otherDomain', data: { ...base, hint } };
  }
  return targetWithoutPlace(base, to);
}

function targetWithoutPlace(base: Record<string, string> & { specifier: string }, to: FileRole): ImportFinding | undefined {
  if (to.kind === 'shell') {
    return { rule: 'layers', messageId: 'shellImport', data: { ...base, hint: 'have the shell pass what you need in, or move the shared code into utils/ or a provider' } };
  }
  if (to.kind === 'unplaced') {
    return { rule: 'layers', messageId: 'unplacedTarget', data: { ...base, hint: `first move the imported file into a domain layer, providers/ or utils/ (${to.reason})` } };
  }
  if (to.kind === 'outside') {
    return { rule: 'layers', messageId: 'outsideRoot', data: { ...base, hint: 'import it through its package name, or move it into this source root' } };
  }
  return undefined;
}

/** What a file of this role may import, computed from the model, as one phrase. */
export function allowedImports(model: ArchitectureModel, role: FileRole, repoPath?: string): string {
  const extra = repoPath ? model.allow.filter((e) => picomatch.isMatch(repoPath, e.from, { dot: true })).map((e) => e.to) : [];
  const plus = extra.length > 0 ? ` (and, by architecture.allow, ${extra.join(', ')})` : '';
  const shared = model.sharedLayers.length > 0 ? `the ${model.sharedLayers.join('/')} of other domains` : undefined;
  switch (role.kind) {
    case 'domain': {
      const own = model.layers.slice(0, role.layerIndex + 1).map((l) => `${role.domain}/${l}`);
      const providers = `${role.root.path}/${role.root.providers}/*`;
      const parts = [...own, shared, model.providerLayers.includes(role.layer) ? providers : undefined, `${role.root.path}/${role.root.utils}/*`].filter(
        (p): p is string => p !== undefined,
      );
      return `${role.layer} in domain ${role.domain} may import ${listPhrase(parts)}${plus}`;
    }
    case 'provider':
      return `${role.root.path}/${role.root.providers}/ may import other providers, ${role.root.path}/${role.root.utils}/*${shared ? ` and ${shared}` : ''}${plus}`;
    case 'util':
      return `${role.root.path}/${role.root.utils}/ may import only other utils and packages${plus}`;
    case 'shell':
      return 'the shell may import anything';
    default:
      return 'only files placed in the model are checked';
  }
}

function listPhrase(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** True when architecture.allow lists this edge. */
export function isAllowedEdge(model: ArchitectureModel, edge: ImportEdge): boolean {
  if (edge.to === null) return false;
  const to = edge.to;
  return model.allow.some((e) => picomatch.isMatch(edge.from, e.from, { dot: true }) && picomatch.isMatch(to, e.to, { dot: true }));
}
