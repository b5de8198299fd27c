import { posix } from 'node:path';
import type { ArchitectureModel, SourceRoot } from './schema.js';

/** What a file is in the model, found from its path alone. */
export type FileRole =
  | { kind: 'domain'; root: SourceRoot; domain: string; layer: string; layerIndex: number }
  | { kind: 'provider'; root: SourceRoot }
  | { kind: 'util'; root: SourceRoot }
  | { kind: 'shell'; root: SourceRoot }
  /** Inside a root but in no place the model knows (a loose file in a domain, an unknown folder). */
  | { kind: 'unplaced'; root: SourceRoot; reason: string }
  /** In no source root at all. */
  | { kind: 'outside' };

/**
 * Classifies a repository-relative path (forward slashes). Classification is by folder
 * only, so `x.js` and `x.ts` land in the same place, which is what an import of a
 * `.js` specifier that TypeScript maps to `.ts` needs.
 */
export function classify(model: ArchitectureModel, repoPath: string): FileRole {
  const root = model.roots.find((r) => repoPath.startsWith(`${r.path}/`));
  if (!root) return { kind: 'outside' };
  const parts = repoPath.slice(root.path.length + 1).split('/');
  const [top, second, third] = parts;
  if (parts.length === 1) return { kind: 'shell', root };
  if (top === root.shell) return { kind: 'shell', root };
  if (top === root.providers) return { kind: 'provider', root };
  if (top === root.utils) return { kind: 'util', root };
  if (top === root.domains) {
    if (parts.length === 2) return { kind: 'unplaced', root, reason: `a file directly in ${root.path}/${root.domains}/, outside any domain` };
    if (parts.length === 3) return { kind: 'unplaced', root, reason: `a file directly in domain ${second}, outside its layers` };
    const layerIndex = model.layers.indexOf(third ?? '');
    if (layerIndex < 0) return { kind: 'unplaced', root, reason: `folder ${second}/${third} is not a layer (${model.layers.join(', ')})` };
    return { kind: 'domain', root, domain: second ?? '', layer: third ?? '', layerIndex };
  }
  return { kind: 'unplaced', root, reason: `folder ${top}/ is none of ${root.domains}/, ${root.providers}/, ${root.utils}/, ${root.shell}/` };
}

/** Short name of a role for messages: `tasks/service`, `providers/`, `the shell`. */
export function describeRole(role: FileRole): string {
  switch (role.kind) {
    case 'domain':
      return `${role.domain}/${role.layer}`;
    case 'provider':
      return `${role.root.path}/${role.root.providers}/`;
    case 'util':
      return `${role.root.path}/${role.root.utils}/`;
    case 'shell':
      return `the shell (${role.root.path}/${role.root.shell}/)`;
    case 'unplaced':
      return `${role.root.path} outside the model`;
    case 'outside':
      return 'a file outside every source root';
  }
}

/** The repository-relative path a relative specifier points at, or null for a package. */
export function resolveSpecifier(fromRepoPath: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  return posix.normalize(posix.join(posix.dirname(fromRepoPath), specifier));
}

/** The npm package a bare specifier names (`@scope/name` or `name`), or null. */
export function packageName(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('#')) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? null);
}

/** Whether a package name matches a crossCutting pattern (`*` matches within a segment and across `/` after a scope). */
export function matchesPackagePattern(name: string, pattern: string): boolean {
  const source = pattern
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(name);
}
