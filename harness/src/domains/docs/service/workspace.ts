import { posix } from 'node:path';
import { Minimatch } from 'minimatch';
import type { DocsConfig } from '../config/docs-config.js';
import { existsOnDisk, isDirectoryOnDisk, readRepoFile } from '../repo/files.js';
import { listFiles, renameHistory } from '../repo/git.js';
import { DOC_RULES, ruleDoc, type DocRuleId, type DocViolation } from '../types/violation.js';
import { anchorsOf, scanMarkdown, type ScannedMarkdown } from './markdown.js';

export interface MarkdownFile {
  path: string;
  text: string;
  scanned: ScannedMarkdown;
}

/**
 * The repository as the docs lints see it: one file listing from git, the markdown
 * files read and scanned once, anchors and glob matches computed on demand and cached.
 */
export class DocWorkspace {
  readonly files: readonly string[];
  readonly fileSet: ReadonlySet<string>;
  readonly dirSet: ReadonlySet<string>;
  /** Markdown files the lints check (every tracked or new .md file minus `ignore`). */
  readonly markdown = new Map<string, MarkdownFile>();
  private readonly extraMarkdown = new Map<string, MarkdownFile | null>();
  private readonly anchorCache = new Map<string, Set<string>>();
  private readonly globCache = new Map<string, string[]>();
  private renameCache: Map<string, string> | null = null;
  private readonly linkCache = new Map<string, LinkTarget>();

  constructor(
    readonly root: string,
    readonly config: DocsConfig,
  ) {
    this.files = listFiles(root);
    this.fileSet = new Set(this.files);
    const dirs = new Set<string>(['']);
    for (const f of this.files) {
      for (let d = posix.dirname(f); d !== '.' && !dirs.has(d); d = posix.dirname(d)) dirs.add(d);
    }
    this.dirSet = dirs;
    const ignored = config.ignore.map((g) => new Minimatch(g, { dot: true }));
    for (const path of this.files) {
      if (!path.endsWith('.md') || ignored.some((m) => m.match(path))) continue;
      const text = readRepoFile(root, path);
      if (text !== null) this.markdown.set(path, { path, text, scanned: scanMarkdown(text) });
    }
  }

  /** Markdown files under the docs folder. */
  docsFiles(): MarkdownFile[] {
    const prefix = `${this.config.docsDir}/`;
    return [...this.markdown.values()].filter((m) => m.path.startsWith(prefix));
  }

  exists(path: string): boolean {
    return this.fileSet.has(path) || this.dirSet.has(path) || existsOnDisk(this.root, path);
  }

  isDirectory(path: string): boolean {
    return this.dirSet.has(path) || isDirectoryOnDisk(this.root, path);
  }

  /** A markdown file by path, read on demand when it is outside the checked set. */
  markdownFile(path: string): MarkdownFile | null {
    const known = this.markdown.get(path);
    if (known) return known;
    if (!this.extraMarkdown.has(path)) {
      const text = path.endsWith('.md') ? readRepoFile(this.root, path) : null;
      this.extraMarkdown.set(path, text === null ? null : { path, text, scanned: scanMarkdown(text) });
    }
    return this.extraMarkdown.get(path) ?? null;
  }

  anchors(path: string): Set<string> | null {
    let anchors = this.anchorCache.get(path);
    if (!anchors) {
      const file = this.markdownFile(path);
      if (!file) return null;
      anchors = anchorsOf(file.scanned);
      this.anchorCache.set(path, anchors);
    }
    return anchors;
  }

  /** Repository files matched by a covers entry; a plain folder path means everything in it. */
  match(pattern: string): string[] {
    let matched = this.globCache.get(pattern);
    if (!matched) {
      const isPlain = !/[*?[\]{}]/.test(pattern);
      const glob = isPlain && this.dirSet.has(pattern.replace(/\/$/, '')) ? `${pattern.replace(/\/$/, '')}/**` : pattern;
      const m = new Minimatch(glob, { dot: true });
      matched = this.files.filter((f) => m.match(f));
      this.globCache.set(pattern, matched);
    }
    return matched;
  }

  /** resolveLink, memoised per folder and destination (the same links recur across docs). */
  resolve(fromFile: string, dest: string): LinkTarget {
    if (dest.startsWith('#')) return resolveLink(fromFile, dest);
    const key = `${posix.dirname(fromFile)}\0${dest}`;
    let target = this.linkCache.get(key);
    if (!target) {
      target = resolveLink(fromFile, dest);
      this.linkCache.set(key, target);
    }
    return target;
  }

  /** Where a missing path moved to, following git rename history; null when unknown. */
  movedTo(path: string): string | null {
    this.renameCache ??= renameHistory(this.root);
    let current = path;
    for (let hops = 0; hops < 20; hops++) {
      const next = this.renameCache.get(current);
      if (!next) break;
      current = next;
      if (this.exists(current)) return current;
    }
    return null;
  }
}

/** Builds a violation in the lints' shape: what (with file:line), why, fix, doc link. */
export function violation(
  rule: DocRuleId,
  file: string,
  line: number,
  what: string,
  fix: string,
  extra: Partial<DocViolation> = {},
): DocViolation {
  return { rule, severity: 'error', file, line, where: `${file}:${line}`, what, why: DOC_RULES[rule], fix, doc: ruleDoc(rule), ...extra };
}

/** A link destination split into the repository path it targets and its anchor. */
export type LinkTarget = { kind: 'external' } | { kind: 'local'; path: string; anchor: string | null; escapes: boolean };

export function resolveLink(fromFile: string, dest: string): LinkTarget {
  if (/^[a-z][a-z0-9+.-]*:/i.test(dest) || dest.startsWith('//')) return { kind: 'external' };
  const hash = dest.indexOf('#');
  const rawPath = (hash >= 0 ? dest.slice(0, hash) : dest).replace(/\?.*$/, '');
  const anchor = hash >= 0 ? safeDecode(dest.slice(hash + 1)) : null;
  if (rawPath === '') return { kind: 'local', path: fromFile, anchor, escapes: false };
  const decoded = safeDecode(rawPath);
  const joined = decoded.startsWith('/') ? posix.normalize(decoded.slice(1)) : posix.join(posix.dirname(fromFile), decoded);
  const path = joined.replace(/\/$/, '') || '.';
  const escapes = path === '..' || path.startsWith('../');
  return { kind: 'local', path: path === '.' ? '' : path, anchor, escapes };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The destination to write in `fromFile` to reach repository path `to`. */
export function relativeLink(fromFile: string, to: string): string {
  const rel = posix.relative(posix.dirname(fromFile), to);
  return rel === '' ? posix.basename(to) : rel;
}
