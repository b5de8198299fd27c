import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { sourceFiles } from '../structure/source-files.js';
import type { ArchitectureSettings } from './settings.js';
import { objectShape, zodNames } from './zod.js';

/** One object schema: where it is and what it looks like. */
export interface ShapeSite {
  name: string;
  /** Repository-relative path. */
  file: string;
  line: number;
  /** Its properties and their validators, whitespace removed, sorted: equal shapes have equal fingerprints. */
  fingerprint: string;
  keys: string[];
}

/** A file may define an object schema only if this appears in it. */
export const OBJECT_SCHEMA_TRIGGER = /\.\s*(?:object|strictObject|looseObject)\s*\(/;

/** The object schemas a module declares as `const X = z.object({...})…`. */
export function shapesOf(program: TSESTree.Program, text: string, file: string, minProperties: number): ShapeSite[] {
  const zod = zodNames(program);
  if (zod.size === 0) return [];
  const sites: ShapeSite[] = [];
  const visit = (declarator: TSESTree.VariableDeclarator): void => {
    if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) return;
    const shape = objectShape(declarator.init, zod);
    if (!shape) return;
    const entries: string[] = [];
    for (const property of shape.properties) {
      const value = text.slice(property.range[0], property.range[1]).replace(/\s+/g, '');
      if (property.type === AST_NODE_TYPES.SpreadElement) entries.push(value);
      else if (!property.computed && property.key.type === AST_NODE_TYPES.Identifier) entries.push(`${property.key.name}:${text.slice(property.value.range[0], property.value.range[1]).replace(/\s+/g, '')}`);
      else entries.push(value);
    }
    if (entries.length < minProperties) return;
    entries.sort();
    sites.push({
      name: declarator.id.name,
      file,
      line: declarator.loc.start.line,
      fingerprint: entries.join('\n'),
      keys: entries.map((e) => e.split(':')[0] ?? e),
    });
  };
  for (const statement of program.body) {
    const declaration =
      statement.type === AST_NODE_TYPES.ExportNamedDeclaration && statement.declaration ? statement.declaration : statement;
    if (declaration.type === AST_NODE_TYPES.VariableDeclaration) declaration.declarations.forEach(visit);
  }
  return sites;
}

interface CachedFile {
  mtimeMs: number;
  size: number;
  sites: ShapeSite[];
}

interface Index {
  builtAt: number;
  files: Map<string, CachedFile>;
  byShape: Map<string, ShapeSite[]>;
}

const indexes = new Map<string, Index>();
/** An editor keeps one process for hours: look at the disk again after this long. */
const REFRESH_MS = 5_000;

/**
 * The object schemas of the whole model, by fingerprint. Built once per process and
 * refreshed from the disk at most every few seconds, reparsing only changed files;
 * only files that can hold an object schema are parsed at all.
 */
export function shapeIndex(settings: ArchitectureSettings): Map<string, ShapeSite[]> {
  const key = `${settings.root}\0${JSON.stringify(settings.model.roots)}`;
  const previous = indexes.get(key);
  if (previous && Date.now() - previous.builtAt < REFRESH_MS) return previous.byShape;
  const files = new Map<string, CachedFile>();
  const byShape = new Map<string, ShapeSite[]>();
  const min = settings.model.taste.minSchemaProperties;
  for (const rel of sourceFiles(settings.root, settings.model)) {
    const path = join(settings.root, rel);
    let cached: CachedFile | undefined;
    try {
      const stat = statSync(path);
      const old = previous?.files.get(rel);
      if (old && old.mtimeMs === stat.mtimeMs && old.size === stat.size) cached = old;
      else {
        const text = readFileSync(path, 'utf8');
        let sites: ShapeSite[] = [];
        if (OBJECT_SCHEMA_TRIGGER.test(text)) {
          try {
            sites = shapesOf(parse(text, { loc: true, range: true, jsDocParsingMode: 'none' }), text, rel, min);
          } catch {
            // A file that does not parse is reported by ESLint itself; it has no shapes here.
          }
        }
        cached = { mtimeMs: stat.mtimeMs, size: stat.size, sites };
      }
    } catch {
      continue;
    }
    files.set(rel, cached);
    for (const site of cached.sites) {
      const list = byShape.get(site.fingerprint);
      if (list) list.push(site);
      else byShape.set(site.fingerprint, [site]);
    }
  }
  indexes.set(key, { builtAt: Date.now(), files, byShape });
  return byShape;
}
